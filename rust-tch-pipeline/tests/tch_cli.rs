//! The binary as the harness runs it: one process per case, stdout protocol, exit code.
//! Bad inputs only this pipeline has (the safetensors weights it reads itself, a config.json
//! they do not match) must end in one `error` event naming what is wrong and a non-zero exit.
//! The contract's bad inputs and full runs are cases of the conformance kit
//! (pipelines/testdata/conformance.json), run against this binary by
//! harness/test/conformance-pipelines.test.ts.

// The same paths as rust-pipeline's tests (both crates sit one level under the repo root).
#[path = "../../rust-pipeline/tests/common/mod.rs"]
mod common;

use common::{model_dir, read_json, repo_root, testdata};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

struct Run {
    events: Vec<Value>,
    code: i32,
    stderr: String,
}

impl Run {
    /// The final `error` event's stage (`"null"` when none) and message.
    fn error(&self) -> (String, String) {
        let last = self.events.last().expect("no events on stdout");
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

/// A port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A valid full-mode workload over the test corpus, against a Qdrant that is not there: every
/// case below fails before the store is reached, or at it.
fn run_workload(model: &Path) -> Run {
    let port = closed_port();
    let workload = json!({
        "corpus": {"dir": testdata().join("corpus"), "files": read_json(testdata().join("expected_chunks.json"))["files"]},
        "chunking": {"chunk_size": 200, "chunk_overlap": 40, "separators": ["\n\n", "\n", " ", ""]},
        "model": {"dir": model},
        "embed_batch_size": 8, "upsert_batch_size": 16, "threads": 2,
        "qdrant": {"url": format!("http://127.0.0.1:{port}"), "grpc_url": format!("http://127.0.0.1:{port}"), "collection": "rust_tch_test"},
        "mode": "full"
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workload.json");
    std::fs::write(&path, workload.to_string()).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_rust-tch-pipeline"))
        .arg(&path)
        .current_dir(repo_root())
        .output()
        .expect("cannot start rust-tch-pipeline");
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

/// A model directory with every file of the real one linked in, except `replaced` (written by
/// the caller, if at all).
fn model_without(replaced: &str) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(model_dir()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != replaced {
            std::os::unix::fs::symlink(entry.path(), copy.path().join(entry.file_name())).unwrap();
        }
    }
    copy
}

#[test]
fn missing_weights_are_named() {
    let model = model_without("model.safetensors");
    let (stage, message) = run_workload(model.path()).error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("missing file"), "{message}");
    assert!(message.contains("model.safetensors"), "{message}");
}

#[test]
fn truncated_weights_are_reported() {
    let model = model_without("model.safetensors");
    let real = std::fs::read(model_dir().join("model.safetensors")).unwrap();
    let weights = model.path().join("model.safetensors");
    std::fs::write(&weights, &real[..real.len() / 2]).unwrap();
    let (stage, message) = run_workload(model.path()).error();
    assert_eq!(stage, "model_load");
    assert!(
        message.contains(&format!("cannot load {}", weights.display())),
        "{message}"
    );
}

/// A config.json that asks for one layer more than the file holds: the missing tensor is named.
#[test]
fn weights_that_do_not_match_config_are_named() {
    let model = model_without("config.json");
    let mut config = read_json(model_dir().join("config.json"));
    let layers = config["num_hidden_layers"].as_u64().unwrap();
    config["num_hidden_layers"] = json!(layers + 1);
    std::fs::write(model.path().join("config.json"), config.to_string()).unwrap();
    let (stage, message) = run_workload(model.path()).error();
    assert_eq!(stage, "model_load");
    assert!(
        message.contains("does not hold the BERT weights"),
        "{message}"
    );
    assert!(
        message.contains(&format!("encoder.layer.{layers}.")),
        "{message}"
    );
}

/// The `ready` event names the pipeline and the libtorch it links: the venv's torch.
#[test]
fn ready_names_the_linked_libtorch() {
    let run = run_workload(&model_dir());
    let ready = &run.events[0];
    assert_eq!(ready["event"], "ready", "{:?}\n{}", run.events, run.stderr);
    assert_eq!(ready["pipeline"], "rust-libtorch");
    assert_eq!(ready["threads"], 2);
    assert_eq!(ready["libraries"]["tch"], "0.26.0");
    let libtorch = ready["libraries"]["libtorch"].as_str().unwrap();
    assert!(libtorch.starts_with("2."), "libtorch version {libtorch:?}");
    // The store is not there: the run then fails in upsert, after the model loaded.
    let (stage, _) = run.error();
    assert_eq!(stage, "upsert");
}
