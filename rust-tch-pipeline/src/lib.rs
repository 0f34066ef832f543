//! The embed-and-index pipeline of pipelines/README.md in Rust on libtorch: the stages, the
//! workload, the protocol, the store, the tokenizer and pooling come from `rag-core`; this
//! crate runs BERT over `tch` tensors (`bert.rs`) on the libtorch of the Python pipeline's
//! torch wheel, as the sentence-transformers model (`model.rs`), and is the pipeline's
//! `Engine` (`engine.rs`).

pub mod bert;
pub mod engine;
pub mod model;
