//! Paths shared by the integration tests.
#![allow(dead_code)]

/// Bad inputs of every pipeline on ONNX Runtime (rust-ort, rust-langchain).
pub mod onnx_cases;
/// Running the binary as the harness does: rust-pipeline's, on this crate's paths.
#[path = "../../../rust-pipeline/tests/common/process.rs"]
pub mod process;
/// The contract's reference vectors and checks: rust-pipeline's.
#[path = "../../../rust-pipeline/tests/common/vectors.rs"]
pub mod vectors;

use std::path::PathBuf;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn testdata() -> PathBuf {
    repo_root().join("pipelines/testdata")
}

/// The model directory set-up materialises (with its ONNX export); `RAG_BENCH_MODEL_DIR`
/// overrides it.
pub fn model_dir() -> PathBuf {
    let dir = std::env::var_os("RAG_BENCH_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("models/all-MiniLM-L6-v2"));
    assert!(
        dir.join("onnx/model.onnx").is_file(),
        "model not found in {} - run the project's set-up (or set RAG_BENCH_MODEL_DIR)",
        dir.display()
    );
    dir
}

pub fn read_json(path: PathBuf) -> serde_json::Value {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}
