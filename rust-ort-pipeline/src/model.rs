//! The sentence-transformers model (pipelines/README.md rule 7) on ONNX Runtime: the ONNX
//! export `onnx/model.onnx` in one session with the TypeScript pipeline's settings, fed by
//! rag-core's tokenizer, its `(batch, seq, dim)` output mean-pooled and normalised by rag-core.

use anyhow::{anyhow, bail, Context, Result};
use ort::environment::Environment;
use ort::session::builder::GraphOptimizationLevel;
use ort::session::{Session, SessionInputValue};
use ort::value::Tensor;
use rag_core::sentence_model::{
    mean_pool, require_file, SentenceModelConfig, SentenceTokenizer, TokenBatch,
};
use std::borrow::Cow;
use std::path::Path;

/// The export's inputs this pipeline can feed; `input_ids` and `attention_mask` are required.
const INPUT_IDS: &str = "input_ids";
const ATTENTION_MASK: &str = "attention_mask";
const TOKEN_TYPE_IDS: &str = "token_type_ids";

pub struct OrtSentenceEmbedder {
    pub tokenizer: SentenceTokenizer,
    pub config: SentenceModelConfig,
    session: Session,
    /// Whether the export takes `token_type_ids` (BERT exports do; some others do not).
    feeds_token_type_ids: bool,
}

/// The same session options as ts-pipeline/src/engine-node.ts: CPU execution provider (ONNX
/// Runtime's default), `threads` intra-op threads, 1 inter-op thread, sequential execution,
/// all graph optimisations.
fn open_session(environment: &Environment, onnx: &Path, threads: usize) -> ort::Result<Session> {
    Session::builder(environment)?
        .with_optimization_level(GraphOptimizationLevel::All)?
        .with_intra_threads(threads)?
        .with_inter_threads(1)?
        .with_parallel_execution(false)?
        .commit_from_file(onnx)
}

impl OrtSentenceEmbedder {
    pub fn load(environment: &Environment, model_dir: &Path, threads: usize) -> Result<Self> {
        let config = SentenceModelConfig::read(model_dir)?;
        let tokenizer = SentenceTokenizer::load(model_dir, config.max_seq_length)?;
        let onnx = require_file(model_dir.join("onnx").join("model.onnx"))?;
        let session = open_session(environment, &onnx, threads)
            .map_err(|e| anyhow!("model: cannot load ONNX model {}: {e}", onnx.display()))?;

        let inputs: Vec<&str> = session.inputs().iter().map(|i| i.name()).collect();
        for required in [INPUT_IDS, ATTENTION_MASK] {
            if !inputs.contains(&required) {
                bail!(
                    "model: ONNX model {} has no input \"{required}\" (inputs: {})",
                    onnx.display(),
                    inputs.join(", ")
                );
            }
        }
        if let Some(other) = inputs
            .iter()
            .find(|i| ![INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS].contains(i))
        {
            bail!(
                "model: ONNX model {} wants an input \"{other}\" this pipeline cannot feed",
                onnx.display()
            );
        }
        let feeds_token_type_ids = inputs.contains(&TOKEN_TYPE_IDS);
        if session.outputs().is_empty() {
            bail!("model: ONNX model {} has no output", onnx.display());
        }
        Ok(Self {
            tokenizer,
            config,
            session,
            feeds_token_type_ids,
        })
    }

    /// Embeds one forward pass worth of texts. Returns the vectors and the non-padding tokens.
    pub fn embed(&mut self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)> {
        if texts.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let batch = self.tokenizer.encode_batch(texts)?;
        let mut feeds: Vec<(Cow<'static, str>, SessionInputValue<'_>)> = vec![
            (INPUT_IDS.into(), int64_tensor(&batch, &batch.ids)?),
            (
                ATTENTION_MASK.into(),
                int64_tensor(&batch, &batch.attention_mask)?,
            ),
        ];
        if self.feeds_token_type_ids {
            feeds.push((
                TOKEN_TYPE_IDS.into(),
                int64_tensor(&batch, &batch.type_ids)?,
            ));
        }
        let dim = self.config.dim;
        let outputs = self
            .session
            .run(feeds)
            .context("ONNX Runtime: the forward pass failed")?;
        // The first output is the token embeddings (last_hidden_state), as onnxruntime-node reads it.
        let (shape, hidden) = outputs[0]
            .try_extract_tensor::<f32>()
            .context("model: the ONNX model's first output is not a float32 tensor")?;
        let expected = [batch.batch_size as i64, batch.seq_len as i64, dim as i64];
        if **shape != expected {
            bail!("model: ONNX output has shape {shape:?}, expected {expected:?}");
        }
        let vectors = mean_pool(hidden, &batch, dim, self.config.normalize);
        Ok((vectors, batch.real_tokens()))
    }
}

/// One `(batch, seq)` int64 input, the type BERT exports take.
fn int64_tensor(batch: &TokenBatch, values: &[u32]) -> Result<SessionInputValue<'static>> {
    let data: Vec<i64> = values.iter().map(|&v| i64::from(v)).collect();
    Ok(Tensor::from_array(([batch.batch_size, batch.seq_len], data))?.into())
}
