//! The `main` of every Rust pipeline binary: `<binary> <workload.json>`, stdout carrying
//! protocol events only, every failure (a panic too) ending as one `error` event and a
//! non-zero exit.

use crate::pipeline;
use crate::protocol::{Emitter, Failure};
use crate::Engine;
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;

/// Runs the pipeline of `engine` on the workload named by the command line. `binary` is the
/// program's name, used in the usage line and as the prefix of stderr logs.
pub fn main<E: Engine>(binary: &'static str, engine: &E) -> ExitCode {
    let emitter = Emitter::new();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload_path] = args.as_slice() else {
        emitter.error(None, &format!("usage: {binary} <workload.json>"));
        return ExitCode::from(2);
    };

    // A panic must still end as an `error` event, not a bare backtrace: log it in one line
    // and turn it into a failure below.
    std::panic::set_hook(Box::new(move |info| eprintln!("{binary}: {info}")));
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        pipeline::run(engine, std::path::Path::new(workload_path), &emitter)
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
    eprintln!("{binary}: error: {message}");
    emitter.error(failure.stage, &message);
    ExitCode::FAILURE
}
