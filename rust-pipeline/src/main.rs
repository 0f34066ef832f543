//! `rust-pipeline <workload.json>`: runs the pipeline; stdout carries protocol events only.

use rust_pipeline::pipeline;
use rust_pipeline::protocol::{Emitter, Failure};
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;

fn main() -> ExitCode {
    rust_pipeline::alloc::keep_freed_memory_for_reuse();
    let emitter = Emitter::new();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload_path] = args.as_slice() else {
        emitter.error(None, "usage: rust-pipeline <workload.json>");
        return ExitCode::from(2);
    };

    // A panic must still end as an `error` event, not a bare backtrace: log it in one line
    // and turn it into a failure below.
    std::panic::set_hook(Box::new(|info| eprintln!("rust-pipeline: {info}")));
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        pipeline::run(std::path::Path::new(workload_path), &emitter)
    }));
    let failure = match outcome {
        Ok(Ok(())) => return ExitCode::SUCCESS,
        Ok(Err(failure)) => failure,
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("unknown panic");
            Failure::new(None, anyhow::anyhow!("internal error: {what}"))
        }
    };
    let message = failure.message();
    eprintln!("rust-pipeline: error: {message}");
    emitter.error(failure.stage, &message);
    ExitCode::FAILURE
}

