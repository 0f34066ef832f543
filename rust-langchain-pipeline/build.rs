//! Records, for the protocol's `ready` event, the compiler version and the versions of the
//! crates that do the work, from this crate's own Cargo.lock (see rag-build-info). The ONNX
//! Runtime library's own version is read from the library at run time.

fn main() {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    rag_build_info::emit(
        crate_dir,
        &[
            "langchain-rust",
            "fastembed",
            "ort",
            "tokenizers",
            "qdrant-client",
        ],
    );
}
