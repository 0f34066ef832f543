//! `rust-ort-pipeline <workload.json>`: runs the pipeline; stdout carries protocol events only.

use std::process::ExitCode;

fn main() -> ExitCode {
    rag_core::cli::main(
        "rust-ort-pipeline",
        &rust_ort_pipeline::engine::OrtEngine::new(),
    )
}
