//! `rust-tch-pipeline <workload.json>`: runs the job the workload names (rag-core's index or
//! query job); stdout carries protocol events only.

use std::process::ExitCode;

fn main() -> ExitCode {
    rag_core::cli::main("rust-tch-pipeline", &rust_tch_pipeline::engine::TchEngine)
}
