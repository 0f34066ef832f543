//! `rust-pipeline <workload.json>`: runs the pipeline with the tuned BERT encoder; stdout
//! carries protocol events only. A workload whose `job` is `tokenize` runs the tokenizer
//! alone (`tokenize.rs`); every other goes to rag-core's index job.

mod tokenize;

use rust_pipeline::engine::CandleEngine;
use rust_pipeline::model::EncoderKind;
use std::process::ExitCode;

fn main() -> ExitCode {
    rust_pipeline::alloc::keep_freed_memory_for_reuse();
    let engine = CandleEngine {
        encoder: EncoderKind::Tuned,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(workload) = tokenize::requested(&args) {
        return tokenize::main("rust-pipeline", &engine, &workload);
    }
    rag_core::cli::main("rust-pipeline", &engine)
}
