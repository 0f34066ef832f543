//! `rust-pipeline <workload.json>`: runs the pipeline with the tuned BERT encoder; stdout
//! carries protocol events only.

use rust_pipeline::engine::CandleEngine;
use rust_pipeline::model::EncoderKind;
use std::process::ExitCode;

fn main() -> ExitCode {
    rust_pipeline::alloc::keep_freed_memory_for_reuse();
    let engine = CandleEngine {
        encoder: EncoderKind::Tuned,
    };
    rag_core::cli::main("rust-pipeline", &engine)
}
