//! The sentence-transformers model (pipelines/README.md rule 7) as langchain-rust embeds it:
//! its `FastEmbed` embedder over fastembed's `TextEmbedding`, built from the model directory's
//! own files (`try_new_from_user_defined`: the ONNX export `onnx/model.onnx` and the tokenizer
//! files, nothing downloaded) on the process's ONNX Runtime environment.

use anyhow::{anyhow, bail, Context, Result};
use fastembed::{
    InitOptionsUserDefined, Pooling, TextEmbedding, TokenizerFiles, UserDefinedEmbeddingModel,
};
use langchain_rust::embedding::{Embedder as _, FastEmbed};
use ort::environment::Environment;
use rag_core::sentence_model::{require_file, SentenceModelConfig};
use std::path::Path;
use tokenizers::Tokenizer;

pub struct FastEmbedModel {
    pub config: SentenceModelConfig,
    embedder: FastEmbed,
    /// fastembed's tokenizer (truncation at `max_seq_length`, padding to the longest text),
    /// cloned before langchain-rust takes the model: it counts the tokens the model saw.
    tokenizer: Tokenizer,
}

/// One file of the model directory, read; a missing file is named.
fn read(model_dir: &Path, name: &str) -> Result<Vec<u8>> {
    let path = require_file(model_dir.join(name))?;
    std::fs::read(&path).with_context(|| format!("model: cannot read {}", path.display()))
}

impl FastEmbedModel {
    /// fastembed's session: CPU execution provider, `threads` intra-op threads (its
    /// `intra_threads` option), its graph optimisation level; truncation at
    /// `sentence_bert_config.json`'s `max_seq_length`; mean pooling; fastembed L2-normalises.
    pub fn load(
        environment: &Environment,
        model_dir: &Path,
        threads: usize,
        batch_size: Option<usize>,
    ) -> Result<Self> {
        // What sentence-transformers does with the directory; it refuses any pooling but mean.
        let config = SentenceModelConfig::read(model_dir)?;
        if !config.normalize {
            bail!(
                "model: {} lists no Normalize module, but fastembed always L2-normalises",
                model_dir.join("modules.json").display()
            );
        }
        let onnx_path = model_dir.join("onnx").join("model.onnx");
        let onnx = read(model_dir, "onnx/model.onnx")?;
        let tokenizer_files = TokenizerFiles {
            tokenizer_file: read(model_dir, "tokenizer.json")?,
            config_file: read(model_dir, "config.json")?,
            special_tokens_map_file: read(model_dir, "special_tokens_map.json")?,
            tokenizer_config_file: read(model_dir, "tokenizer_config.json")?,
        };
        let model =
            UserDefinedEmbeddingModel::new(onnx, tokenizer_files).with_pooling(Pooling::Mean);
        let options = InitOptionsUserDefined::new()
            .with_environment(environment.clone())
            .with_max_length(config.max_seq_length)
            .with_intra_threads(threads);
        let text_embedding = TextEmbedding::try_new_from_user_defined(model, options)
            .map_err(|e| anyhow!("model: cannot load ONNX model {}: {e}", onnx_path.display()))?;
        let tokenizer = text_embedding.tokenizer.clone();
        let mut embedder = FastEmbed::from(text_embedding);
        if let Some(batch_size) = batch_size {
            embedder = embedder.with_batch_size(batch_size);
        }
        Ok(Self {
            config,
            embedder,
            tokenizer,
        })
    }

    /// Embeds one forward pass worth of texts (rag-core hands at most `embed_batch_size`, so
    /// FastEmbed runs them as one batch). Returns the vectors and the non-padding tokens.
    pub fn embed(&self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)> {
        if texts.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let documents: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        // No Tokio runtime on this thread: langchain-rust then runs fastembed inline.
        let vectors = futures::executor::block_on(self.embedder.embed_documents(&documents))
            .map_err(|e| anyhow!("fastembed: {e}"))?;
        // langchain-rust widens fastembed's float32 vectors to f64; narrowing back is exact.
        let vectors = vectors
            .into_iter()
            .map(|v| v.into_iter().map(|x| x as f32).collect())
            .collect();
        Ok((vectors, self.count_tokens(texts)?))
    }

    /// fastembed's tokenizer, as it encodes every batch.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// The non-padding tokens of `texts` as fastembed's tokenizer encodes them (`[CLS]` and
    /// `[SEP]` included): langchain-rust's Embedder returns vectors only.
    pub fn count_tokens(&self, texts: &[&str]) -> Result<usize> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| anyhow!("tokenizer: {e}"))?;
        Ok(encodings
            .iter()
            .map(|e| {
                e.get_attention_mask()
                    .iter()
                    .map(|&m| m as usize)
                    .sum::<usize>()
            })
            .sum())
    }
}
