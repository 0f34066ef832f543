//! `rust-burn-pipeline <workload.json>`: runs the job the workload names (rag-core's index or
//! query job); stdout carries protocol events only.

use std::process::ExitCode;

fn main() -> ExitCode {
    rag_core::cli::main(
        "rust-burn-pipeline",
        &rust_burn_pipeline::engine::BurnEngine::new(),
    )
}
