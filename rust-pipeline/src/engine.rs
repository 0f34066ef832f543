//! Candle as the pipeline's engine: thread pools, model loading, the ready event's identity.

use crate::model::SentenceEmbedder;
use anyhow::{Context, Result};
use rag_core::{Embedder, Engine, Identity};
use std::path::Path;

pub const PIPELINE_ID: &str = "rust-candle";

pub struct CandleEngine;

impl Engine for CandleEngine {
    type Model = SentenceEmbedder;

    fn identity(&self) -> Identity {
        Identity::from_build(
            PIPELINE_ID,
            env!("PIPELINE_RUSTC_VERSION"),
            env!("PIPELINE_LIBRARIES"),
        )
    }

    /// Sizes every compute thread pool: Rayon's global pool (tokenizers and Candle run on it)
    /// and `RAYON_NUM_THREADS`, which Candle reads for every matmul to choose gemm's
    /// parallelism. Must run before any other thread exists.
    fn prepare(&self, threads: usize) -> Result<()> {
        std::env::set_var("RAYON_NUM_THREADS", threads.to_string());
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("compute-{i}"))
            .build_global()
            .context("cannot start the compute thread pool")?;
        if threads == 1 {
            tokenizers::utils::parallelism::set_parallelism(false);
        }
        Ok(())
    }

    fn load(&self, model_dir: &Path, _threads: usize) -> Result<SentenceEmbedder> {
        SentenceEmbedder::load(model_dir)
    }
}

impl Embedder for SentenceEmbedder {
    fn dim(&self) -> usize {
        self.dim
    }

    fn embed(&mut self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)> {
        SentenceEmbedder::embed(self, texts)
    }
}
