//! The embed-and-index pipeline of pipelines/README.md in Rust with Burn: the model is the ONNX
//! export turned into Burn code and weights by burn-onnx at build time (`model.rs`), run on
//! Burn's pure-Rust `flex` CPU backend; the stages, the workload, the protocol, the store, the
//! tokenizer and pooling come from `rag-core`; `engine.rs` is the pipeline's `Engine`.

pub mod engine;
pub mod model;
