//! The binary as the harness runs it: one process per case, stdout protocol, exit code.
//! Bad inputs only this pipeline has (the ONNX Runtime library, the ONNX export) must end in
//! one `error` event naming what is wrong and a non-zero exit. The contract's bad inputs and
//! full runs are cases of the conformance kit (pipelines/testdata/conformance.json), run
//! against this binary by harness/test/conformance-pipelines.test.ts.

mod common;

use common::process::{self, full_workload, model_without, Run};
use common::{model_dir, read_json, repo_root};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// Runs the binary from `cwd` on `workload`, with `ORT_DYLIB_PATH` set to `dylib` (or unset).
fn run_workload(workload: &Value, cwd: &Path, dylib: Option<&Path>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rust-ort-pipeline"));
    command.current_dir(cwd);
    match dylib {
        Some(path) => command.env("ORT_DYLIB_PATH", path),
        None => command.env_remove("ORT_DYLIB_PATH"),
    };
    process::run_workload(workload, command)
}

fn base_workload(model: &Path) -> Value {
    full_workload(model, "rust_ort_test")
}

/// The real model with an empty `onnx/` directory (the export written by the caller, if at all).
fn model_without_onnx() -> tempfile::TempDir {
    let model = model_without("onnx");
    std::fs::create_dir(model.path().join("onnx")).unwrap();
    model
}

#[test]
fn missing_onnx_export_is_named() {
    let model = model_without_onnx();
    let (stage, message) = run_workload(&base_workload(model.path()), &repo_root(), None).error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("onnx/model.onnx"), "{message}");
}

#[test]
fn corrupt_onnx_export_is_reported() {
    let model = model_without_onnx();
    let real = std::fs::read(model_dir().join("onnx/model.onnx")).unwrap();
    let onnx = model.path().join("onnx/model.onnx");
    std::fs::write(&onnx, &real[..real.len() / 2]).unwrap();
    let (stage, message) = run_workload(&base_workload(model.path()), &repo_root(), None).error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("cannot load ONNX model"), "{message}");
    assert!(message.contains(onnx.to_str().unwrap()), "{message}");
}

/// Without ORT_DYLIB_PATH, from a directory with no node_modules above it: the message names
/// the path where the library was expected, before `ready`, in stub mode too.
#[test]
fn missing_library_names_the_expected_path() {
    let elsewhere = tempfile::tempdir().unwrap();
    let mut workload = base_workload(&model_dir());
    workload["mode"] = json!("stub");
    let run = run_workload(&workload, elsewhere.path(), None);
    let (stage, message) = run.error();
    assert_eq!(stage, "null");
    assert_eq!(
        run.events.len(),
        1,
        "no ready before the error: {:?}",
        run.events
    );
    let expected = elsewhere
        .path()
        .join("node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1");
    assert!(message.contains(expected.to_str().unwrap()), "{message}");
    assert!(message.contains("ORT_DYLIB_PATH"), "{message}");
}

#[test]
fn ort_dylib_path_to_nothing_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("libonnxruntime.so.1");
    let (stage, message) =
        run_workload(&base_workload(&model_dir()), &repo_root(), Some(&missing)).error();
    assert_eq!(stage, "null");
    assert!(message.contains("ORT_DYLIB_PATH"), "{message}");
    assert!(message.contains(missing.to_str().unwrap()), "{message}");
}

#[test]
fn ort_dylib_path_to_a_file_that_is_no_library_is_named() {
    let not_a_library = model_dir().join("tokenizer.json");
    let (stage, message) = run_workload(
        &base_workload(&model_dir()),
        &repo_root(),
        Some(&not_a_library),
    )
    .error();
    assert_eq!(stage, "null");
    assert!(message.contains("ONNX Runtime"), "{message}");
    assert!(
        message.contains(not_a_library.to_str().unwrap()),
        "{message}"
    );
}

/// The `ready` event names the library actually loaded, found from the crate's directory
/// (a parent holds node_modules), as the harness finds it from the repository root.
#[test]
fn ready_names_the_loaded_onnx_runtime() {
    let run = run_workload(
        &base_workload(&model_dir()),
        Path::new(env!("CARGO_MANIFEST_DIR")),
        None,
    );
    let ready = &run.events[0];
    assert_eq!(ready["event"], "ready", "{:?}\n{}", run.events, run.stderr);
    assert_eq!(ready["pipeline"], "rust-onnxruntime");
    assert_eq!(ready["threads"], 2);
    let package: Value = read_json(repo_root().join("node_modules/onnxruntime-node/package.json"));
    assert_eq!(ready["libraries"]["onnxruntime"], package["version"]);
    assert!(ready["libraries"]["ort"]
        .as_str()
        .unwrap()
        .starts_with("2.0.0"));
    // The store is not there: the run then fails in upsert, after the model loaded.
    let (stage, _) = run.error();
    assert_eq!(stage, "upsert");
}
