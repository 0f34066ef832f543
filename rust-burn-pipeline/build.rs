//! Turns the model's ONNX export into Burn code and weights (burn-onnx's ModelGen), and records,
//! for the protocol's `ready` event, the compiler version and the versions of the crates that do
//! the work (rag-build-info).
//!
//! The export is `RUST_BURN_ONNX` if set, else the project's `models/all-MiniLM-L6-v2/onnx/
//! model.onnx` (set-up writes it). It is copied into OUT_DIR (the generated file is named after
//! it); its size and sha256 are compiled in, so that the pipeline can refuse a model directory
//! whose export is not the one it was built from.

use burn_onnx::{LoadStrategy, ModelGen};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

fn main() {
    let crate_dir = rag_build_info::crate_dir();
    rag_build_info::emit(
        &crate_dir,
        &["burn", "burn-onnx", "tokenizers", "qdrant-client"],
    );

    println!("cargo:rerun-if-env-changed=RUST_BURN_ONNX");
    let source = std::env::var_os("RUST_BURN_ONNX")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate_dir.join("../models/all-MiniLM-L6-v2/onnx/model.onnx"));
    println!("cargo:rerun-if-changed={}", source.display());
    let bytes = std::fs::read(&source).unwrap_or_else(|e| {
        panic!(
            "cannot read the ONNX export {} ({e}): run set-up (npm run setup) or set RUST_BURN_ONNX",
            source.display()
        )
    });
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=RUST_BURN_ONNX_SHA256={digest}");
    println!("cargo:rustc-env=RUST_BURN_ONNX_BYTES={}", bytes.len());

    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let staged = out_dir.join("onnx").join("minilm.onnx");
    std::fs::create_dir_all(staged.parent().unwrap()).unwrap();
    std::fs::write(&staged, &bytes).unwrap();
    ModelGen::new()
        .input(staged.to_str().unwrap())
        .out_dir("model/")
        .load_strategy(LoadStrategy::Embedded)
        .run_from_script();
}
