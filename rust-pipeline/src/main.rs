//! `rust-pipeline <workload.json>`: runs the pipeline; stdout carries protocol events only.

use std::process::ExitCode;

fn main() -> ExitCode {
    rust_pipeline::alloc::keep_freed_memory_for_reuse();
    rag_core::cli::main("rust-pipeline", &rust_pipeline::engine::CandleEngine)
}
