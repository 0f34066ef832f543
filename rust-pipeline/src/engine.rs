//! Candle as the pipeline's engine: thread pools, model loading, the ready event's identity.

use crate::model::{EncoderKind, SentenceEmbedder};
use anyhow::Result;
use rag_core::embedder::one_vector;
use rag_core::sentence_model::start_rayon_pool;
use rag_core::{Embedder, Engine, Identity, SharedEmbedder};
use std::path::Path;

/// The `ready` event's `pipeline` of the tuned encoder (binary `rust-pipeline`).
pub const PIPELINE_ID: &str = "rust-candle";
/// The `ready` event's `pipeline` of the stock encoder (binary `rust-pipeline-stock`).
pub const STOCK_PIPELINE_ID: &str = "rust-candle-stock";

pub struct CandleEngine {
    pub encoder: EncoderKind,
}

impl Engine for CandleEngine {
    type Model = SentenceEmbedder;

    fn identity(&self) -> Identity {
        let id = match self.encoder {
            EncoderKind::Tuned => PIPELINE_ID,
            EncoderKind::Stock => STOCK_PIPELINE_ID,
        };
        Identity::from_build(
            id,
            env!("PIPELINE_RUSTC_VERSION"),
            env!("PIPELINE_LIBRARIES"),
        )
    }

    /// Sizes every compute thread pool: Rayon's global pool (tokenizers and Candle run on it)
    /// and `RAYON_NUM_THREADS`, which Candle reads for every matmul to choose gemm's
    /// parallelism. Must run before any other thread exists.
    fn prepare(&self, threads: usize) -> Result<()> {
        start_rayon_pool(threads, "compute")?;
        if threads == 1 {
            tokenizers::utils::parallelism::set_parallelism(false);
        }
        Ok(())
    }

    fn load(&self, model_dir: &Path, _threads: usize) -> Result<SentenceEmbedder> {
        SentenceEmbedder::load(model_dir, self.encoder)
    }

    /// The query job's workers share the model as it is: it embeds through `&self` (Candle's
    /// tensors are immutable, the tuned kernels keep their scratch per thread), so their
    /// forward passes run at once on the compute pool.
    fn share(&self, model: SentenceEmbedder) -> Box<dyn SharedEmbedder> {
        Box::new(model)
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

impl SharedEmbedder for SentenceEmbedder {
    fn embed_one(&self, text: &str) -> Result<Vec<f32>> {
        one_vector(SentenceEmbedder::embed(self, &[text])?.0)
    }
}
