//! `rust-pipeline-stock <workload.json>`: the same pipeline with candle-transformers' stock
//! `BertModel`, the `rust-candle-stock` variant that shows what the tuned encoder buys. A
//! binary of its own because `rag_core::cli` takes the workload path as its only argument.

use rust_pipeline::engine::CandleEngine;
use rust_pipeline::model::EncoderKind;
use std::process::ExitCode;

fn main() -> ExitCode {
    rust_pipeline::alloc::keep_freed_memory_for_reuse();
    let engine = CandleEngine {
        encoder: EncoderKind::Stock,
    };
    rag_core::cli::main("rust-pipeline-stock", &engine)
}
