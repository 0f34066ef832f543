//! Burn's `flex` CPU backend as the pipeline's engine: thread pool, model loading, the ready
//! event's identity.

use crate::model::BurnSentenceEmbedder;
use anyhow::Result;
use rag_core::sentence_model::start_rayon_pool;
use rag_core::{Embedder, Engine, Identity, SharedEmbedder};
use std::path::Path;

pub const PIPELINE_ID: &str = "rust-burn-flex";

#[derive(Default)]
pub struct BurnEngine;

impl BurnEngine {
    pub fn new() -> Self {
        Self
    }
}

impl Engine for BurnEngine {
    type Model = BurnSentenceEmbedder;

    fn identity(&self) -> Identity {
        Identity::from_build(
            PIPELINE_ID,
            env!("PIPELINE_RUSTC_VERSION"),
            env!("PIPELINE_LIBRARIES"),
        )
    }

    /// Sizes Rayon's global pool to `threads`: burn-flex runs its parallel kernels and gemm its
    /// matmuls on it, and `tokenizers` encodes a batch on it.
    fn prepare(&self, threads: usize) -> Result<()> {
        start_rayon_pool(threads, "burn")?;
        Ok(())
    }

    fn load(&self, model_dir: &Path, _threads: usize) -> Result<BurnSentenceEmbedder> {
        BurnSentenceEmbedder::load(model_dir)
    }

    /// Burn's forward pass takes `&self`: the query job's workers embed at once.
    fn share(&self, model: BurnSentenceEmbedder) -> Box<dyn SharedEmbedder> {
        Box::new(model)
    }
}

impl Embedder for BurnSentenceEmbedder {
    fn dim(&self) -> usize {
        self.config.dim
    }

    fn embed(&mut self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)> {
        BurnSentenceEmbedder::embed(self, texts)
    }
}

impl SharedEmbedder for BurnSentenceEmbedder {
    fn embed_one(&self, text: &str) -> Result<Vec<f32>> {
        rag_core::embedder::one_vector(BurnSentenceEmbedder::embed(self, &[text])?.0)
    }
}
