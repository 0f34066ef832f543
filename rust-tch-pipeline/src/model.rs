//! The sentence-transformers model (pipelines/README.md rule 7) on libtorch: the BERT encoder
//! of `bert.rs` on `model.safetensors` + `config.json`, fed by rag-core's tokenizer, its
//! `(batch, seq, dim)` output mean-pooled and normalised by rag-core, as the other Rust engines.

use crate::bert::{Bert, BertConfig};
use anyhow::{bail, Context, Result};
use rag_core::sentence_model::{
    mean_pool, read_json, require_file, SentenceModelConfig, SentenceTokenizer,
};
use std::path::Path;

pub struct TchSentenceEmbedder {
    pub tokenizer: SentenceTokenizer,
    pub config: SentenceModelConfig,
    bert: Bert,
}

impl TchSentenceEmbedder {
    pub fn load(model_dir: &Path) -> Result<Self> {
        let config = SentenceModelConfig::read(model_dir)?;
        let tokenizer = SentenceTokenizer::load(model_dir, config.max_seq_length)?;
        let config_path = model_dir.join("config.json");
        let bert_config: BertConfig = read_json(&config_path)?;
        bert_config
            .check()
            .with_context(|| format!("model: {}", config_path.display()))?;
        if bert_config.hidden_size as usize != config.dim {
            bail!(
                "model: {}'s hidden_size {} is not the Pooling module's dimension {}",
                config_path.display(),
                bert_config.hidden_size,
                config.dim
            );
        }
        let weights = require_file(model_dir.join("model.safetensors"))?;
        let bert = Bert::load(&weights, &bert_config)?;
        Ok(Self {
            tokenizer,
            config,
            bert,
        })
    }

    /// Embeds one forward pass worth of texts. Returns the vectors and the non-padding tokens.
    pub fn embed(&self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)> {
        if texts.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let batch = self.tokenizer.encode_batch(texts)?;
        let hidden = self.bert.forward(
            &batch.ids,
            &batch.type_ids,
            &batch.attention_mask,
            batch.batch_size,
            batch.seq_len,
        )?;
        let hidden = hidden.f_contiguous()?.f_view(-1i64)?;
        let hidden = Vec::<f32>::try_from(&hidden).context("libtorch: cannot read the output")?;
        let vectors = mean_pool(&hidden, &batch, self.config.dim, self.config.normalize);
        Ok((vectors, batch.real_tokens()))
    }
}
