//! The binary as the harness runs it: one process per case, stdout protocol, exit code.
//! Bad inputs only this pipeline has (the ONNX Runtime library, the ONNX export) must end in
//! one `error` event naming what is wrong and a non-zero exit. The contract's bad inputs and
//! full runs are cases of the conformance kit (pipelines/testdata/conformance.json), run
//! against this binary by harness/test/conformance-pipelines.test.ts.

mod common;

use common::onnx_cases::{onnx_bad_input_tests, OnnxPipeline};
use common::{model_dir, repo_root};
use serde_json::json;

const PIPELINE: OnnxPipeline = OnnxPipeline {
    exe: env!("CARGO_BIN_EXE_rust-ort-pipeline"),
    collection: "rust_ort_test",
};

onnx_bad_input_tests!(PIPELINE);

/// Without ORT_DYLIB_PATH, from a directory with no node_modules above it: the message names
/// the path where the library was expected, before `ready`, in stub mode too.
#[test]
fn missing_library_names_the_expected_path() {
    let elsewhere = tempfile::tempdir().unwrap();
    let mut workload = PIPELINE.workload(&model_dir());
    workload["mode"] = json!("stub");
    let run = PIPELINE.run(&workload, elsewhere.path(), None);
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
fn ort_dylib_path_to_a_file_that_is_no_library_is_named() {
    let not_a_library = model_dir().join("tokenizer.json");
    let (stage, message) = PIPELINE
        .run(
            &PIPELINE.workload(&model_dir()),
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

/// The `ready` event names the library actually loaded, found as the harness finds it, and the
/// `ort` crate that binds it.
#[test]
fn ready_names_the_loaded_onnx_runtime() {
    let ready = PIPELINE.ready_event("rust-onnxruntime");
    assert!(ready["libraries"]["ort"]
        .as_str()
        .unwrap()
        .starts_with("2.0.0"));
}
