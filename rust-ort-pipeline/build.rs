//! Records, for the protocol's `ready` event, the compiler version and the versions of the
//! crates that do the work (see rag-build-info). The ONNX Runtime library's own version is
//! read from the library at run time.

fn main() {
    let workspace = rag_build_info::crate_dir().join("..");
    rag_build_info::emit(&workspace, &["ort", "tokenizers", "qdrant-client"]);
}
