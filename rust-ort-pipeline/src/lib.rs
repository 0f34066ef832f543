//! The embed-and-index pipeline of pipelines/README.md in Rust with ONNX Runtime: the stages,
//! the workload, the protocol, the store, the tokenizer and pooling come from `rag-core`; this
//! crate finds and loads the ONNX Runtime library (`runtime.rs`), runs the ONNX export of the
//! model on it (`model.rs`) and is the pipeline's `Engine` (`engine.rs`).

pub mod engine;
pub mod model;
pub mod runtime;
