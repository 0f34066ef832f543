//! The embed-and-index pipeline of pipelines/README.md in Rust with Candle: the stages, the
//! workload, the protocol and the store come from `rag-core`; this crate brings the Candle BERT
//! model (`model.rs`) with its tuned encoder (`bert.rs`, kernels in `kernels/`), its engine
//! set-up (`engine.rs`) and the allocator tuning (`alloc.rs`).

pub mod alloc;
pub mod bert;
pub mod engine;
pub mod kernels;
pub mod model;
