//! Records, for the protocol's `ready` event, the compiler version and the versions of the
//! crates that do the work (see rag-build-info). The ONNX Runtime library's own version is
//! read from the library at run time.

fn main() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    rag_build_info::emit(&workspace, &["ort", "tokenizers", "qdrant-client"]);
}
