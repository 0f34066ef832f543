//! The embed-and-index pipeline of pipelines/README.md in Rust with Candle: the stages, the
//! workload, the protocol and the store come from `rag-core`; this crate brings the Candle BERT
//! model (`model.rs`), its engine set-up (`engine.rs`) and the allocator tuning (`alloc.rs`).

pub mod alloc;
pub mod engine;
pub mod model;
