//! The embed-and-index pipeline of pipelines/README.md in Rust with langchain-rust: the model
//! is langchain-rust's `FastEmbed` embedder (fastembed's `TextEmbedding` built from the local
//! model files) on the ONNX Runtime library rust-ort loads (`model.rs`); the stages, the
//! workload, the protocol, reading, the contract's splitter, batching, ids and the Qdrant upsert
//! come from `rag-core`, since langchain-rust's splitter and store cannot produce the contract's
//! chunks and ids (README.md); `engine.rs` is the pipeline's `Engine`.

pub mod engine;
pub mod model;
