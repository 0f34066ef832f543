//! ONNX Runtime as the pipeline's engine: the library, thread pools, model loading, the ready
//! event's identity.

use crate::model::OrtSentenceEmbedder;
use crate::runtime::RuntimeCell;
use anyhow::Result;
use rag_core::sentence_model::start_rayon_pool;
use rag_core::{Embedder, Engine, Identity};
use std::path::Path;

pub const PIPELINE_ID: &str = "rust-onnxruntime";

/// Holds the ONNX Runtime library once `prepare` has loaded it.
#[derive(Default)]
pub struct OrtEngine {
    runtime: RuntimeCell,
}

impl OrtEngine {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Engine for OrtEngine {
    type Model = OrtSentenceEmbedder;

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

    /// Loads ONNX Runtime before `ready` (as the TypeScript pipeline does when it imports
    /// onnxruntime-node), and sizes Rayon's global pool, on which `tokenizers` encodes a
    /// batch, to `threads`. ONNX Runtime's own pools belong to the session (`load`).
    fn prepare(&self, threads: usize) -> Result<()> {
        start_rayon_pool(threads, "tokenize")?;
        self.runtime.load_once()
    }

    fn load(&self, model_dir: &Path, threads: usize) -> Result<OrtSentenceEmbedder> {
        OrtSentenceEmbedder::load(&self.runtime.get()?.environment, model_dir, threads)
    }
}

impl Embedder for OrtSentenceEmbedder {
    fn dim(&self) -> usize {
        self.config.dim
    }

    fn embed(&mut self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)> {
        OrtSentenceEmbedder::embed(self, texts)
    }
}
