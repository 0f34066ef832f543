//! The engine-neutral half of rule 7 (pipelines/README.md) for Rust engines that run the
//! transformer themselves: what a sentence-transformers model directory says (truncation
//! length, pooling, normalisation, dimension), the `tokenizers` tokenizer with
//! sentence-transformers' truncation and padding, and mean pooling + L2 normalisation over an
//! engine's `(batch, seq, dim)` output. Behind the `sentence-model` feature, so that crates
//! without a model (the PyO3 splitter) do not compile `tokenizers`.

use crate::splitter::python_strip;
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

/// Starts Rayon's global pool with `threads` threads named `<name>-<i>`, in the engine's
/// `prepare` (before `ready`): `tokenizers` encodes a batch on it, and engines that compute on
/// Rayon (Candle's tuned kernels, burn-flex) run there too. RAYON_NUM_THREADS is set as well,
/// for code that sizes a pool of its own from it.
pub fn start_rayon_pool(threads: usize, name: &'static str) -> Result<()> {
    std::env::set_var("RAYON_NUM_THREADS", threads.to_string());
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(move |i| format!("{name}-{i}"))
        .build_global()
        .with_context(|| format!("cannot start the {name} thread pool"))
}

/// Reads and parses a JSON file of the model directory; errors name the file.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("model: cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("model: {} is invalid", path.display()))
}

/// `path` if it is a file, else an error naming it.
pub fn require_file(path: PathBuf) -> Result<PathBuf> {
    if !path.is_file() {
        bail!("model: missing file {}", path.display());
    }
    Ok(path)
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
    word_embedding_dimension: usize,
    pooling_mode_mean_tokens: bool,
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_max_tokens: bool,
    #[serde(default)]
    pooling_mode_mean_sqrt_len_tokens: bool,
}

/// How sentence-transformers runs the model of a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceModelConfig {
    /// Truncation length (`sentence_bert_config.json`), not the 128 of `tokenizer.json`.
    pub max_seq_length: usize,
    /// The pooled vector's dimension (the Pooling module's `word_embedding_dimension`).
    pub dim: usize,
    /// Whether `modules.json` lists a `Normalize` module (L2 normalisation).
    pub normalize: bool,
}

impl SentenceModelConfig {
    /// Reads `modules.json`, the Pooling module's `config.json` (mean pooling only) and
    /// `sentence_bert_config.json` of `model_dir`.
    pub fn read(model_dir: &Path) -> Result<Self> {
        if !model_dir.is_dir() {
            bail!("model: {} is not a directory", model_dir.display());
        }
        let modules: Vec<ModuleEntry> = read_json(&model_dir.join("modules.json"))?;
        let Some(pooling) = modules.iter().find(|m| m.kind.ends_with(".Pooling")) else {
            bail!(
                "model: {} lists no Pooling module",
                model_dir.join("modules.json").display()
            );
        };
        let pooling_path = model_dir.join(&pooling.path).join("config.json");
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
        let st: SentenceBertConfig = read_json(&model_dir.join("sentence_bert_config.json"))?;
        Ok(Self {
            max_seq_length: st.max_seq_length,
            dim: pooling.word_embedding_dimension,
            normalize: modules.iter().any(|m| m.kind.ends_with(".Normalize")),
        })
    }
}

/// `tokenizer.json` as sentence-transformers applies it: truncation at `max_seq_length` and
/// padding to the longest text of each batch (not to a fixed 128).
pub struct SentenceTokenizer {
    tokenizer: Tokenizer,
    pub max_seq_length: usize,
}

/// One tokenised batch, padded to its longest text, row-major `(batch_size, seq_len)`.
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

impl SentenceTokenizer {
    /// `tokenizer.json` of `model_dir`, truncating at `max_seq_length`.
    pub fn load(model_dir: &Path, max_seq_length: usize) -> Result<Self> {
        let path = require_file(model_dir.join("tokenizer.json"))?;
        let mut tokenizer = Tokenizer::from_file(&path)
            .map_err(|e| anyhow::anyhow!("model: {} is invalid: {e}", path.display()))?;
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_seq_length,
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
            max_seq_length,
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
        let capacity = encodings.len() * seq_len;
        let mut batch = TokenBatch {
            ids: Vec::with_capacity(capacity),
            type_ids: Vec::with_capacity(capacity),
            attention_mask: Vec::with_capacity(capacity),
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

/// sentence-transformers' mean pooling (sum over the attention mask, divided by the count
/// clamped at 1e-9) and, when `normalize`, `torch.nn.functional.normalize` (x / max(||x||,
/// 1e-12)), in float32. `hidden` is the engine's row-major `(batch, seq, dim)` output.
pub fn mean_pool(hidden: &[f32], batch: &TokenBatch, dim: usize, normalize: bool) -> Vec<Vec<f32>> {
    let seq = batch.seq_len;
    assert_eq!(
        hidden.len(),
        batch.batch_size * seq * dim,
        "hidden state size"
    );
    (0..batch.batch_size)
        .map(|row| {
            let mut sum = vec![0f32; dim];
            let mut count = 0f32;
            for position in 0..seq {
                if batch.attention_mask[row * seq + position] == 0 {
                    continue;
                }
                count += 1.0;
                let offset = (row * seq + position) * dim;
                for (s, h) in sum.iter_mut().zip(&hidden[offset..offset + dim]) {
                    *s += h;
                }
            }
            let count = count.max(1e-9);
            sum.iter_mut().for_each(|s| *s /= count);
            if normalize {
                let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
                sum.iter_mut().for_each(|x| *x /= norm);
            }
            sum
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{mean_pool, TokenBatch};

    fn batch(mask: Vec<u32>, batch_size: usize, seq_len: usize) -> TokenBatch {
        TokenBatch {
            ids: vec![0; mask.len()],
            type_ids: vec![0; mask.len()],
            attention_mask: mask,
            batch_size,
            seq_len,
        }
    }

    #[test]
    fn mean_pooling_skips_padding() {
        // Two rows of three positions, dim 2; the second row's last position is padding
        // holding a value that would change the mean if it were counted.
        let hidden = [1., 2., 3., 4., 5., 6., 2., 2., 4., 4., 100., 100.];
        let pooled = mean_pool(&hidden, &batch(vec![1, 1, 1, 1, 1, 0], 2, 3), 2, false);
        assert_eq!(pooled, vec![vec![3., 4.], vec![3., 3.]]);
    }

    #[test]
    fn normalisation_gives_unit_vectors() {
        let hidden = [3., 4.];
        let pooled = mean_pool(&hidden, &batch(vec![1], 1, 1), 2, true);
        assert_eq!(pooled, vec![vec![0.6, 0.8]]);
    }
}
