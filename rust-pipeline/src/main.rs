//! `rust-pipeline <workload.json>`: runs the pipeline with the tuned BERT encoder; stdout
//! carries protocol events only. rag-core's `cli` runs the job the workload names: its index
//! and query jobs, or this binary's own tokenize job (`tokenize.rs`, the tokenizer alone).

mod tokenize;

use rag_core::cli::OwnJob;
use rag_core::workload::Job;
use rust_pipeline::engine::CandleEngine;
use rust_pipeline::model::EncoderKind;
use std::process::ExitCode;

fn main() -> ExitCode {
    rust_pipeline::alloc::keep_freed_memory_for_reuse();
    let engine = CandleEngine {
        encoder: EncoderKind::Tuned,
    };
    let tokenize = OwnJob {
        job: Job::Tokenize,
        main: tokenize::main,
    };
    rag_core::cli::main_with("rust-pipeline", &engine, &[tokenize])
}
