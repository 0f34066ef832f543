//! The one part a Rust pipeline variant changes: its inference engine.

use anyhow::{anyhow, Result};
use std::path::Path;
use std::sync::Mutex;

/// Turns chunk texts into vectors.
pub trait Embedder {
    /// The vectors' dimension; the collection is created with it before the first batch.
    fn dim(&self) -> usize;

    /// One forward pass: the texts' vectors, in the texts' order, and the non-padding tokens
    /// the model saw (`[CLS]` and `[SEP]` included; 0 when there is no model).
    fn embed(&mut self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)>;
}

/// Embeds one text through `&self`, from any thread: the query job's workers share one model
/// (pipelines/README.md, "The query job"). `Sync` is the compiler's check that they may.
pub trait SharedEmbedder: Sync {
    /// The text's vector: a batch of one, so no padding.
    fn embed_one(&self, text: &str) -> Result<Vec<f32>>;

    /// Whether concurrent callers take turns on one lock ([`Serialised`]), so that only the
    /// searches overlap: said on stderr, since it decides what the query job's levels measure.
    fn takes_turns(&self) -> bool {
        false
    }
}

/// A model that embeds through `&mut self`, shared behind one lock: each embedding (tokenizer,
/// forward pass, pooling) waits for the one before. Not a way to run passes at once; the honest
/// share of an engine whose library forbids that (ort's `Session::run` takes `&mut self`).
pub struct Serialised<M>(Mutex<M>);

impl<M> Serialised<M> {
    pub fn new(model: M) -> Self {
        Self(Mutex::new(model))
    }
}

impl<M: Embedder + Send> SharedEmbedder for Serialised<M> {
    fn embed_one(&self, text: &str) -> Result<Vec<f32>> {
        // A worker that panicked mid-embedding ends the run (the panic reaches the caller);
        // the others report the poisoned lock instead of embedding with a model left halfway.
        let mut model = self
            .0
            .lock()
            .map_err(|_| anyhow!("the model's lock is poisoned: another worker panicked"))?;
        one_vector(model.embed(&[text])?.0)
    }

    fn takes_turns(&self) -> bool {
        true
    }
}

/// The single vector of a batch of one.
pub fn one_vector(vectors: Vec<Vec<f32>>) -> Result<Vec<f32>> {
    let count = vectors.len();
    let mut vectors = vectors.into_iter();
    match (vectors.next(), vectors.next()) {
        (Some(vector), None) => Ok(vector),
        _ => Err(anyhow!("the model returned {count} vectors for one text")),
    }
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
    type Model: Embedder + Send + 'static;

    /// Who this pipeline is, for the `ready` event.
    fn identity(&self) -> Identity;

    /// Everything the engine needs before `ready`: sizing its compute thread pools to
    /// `threads`, loading its shared libraries. Runs first, before any other thread exists.
    fn prepare(&self, threads: usize) -> Result<()>;

    /// The `model_load` stage: the model of `model_dir` (pipelines/README.md rule 7).
    fn load(&self, model_dir: &Path, threads: usize) -> Result<Self::Model>;

    /// The query job's model, shared by its workers. By default they take turns on one lock
    /// ([`Serialised`]); an engine whose model embeds through `&self` and is `Sync` returns it
    /// as it is, and its workers' forward passes run at once on the compute pool.
    fn share(&self, model: Self::Model) -> Box<dyn SharedEmbedder> {
        Box::new(Serialised::new(model))
    }
}
