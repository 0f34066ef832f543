//! ONNX Runtime under langchain-rust's FastEmbed as the pipeline's engine: the library, thread
//! pools, model loading, the ready event's identity.

use crate::model::FastEmbedModel;
use anyhow::Result;
use rag_core::sentence_model::start_rayon_pool;
use rag_core::{Embedder, Engine, Identity};
use rust_ort_pipeline::runtime::RuntimeCell;
use std::path::Path;

pub const PIPELINE_ID: &str = "rust-langchain-fastembed";

/// Holds the ONNX Runtime library once `prepare` has loaded it.
pub struct LangchainEngine {
    runtime: RuntimeCell,
    /// The workload's `embed_batch_size`, FastEmbed's batch size (`None`: fastembed's default).
    embed_batch_size: Option<usize>,
}

impl LangchainEngine {
    pub fn new(embed_batch_size: Option<usize>) -> Self {
        Self {
            runtime: RuntimeCell::default(),
            embed_batch_size,
        }
    }
}

impl Engine for LangchainEngine {
    type Model = FastEmbedModel;

    /// The crates' versions from the build, and the version of the library actually loaded.
    fn identity(&self) -> Identity {
        let mut identity = Identity::from_build(
            PIPELINE_ID,
            env!("PIPELINE_RUSTC_VERSION"),
            env!("PIPELINE_LIBRARIES"),
        );
        self.runtime.name_in(&mut identity.libraries);
        identity
    }

    /// As rust-ort: loads ONNX Runtime before `ready` (rust-ort's `runtime` module: the same
    /// library, found the same way) and sizes Rayon's global pool, on which fastembed's
    /// tokenizer encodes a batch, to `threads`. ONNX Runtime's intra-op pool belongs to the
    /// session (`load`).
    fn prepare(&self, threads: usize) -> Result<()> {
        start_rayon_pool(threads, "tokenize")?;
        self.runtime.load_once()
    }

    fn load(&self, model_dir: &Path, threads: usize) -> Result<FastEmbedModel> {
        FastEmbedModel::load(
            &self.runtime.get()?.environment,
            model_dir,
            threads,
            self.embed_batch_size,
        )
    }
}

impl Embedder for FastEmbedModel {
    fn dim(&self) -> usize {
        self.config.dim
    }

    fn embed(&mut self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)> {
        FastEmbedModel::embed(self, texts)
    }
}
