//! libtorch as the pipeline's engine: its thread pools, model loading, the ready event's identity.

use crate::model::TchSentenceEmbedder;
use anyhow::{Context, Result};
use rag_core::sentence_model::start_rayon_pool;
use rag_core::{Embedder, Engine, Identity};
use std::path::Path;

pub const PIPELINE_ID: &str = "rust-libtorch";

#[derive(Default)]
pub struct TchEngine;

impl Engine for TchEngine {
    type Model = TchSentenceEmbedder;

    /// The crates' versions from the build, and the version of the libtorch the binary links
    /// (the torch wheel's own, read at build time from its `version.py`).
    fn identity(&self) -> Identity {
        let mut identity = Identity::from_build(
            PIPELINE_ID,
            env!("PIPELINE_RUSTC_VERSION"),
            env!("PIPELINE_LIBRARIES"),
        );
        identity
            .libraries
            .push(("libtorch".into(), env!("PIPELINE_LIBTORCH_VERSION").into()));
        identity
    }

    /// The Python pipeline's settings (python-baseline torch_engine.py): glibc malloc keeps
    /// freed memory for the next layer, torch's intra-op pool = `threads`, inter-op 1 (set
    /// before any parallel work, as torch requires). Rayon's global pool, on which `tokenizers`
    /// encodes a batch, is sized to `threads` too.
    fn prepare(&self, threads: usize) -> Result<()> {
        keep_freed_memory_for_reuse();
        let count = i32::try_from(threads).context("threads does not fit an int")?;
        tch::set_num_threads(count);
        tch::set_num_interop_threads(1);
        start_rayon_pool(threads, "tokenize")?;
        Ok(())
    }

    fn load(&self, model_dir: &Path, _threads: usize) -> Result<TchSentenceEmbedder> {
        TchSentenceEmbedder::load(model_dir)
    }
}

/// glibc malloc: big blocks from the heap and freed memory kept there, instead of a fresh
/// mmap per large tensor (the tuning python-baseline's torch engine and rust-pipeline apply).
fn keep_freed_memory_for_reuse() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator tuning; called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_MAX, 0);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
    }
}

impl Embedder for TchSentenceEmbedder {
    fn dim(&self) -> usize {
        self.config.dim
    }

    fn embed(&mut self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)> {
        TchSentenceEmbedder::embed(self, texts)
    }
}
