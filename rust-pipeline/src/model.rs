//! The sentence-transformers model (pipelines/README.md rule 7) on Candle: a BERT encoder from
//! `model.safetensors` + `config.json`, the `tokenizers` tokenizer with sentence-transformers'
//! truncation and padding, mean pooling over the attention mask, L2 normalisation. The encoder
//! is this crate's tuned BERT forward (`bert.rs`) or candle-transformers' stock `BertModel`.

use crate::bert::{Switches, TunedBert};
use anyhow::{bail, Context, Result};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use rag_core::sentence_model::{mean_pool, read_json, require_file, SentenceModelConfig};
pub use rag_core::sentence_model::{SentenceTokenizer, TokenBatch};
use std::path::Path;

/// Which BERT forward runs the weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncoderKind {
    /// `bert.rs`: fused attention kernels over Candle tensors.
    Tuned,
    /// candle-transformers' `BertModel`, as released.
    Stock,
}

impl EncoderKind {
    /// `tuned` or `stock`.
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "tuned" => Ok(Self::Tuned),
            "stock" => Ok(Self::Stock),
            other => bail!("unknown encoder {other:?}: expected tuned or stock"),
        }
    }
}

enum Encoder {
    Tuned(TunedBert),
    Stock(BertModel),
}

/// The whole sentence-transformers model: tokenizer, BERT encoder, pooling, normalisation.
pub struct SentenceEmbedder {
    pub tokenizer: SentenceTokenizer,
    model: Encoder,
    device: Device,
    normalize: bool,
    pub dim: usize,
}

impl SentenceEmbedder {
    pub fn load(model_dir: &Path, kind: EncoderKind) -> Result<Self> {
        let sentence = SentenceModelConfig::read(model_dir)?;
        let tokenizer = SentenceTokenizer::load(model_dir, sentence.max_seq_length)?;
        let config: Config = read_json(&model_dir.join("config.json"))?;
        let weights = require_file(model_dir.join("model.safetensors"))?;
        let device = Device::Cpu;
        // SAFETY: the weights file is memory-mapped read-only; nothing in this process writes
        // it, and set-up does not replace it while a benchmark runs.
        let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[&weights], DType::F32, &device) }
            .with_context(|| format!("model: cannot load {}", weights.display()))?;
        let context = || {
            format!(
                "model: {} does not hold the BERT weights config.json describes",
                weights.display()
            )
        };
        let model = match kind {
            EncoderKind::Tuned => {
                // Outside the weights' context: a bad switch is reported as itself, not as
                // weights that do not match their config.
                let switches = Switches::from_env()?;
                Encoder::Tuned(TunedBert::load(vb, &config, switches).with_context(context)?)
            }
            EncoderKind::Stock => {
                Encoder::Stock(BertModel::load(vb, &config).with_context(context)?)
            }
        };
        Ok(Self {
            tokenizer,
            model,
            device,
            normalize: sentence.normalize,
            dim: sentence.dim,
        })
    }

    /// Embeds one forward pass worth of texts. Returns the vectors and the non-padding tokens.
    pub fn embed(&self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)> {
        if texts.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let batch = self.tokenizer.encode_batch(texts)?;
        let shape = (batch.batch_size, batch.seq_len);
        let hidden = match &self.model {
            Encoder::Tuned(bert) => bert.forward(
                &batch.ids,
                &batch.type_ids,
                &batch.attention_mask,
                batch.batch_size,
                batch.seq_len,
            )?,
            Encoder::Stock(bert) => {
                let ids = Tensor::from_slice(&batch.ids, shape, &self.device)?;
                let type_ids = Tensor::from_slice(&batch.type_ids, shape, &self.device)?;
                let mask = Tensor::from_slice(&batch.attention_mask, shape, &self.device)?;
                bert.forward(&ids, &type_ids, Some(&mask))?
            }
        }; // (batch, seq, dim)

        let hidden = hidden.flatten_all()?.to_vec1::<f32>()?;
        let pooled = mean_pool(&hidden, &batch, self.dim, self.normalize);
        Ok((pooled, batch.real_tokens()))
    }
}
