//! The one part a Rust pipeline variant changes: its inference engine.

use anyhow::Result;
use std::path::Path;

/// Turns chunk texts into vectors.
pub trait Embedder {
    /// The vectors' dimension; the collection is created with it before the first batch.
    fn dim(&self) -> usize;

    /// One forward pass: the texts' vectors, in the texts' order, and the non-padding tokens
    /// the model saw (`[CLS]` and `[SEP]` included; 0 when there is no model).
    fn embed(&mut self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)>;
}

/// What the `ready` event says about a pipeline.
pub struct Identity {
    /// The `pipeline` field, e.g. `rust-candle`.
    pub pipeline: String,
    /// The compiler's version (`runtime.version`; `runtime.name` is `rust`).
    pub rustc_version: String,
    /// Name and version of the libraries that do the work.
    pub libraries: Vec<(String, String)>,
}

impl Identity {
    /// From what `rag_build_info::emit` recorded: call as
    /// `Identity::from_build("rust-x", env!("PIPELINE_RUSTC_VERSION"), env!("PIPELINE_LIBRARIES"))`.
    pub fn from_build(pipeline: &str, rustc_version: &str, libraries: &str) -> Self {
        let libraries = libraries
            .split(',')
            .filter_map(|entry| entry.split_once('='))
            .map(|(name, version)| (name.to_string(), version.to_string()))
            .collect();
        Self {
            pipeline: pipeline.to_string(),
            rustc_version: rustc_version.to_string(),
            libraries,
        }
    }
}

/// An inference engine as the stage runner drives it.
pub trait Engine {
    type Model: Embedder + 'static;

    /// Who this pipeline is, for the `ready` event.
    fn identity(&self) -> Identity;

    /// Everything the engine needs before `ready`: sizing its compute thread pools to
    /// `threads`, loading its shared libraries. Runs first, before any other thread exists.
    fn prepare(&self, threads: usize) -> Result<()>;

    /// The `model_load` stage: the model of `model_dir` (pipelines/README.md rule 7).
    fn load(&self, model_dir: &Path, threads: usize) -> Result<Self::Model>;
}
