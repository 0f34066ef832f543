//! The sentence-transformers model (pipelines/README.md rule 7) on Candle: a BERT encoder from
//! `model.safetensors` + `config.json`, the `tokenizers` tokenizer with sentence-transformers'
//! truncation and padding, mean pooling over the attention mask, L2 normalisation. The encoder
//! is this crate's tuned BERT forward (`bert.rs`) or candle-transformers' stock `BertModel`.

use crate::bert::TunedBert;
use anyhow::{bail, Context, Result};
use candle_core::{DType, Device, Tensor, D};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use rag_core::splitter::python_strip;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

/// `tokenizer.json` as sentence-transformers applies it: truncation at `max_seq_length` of
/// `sentence_bert_config.json` (not the 128 that tokenizer.json carries) and padding to the
/// longest text of each batch (not to a fixed 128).
pub struct SentenceTokenizer {
    tokenizer: Tokenizer,
    pub max_seq_length: usize,
}

/// One tokenised batch, padded to its longest text.
pub struct TokenBatch {
    pub ids: Vec<u32>,
    pub type_ids: Vec<u32>,
    pub attention_mask: Vec<u32>,
    pub batch_size: usize,
    pub seq_len: usize,
}

impl TokenBatch {
    /// Non-padding tokens, `[CLS]` and `[SEP]` included.
    pub fn real_tokens(&self) -> usize {
        self.attention_mask.iter().map(|&m| m as usize).sum()
    }
}

#[derive(Deserialize)]
struct SentenceBertConfig {
    max_seq_length: usize,
}

#[derive(Deserialize)]
struct ModuleEntry {
    path: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct PoolingConfig {
    pooling_mode_mean_tokens: bool,
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_max_tokens: bool,
    #[serde(default)]
    pooling_mode_mean_sqrt_len_tokens: bool,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("model: cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("model: {} is invalid", path.display()))
}

fn require_file(path: PathBuf) -> Result<PathBuf> {
    if !path.is_file() {
        bail!("model: missing file {}", path.display());
    }
    Ok(path)
}

impl SentenceTokenizer {
    pub fn load(model_dir: &Path) -> Result<Self> {
        let st_config: SentenceBertConfig =
            read_json(&model_dir.join("sentence_bert_config.json"))?;
        let path = require_file(model_dir.join("tokenizer.json"))?;
        let mut tokenizer = Tokenizer::from_file(&path)
            .map_err(|e| anyhow::anyhow!("model: {} is invalid: {e}", path.display()))?;
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: st_config.max_seq_length,
                ..TruncationParams::default()
            }))
            .map_err(|e| anyhow::anyhow!("model: cannot set truncation: {e}"))?;
        // Keep the file's pad token and id; only the strategy changes.
        let padding = tokenizer.get_padding().cloned().unwrap_or_default();
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            pad_to_multiple_of: None,
            ..padding
        }));
        Ok(Self {
            tokenizer,
            max_seq_length: st_config.max_seq_length,
        })
    }

    /// Tokenises a batch as sentence-transformers does (texts stripped first).
    pub fn encode_batch(&self, texts: &[&str]) -> Result<TokenBatch> {
        let inputs: Vec<&str> = texts.iter().map(|t| python_strip(t)).collect();
        let encodings = self
            .tokenizer
            .encode_batch(inputs, true)
            .map_err(|e| anyhow::anyhow!("tokenizer: {e}"))?;
        let seq_len = encodings.first().map_or(0, |e| e.get_ids().len());
        let mut batch = TokenBatch {
            ids: Vec::with_capacity(encodings.len() * seq_len),
            type_ids: Vec::with_capacity(encodings.len() * seq_len),
            attention_mask: Vec::with_capacity(encodings.len() * seq_len),
            batch_size: encodings.len(),
            seq_len,
        };
        for encoding in &encodings {
            batch.ids.extend_from_slice(encoding.get_ids());
            batch.type_ids.extend_from_slice(encoding.get_type_ids());
            batch
                .attention_mask
                .extend_from_slice(encoding.get_attention_mask());
        }
        Ok(batch)
    }

    /// The token ids of one text (no padding, as a batch of one).
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>> {
        Ok(self.encode_batch(&[text])?.ids)
    }
}

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
        if !model_dir.is_dir() {
            bail!("model: {} is not a directory", model_dir.display());
        }
        let modules: Vec<ModuleEntry> = read_json(&model_dir.join("modules.json"))?;
        let pooling_dir = modules
            .iter()
            .find(|m| m.kind.ends_with(".Pooling"))
            .map(|m| m.path.clone())
            .unwrap_or_else(|| "1_Pooling".to_string());
        let pooling_path = model_dir.join(pooling_dir).join("config.json");
        let pooling: PoolingConfig = read_json(&pooling_path)?;
        if !pooling.pooling_mode_mean_tokens
            || pooling.pooling_mode_cls_token
            || pooling.pooling_mode_max_tokens
            || pooling.pooling_mode_mean_sqrt_len_tokens
        {
            bail!(
                "model: {} asks for a pooling other than mean pooling",
                pooling_path.display()
            );
        }
        let normalize = modules.iter().any(|m| m.kind.ends_with(".Normalize"));

        let tokenizer = SentenceTokenizer::load(model_dir)?;
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
                Encoder::Tuned(TunedBert::load(vb, &config).with_context(context)?)
            }
            EncoderKind::Stock => {
                Encoder::Stock(BertModel::load(vb, &config).with_context(context)?)
            }
        };
        Ok(Self {
            tokenizer,
            model,
            device,
            normalize,
            dim: config.hidden_size,
        })
    }

    /// Embeds one forward pass worth of texts. Returns the vectors and the non-padding tokens.
    pub fn embed(&self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)> {
        if texts.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let batch = self.tokenizer.encode_batch(texts)?;
        let shape = (batch.batch_size, batch.seq_len);
        let mask = Tensor::from_slice(&batch.attention_mask, shape, &self.device)?;
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
                bert.forward(&ids, &type_ids, Some(&mask))?
            }
        }; // (batch, seq, dim)

        // Mean over the real tokens (sentence-transformers clamps the count at 1e-9).
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(D::Minus1)?; // (batch, seq, 1)
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?; // (batch, dim)
        let counts = mask.sum(1)?.clamp(1e-9f32, f32::MAX)?; // (batch, 1)
        let mut pooled = summed.broadcast_div(&counts)?;
        if self.normalize {
            // torch.nn.functional.normalize: x / max(||x||, 1e-12)
            let norms = pooled
                .sqr()?
                .sum_keepdim(1)?
                .sqrt()?
                .clamp(1e-12f32, f32::MAX)?;
            pooled = pooled.broadcast_div(&norms)?;
        }
        Ok((pooled.to_vec2::<f32>()?, batch.real_tokens()))
    }
}
