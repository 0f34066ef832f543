//! Records, for the protocol's `ready` event, the compiler version and the versions of the
//! crates that do the work, from this crate's own Cargo.lock (see rag-build-info). The ONNX
//! Runtime library's own version is read from the library at run time.

fn main() {
    rag_build_info::emit(
        &rag_build_info::crate_dir(),
        &[
            "langchain-rust",
            "fastembed",
            "ort",
            "tokenizers",
            "qdrant-client",
        ],
    );
}
