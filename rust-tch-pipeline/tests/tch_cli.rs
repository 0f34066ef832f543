//! The binary as the harness runs it: one process per case, stdout protocol, exit code.
//! Bad inputs only this pipeline has (the safetensors weights it reads itself, a config.json
//! they do not match) must end in one `error` event naming what is wrong and a non-zero exit.
//! The contract's bad inputs and full runs are cases of the conformance kit
//! (pipelines/testdata/conformance.json), run against this binary by
//! harness/test/conformance-pipelines.test.ts.

// The same paths as rust-pipeline's tests (both crates sit one level under the repo root).
#[path = "../../rust-pipeline/tests/common/mod.rs"]
mod common;

use common::process::{self, full_workload, model_without, Run};
use common::{model_dir, read_json, repo_root};
use serde_json::json;
use std::path::Path;
use std::process::Command;

/// Runs the binary from the repository root on a full workload over `model`.
fn run_workload(model: &Path) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rust-tch-pipeline"));
    command.current_dir(repo_root());
    process::run_workload(&full_workload(model, "rust_tch_test"), command)
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
