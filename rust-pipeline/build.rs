//! Records, for the protocol's `ready` event, the compiler version and the versions of the
//! libraries that do the work (see rag-build-info).

fn main() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    rag_build_info::emit(
        &workspace,
        &[
            "candle-core",
            "candle-transformers",
            "tokenizers",
            "qdrant-client",
        ],
    );
}
