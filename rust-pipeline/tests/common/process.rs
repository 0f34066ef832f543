//! A pipeline binary run as the harness runs it: one process per case, its stdout protocol
//! lines, its exit code. Shared by the Rust pipelines' CLI tests (rust-ort, rust-tch and
//! rust-langchain include this directory through `#[path]`).

use super::{model_dir, read_json, testdata};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// One finished process: its protocol events, exit code and stderr.
pub struct Run {
    pub events: Vec<Value>,
    pub code: i32,
    pub stderr: String,
}

impl Run {
    pub fn last(&self) -> &Value {
        self.events.last().expect("no events on stdout")
    }

    /// The final `error` event's stage (`"null"` when none) and message.
    pub fn error(&self) -> (String, String) {
        let last = self.last();
        assert_eq!(
            last["event"], "error",
            "expected an error, got {:?}\nstderr: {}",
            self.events, self.stderr
        );
        assert_ne!(self.code, 0, "an error must exit non-zero");
        (
            last["stage"].as_str().unwrap_or("null").to_string(),
            last["message"].as_str().unwrap().to_string(),
        )
    }
}

/// Runs `command` to its end; every stdout line must be a JSON protocol event.
pub fn run(mut command: Command) -> Run {
    let program = command.get_program().to_string_lossy().into_owned();
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
    let events = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l)
                .unwrap_or_else(|_| panic!("not a JSON line on stdout: {l:?}"))
        })
        .collect();
    Run {
        events,
        code: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into(),
    }
}

/// Writes `workload` to a temporary file and runs `command` with its path as the argument.
pub fn run_workload(workload: &Value, mut command: Command) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workload.json");
    std::fs::write(&path, workload.to_string()).unwrap();
    command.arg(&path);
    run(command)
}

/// A port nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A valid full-mode workload over the test corpus with the model in `model`, against a Qdrant
/// that is not there: a case fails before the store is reached, or at it.
pub fn full_workload(model: &Path, collection: &str) -> Value {
    let port = closed_port();
    json!({
        "corpus": {"dir": testdata().join("corpus"), "files": read_json(testdata().join("expected_chunks.json"))["files"]},
        "chunking": {"chunk_size": 200, "chunk_overlap": 40, "separators": ["\n\n", "\n", " ", ""]},
        "model": {"dir": model},
        "embed_batch_size": 8, "upsert_batch_size": 16, "threads": 2,
        "qdrant": {"url": format!("http://127.0.0.1:{port}"), "grpc_url": format!("http://127.0.0.1:{port}"), "collection": collection},
        "mode": "full"
    })
}

/// A model directory with every file of the real one linked in, except `left_out` (written by
/// the caller, if at all).
pub fn model_without(left_out: &str) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(model_dir()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != left_out {
            std::os::unix::fs::symlink(entry.path(), copy.path().join(entry.file_name())).unwrap();
        }
    }
    copy
}
