//! The binary as the harness runs it: one process per case, stdout protocol, exit code.
//! Bad inputs only this pipeline has (an ONNX export other than the one compiled in) must end in
//! one `error` event naming what is wrong and a non-zero exit. The contract's bad inputs and
//! full runs are cases of the conformance kit (pipelines/testdata/conformance.json), run against
//! this binary by `npm run conformance`.

// The same paths as rust-pipeline's tests (both crates sit one level under the repo root).
#[path = "../../rust-pipeline/tests/common/mod.rs"]
mod common;

use common::process::{self, full_workload, model_without, Run};
use common::{model_dir, repo_root};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn run_workload(workload: &Value) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rust-burn-pipeline"));
    command.current_dir(repo_root());
    process::run_workload(workload, command)
}

fn base_workload(model: &Path) -> Value {
    full_workload(model, "rust_burn_test")
}

#[test]
fn missing_onnx_export_is_named() {
    let model = model_without("onnx");
    std::fs::create_dir(model.path().join("onnx")).unwrap();
    let (stage, message) = run_workload(&base_workload(model.path())).error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("onnx/model.onnx"), "{message}");
}

/// The graph and weights are compiled in: another export (here a truncated copy) is refused
/// rather than silently embedded with the built-in model.
#[test]
fn other_onnx_export_is_refused() {
    let model = model_without("onnx");
    std::fs::create_dir(model.path().join("onnx")).unwrap();
    let real = std::fs::read(model_dir().join("onnx/model.onnx")).unwrap();
    let onnx = model.path().join("onnx/model.onnx");
    std::fs::write(&onnx, &real[..real.len() / 2]).unwrap();
    let (stage, message) = run_workload(&base_workload(model.path())).error();
    assert_eq!(stage, "model_load");
    assert!(
        message.contains("not the export this binary was built from"),
        "{message}"
    );
    assert!(message.contains("RUST_BURN_ONNX"), "{message}");
    assert!(message.contains(onnx.to_str().unwrap()), "{message}");
}

/// The `ready` event names Burn and burn-onnx, the crates that run the model.
#[test]
fn ready_names_burn() {
    let run = run_workload(&base_workload(&model_dir()));
    let ready = &run.events[0];
    assert_eq!(ready["event"], "ready", "{:?}\n{}", run.events, run.stderr);
    assert_eq!(ready["pipeline"], "rust-burn-flex");
    assert_eq!(ready["threads"], 2);
    assert_eq!(ready["libraries"]["burn"], "0.22.1");
    assert_eq!(ready["libraries"]["burn-onnx"], "0.22.0");
    // The store is not there: the run then fails in upsert, after the model loaded.
    let (stage, _) = run.error();
    assert_eq!(stage, "upsert");
}
