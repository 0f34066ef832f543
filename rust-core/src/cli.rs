//! The `main` of every Rust pipeline binary: `<binary> <workload.json>`, stdout carrying
//! protocol events only, every failure (a panic too) ending as one `error` event and a
//! non-zero exit. The one place a Rust binary picks its job from the workload's `job`.

use crate::protocol::{Emitter, Failure};
use crate::workload::{self, Job};
use crate::{pipeline, query, Engine};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::process::ExitCode;

/// A job a binary implements itself, beyond rag-core's index and query jobs (rust-pipeline's
/// tokenize job): given the binary's name, the engine and the workload path, it speaks the
/// protocol and ends the process its own way.
pub struct OwnJob<E> {
    pub job: Job,
    pub main: fn(&'static str, &E, &Path) -> ExitCode,
}

/// Runs the job the workload names with `engine`: index or query. `binary` is the program's
/// name, used in the usage line, as the prefix of stderr logs, and in the error of a job it
/// does not implement.
pub fn main<E: Engine>(binary: &'static str, engine: &E) -> ExitCode {
    main_with(binary, engine, &[])
}

/// [`main`], with the jobs the binary brings itself.
pub fn main_with<E: Engine>(binary: &'static str, engine: &E, own: &[OwnJob<E>]) -> ExitCode {
    let emitter = Emitter::new();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload_path] = args.as_slice() else {
        emitter.error(None, &format!("usage: {binary} <workload.json>"));
        return ExitCode::from(2);
    };
    let workload_path = Path::new(workload_path);

    // A panic must still end as an `error` event, not a bare backtrace: log it in one line
    // and turn it into a failure below.
    std::panic::set_hook(Box::new(move |info| eprintln!("{binary}: {info}")));
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        run_job(binary, engine, workload_path, own, &emitter)
    }));
    let failure = match outcome {
        Ok(Ok(None)) => return ExitCode::SUCCESS,
        Ok(Ok(Some(own_job))) => return (own_job.main)(binary, engine, workload_path),
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

/// Validates the workload and runs its job; a job of the binary's own is handed back to run
/// outside (it sets up its own protocol and panic handling).
fn run_job<'a, E: Engine>(
    binary: &str,
    engine: &E,
    workload_path: &Path,
    own: &'a [OwnJob<E>],
    emitter: &Emitter,
) -> Result<Option<&'a OwnJob<E>>, Failure> {
    let workload = workload::load(workload_path).map_err(|e| Failure::new(None, e))?;
    match workload.job {
        Job::Index => pipeline::run(engine, &workload, emitter).map(|()| None),
        Job::Query => query::run(engine, &workload, emitter).map(|()| None),
        other => match own.iter().find(|j| j.job == other) {
            Some(own_job) => Ok(Some(own_job)),
            None => Err(Failure::new(
                None,
                anyhow::anyhow!(
                    "workload: job {:?} is not implemented by {binary}",
                    other.name()
                ),
            )),
        },
    }
}
