//! The binary as the harness runs it: one process per case, stdout protocol, exit code.
//! Bad inputs only this pipeline has (the ONNX Runtime library, the files fastembed reads, a
//! model fastembed cannot run as the contract says) must end in one `error` event naming what is
//! wrong and a non-zero exit. The contract's bad inputs and full runs are cases of the
//! conformance kit (pipelines/testdata/conformance.json), run against this binary by
//! harness/test/conformance-pipelines.test.ts.

// rust-ort's test helpers (both crates sit one level under the repo root, and both run the
// ONNX export on the same library), with its bad-input cases of the library and the export.
#[path = "../../rust-ort-pipeline/tests/common/mod.rs"]
mod common;

use common::onnx_cases::{onnx_bad_input_tests, OnnxPipeline};
use common::process::model_without;
use common::{model_dir, read_json, repo_root};
use serde_json::{json, Value};

const PIPELINE: OnnxPipeline = OnnxPipeline {
    exe: env!("CARGO_BIN_EXE_rust-langchain-pipeline"),
    collection: "rust_langchain_test",
};

onnx_bad_input_tests!(PIPELINE);

/// fastembed's user-defined model reads tokenizer files the other Rust pipelines do not.
#[test]
fn missing_tokenizer_config_is_named() {
    let model = model_without("tokenizer_config.json");
    let (stage, message) = PIPELINE
        .run(&PIPELINE.workload(model.path()), &repo_root(), None)
        .error();
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
    let (stage, message) = PIPELINE
        .run(&PIPELINE.workload(model.path()), &repo_root(), None)
        .error();
    assert_eq!(stage, "model_load");
    assert!(message.contains("Normalize"), "{message}");
    assert!(message.contains("modules.json"), "{message}");
}

/// The workload is read once before rag-core runs (for FastEmbed's batch size): a workload
/// that does not load still ends as rag-core's one `error` event.
#[test]
fn invalid_workload_is_one_error_event() {
    let mut workload = PIPELINE.workload(&model_dir());
    workload["embed_batch_size"] = json!(0);
    let run = PIPELINE.run(&workload, &repo_root(), None);
    let (stage, message) = run.error();
    assert_eq!(stage, "null");
    assert_eq!(run.events.len(), 1, "{:?}", run.events);
    assert!(message.contains("embed_batch_size"), "{message}");
}

/// The `ready` event names the library actually loaded, found as the harness finds it, and the
/// langchain-rust and fastembed versions that run it.
#[test]
fn ready_names_the_loaded_onnx_runtime_and_langchain_rust() {
    let ready = PIPELINE.ready_event("rust-langchain-fastembed");
    assert_eq!(ready["libraries"]["langchain-rust"], "7.0.0");
    assert_eq!(ready["libraries"]["fastembed"], "7.7.0");
}
