//! The embed-and-index pipeline of pipelines/README.md in Rust: Candle BERT, `tokenizers`,
//! `qdrant-client` over gRPC. The binary (`main.rs`) is a thin shell around [`pipeline::run`].

pub mod alloc;
pub mod batching;
pub mod corpus;
pub mod model;
pub mod pipeline;
pub mod points;
pub mod protocol;
pub mod splitter;
pub mod store;
pub mod stub;
pub mod workload;
