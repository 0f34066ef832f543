//! `rust-langchain-pipeline <workload.json>`: runs the job the workload names (rag-core's index
//! or query job); stdout carries protocol events only.

use rust_langchain_pipeline::engine::LangchainEngine;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    // langchain-rust's FastEmbed takes its batch size when it is built, so the engine needs the
    // workload's `embed_batch_size` before rag-core loads the model. A workload that does not
    // load is left to rag-core, which reports it as the protocol says.
    let embed_batch_size = std::env::args()
        .nth(1)
        .and_then(|path| rag_core::workload::load(Path::new(&path)).ok())
        .map(|workload| workload.embed_batch_size);
    rag_core::cli::main(
        "rust-langchain-pipeline",
        &LangchainEngine::new(embed_batch_size),
    )
}
