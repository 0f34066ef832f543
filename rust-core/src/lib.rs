//! Everything of the contract's embed-and-index job (pipelines/README.md) but inference, for
//! the Rust pipelines: the workload, the stdout protocol, reading and chunking the corpus,
//! batching, point identity, the Qdrant store, the stub embedding, and the stage runner.
//!
//! A pipeline crate brings an inference engine by implementing [`Engine`] (how it starts and
//! loads the model) and [`Embedder`] (one forward pass), and its `main` is [`cli::main`], which
//! runs the job the workload names: the index job ([`pipeline`]) or the query job ([`query`]).

pub mod batching;
pub mod cli;
pub mod corpus;
pub mod embedder;
pub mod pipeline;
pub mod points;
pub mod protocol;
pub mod query;
#[cfg(feature = "sentence-model")]
pub mod sentence_model;
pub mod store;
pub mod stub;
pub mod workload;

/// The contract's text splitter, a crate of its own so the PyO3 wheel needs nothing else.
pub use rag_splitter as splitter;

pub use embedder::{Embedder, Engine, Identity, Serialised, SharedEmbedder};
