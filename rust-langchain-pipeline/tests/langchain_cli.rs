//! The binary as the harness runs it: one process per case, stdout protocol, exit code.
//! Bad inputs only this pipeline has (the ONNX Runtime library, the files fastembed reads, a
//! model fastembed cannot run as the contract says) must end in one `error` event naming what is
//! wrong and a non-zero exit. The contract's bad inputs and full runs are cases of the
//! conformance kit (pipelines/testdata/conformance.json), run against this binary by
//! harness/test/conformance-pipelines.test.ts.

// The same paths as rust-pipeline's tests (both crates sit one level under the repo root).
#[path = "../../rust-pipeline/tests/common/mod.rs"]
mod common;

use common::process::{self, full_workload, model_without, Run};
use common::{model_dir, read_json, repo_root};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// Runs the binary from `cwd` on `workload`, with `ORT_DYLIB_PATH` set to `dylib` (or unset).
fn run_workload(workload: &Value, cwd: &Path, dylib: Option<&Path>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rust-langchain-pipeline"));
    command.current_dir(cwd);
    match dylib {
        Some(path) => command.env("ORT_DYLIB_PATH", path),
        None => command.env_remove("ORT_DYLIB_PATH"),
    };
    process::run_workload(workload, command)
}

fn base_workload(model: &Path) -> Value {
    full_workload(model, "rust_langchain_test")
}

#[test]
fn missing_onnx_export_is_named() {
    let model = model_without("onnx");
    std::fs::create_dir(model.path().join("onnx")).unwrap();
    let (stage, message) = run_workload(&base_workload(model.path()), &repo_root(), None).error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("onnx/model.onnx"), "{message}");
}

#[test]
fn corrupt_onnx_export_is_reported() {
    let model = model_without("onnx");
    std::fs::create_dir(model.path().join("onnx")).unwrap();
    let real = std::fs::read(model_dir().join("onnx/model.onnx")).unwrap();
    let onnx = model.path().join("onnx/model.onnx");
    std::fs::write(&onnx, &real[..real.len() / 2]).unwrap();
    let (stage, message) = run_workload(&base_workload(model.path()), &repo_root(), None).error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("cannot load ONNX model"), "{message}");
    assert!(message.contains(onnx.to_str().unwrap()), "{message}");
}

/// fastembed's user-defined model reads tokenizer files the other Rust pipelines do not.
#[test]
fn missing_tokenizer_config_is_named() {
    let model = model_without("tokenizer_config.json");
    let (stage, message) = run_workload(&base_workload(model.path()), &repo_root(), None).error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("tokenizer_config.json"), "{message}");
}

/// fastembed always L2-normalises: a model without a Normalize module is refused, not embedded
/// differently from what sentence-transformers would do.
#[test]
fn model_without_normalize_is_refused() {
    let model = model_without("modules.json");
    let modules: Vec<Value> = read_json(model_dir().join("modules.json"))
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| !m["type"].as_str().unwrap().ends_with(".Normalize"))
        .cloned()
        .collect();
    std::fs::write(
        model.path().join("modules.json"),
        json!(modules).to_string(),
    )
    .unwrap();
    let (stage, message) = run_workload(&base_workload(model.path()), &repo_root(), None).error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("Normalize"), "{message}");
    assert!(message.contains("modules.json"), "{message}");
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

/// The workload is read once before rag-core runs (for FastEmbed's batch size): a workload
/// that does not load still ends as rag-core's one `error` event.
#[test]
fn invalid_workload_is_one_error_event() {
    let mut workload = base_workload(&model_dir());
    workload["embed_batch_size"] = json!(0);
    let run = run_workload(&workload, &repo_root(), None);
    let (stage, message) = run.error();
    assert_eq!(stage, "null");
    assert_eq!(run.events.len(), 1, "{:?}", run.events);
    assert!(message.contains("embed_batch_size"), "{message}");
}

/// The `ready` event names the library actually loaded, found from the crate's directory
/// (a parent holds node_modules), as the harness finds it from the repository root, and the
/// langchain-rust and fastembed versions that run it.
#[test]
fn ready_names_the_loaded_onnx_runtime_and_langchain_rust() {
    let run = run_workload(
        &base_workload(&model_dir()),
        Path::new(env!("CARGO_MANIFEST_DIR")),
        None,
    );
    let ready = &run.events[0];
    assert_eq!(ready["event"], "ready", "{:?}\n{}", run.events, run.stderr);
    assert_eq!(ready["pipeline"], "rust-langchain-fastembed");
    assert_eq!(ready["threads"], 2);
    let package: Value = read_json(repo_root().join("node_modules/onnxruntime-node/package.json"));
    assert_eq!(ready["libraries"]["onnxruntime"], package["version"]);
    assert_eq!(ready["libraries"]["langchain-rust"], "7.0.0");
    assert_eq!(ready["libraries"]["fastembed"], "7.7.0");
    // The store is not there: the run then fails in upsert, after the model loaded.
    let (stage, _) = run.error();
    assert_eq!(stage, "upsert");
}
