//! Records, for the protocol's `ready` event, the compiler version and the versions of the
//! libraries that do the work (see rag-build-info).

fn main() {
    let workspace = rag_build_info::crate_dir().join("..");
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
