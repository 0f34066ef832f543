//! The Burn model held to the contract's shared test vectors (pipelines/testdata): token ids and
//! reference embeddings, on the graph and weights burn-onnx generated from the ONNX export.

// The same paths as rust-pipeline's tests (both crates sit one level under the repo root).
#[path = "../../rust-pipeline/tests/common/mod.rs"]
mod common;

use common::model_dir;
use common::vectors::{assert_token_ids, Reference};
use rag_core::sentence_model::{SentenceModelConfig, SentenceTokenizer};
use rust_burn_pipeline::model::BurnSentenceEmbedder;

#[test]
fn token_ids_match_sentence_transformers() {
    let config = SentenceModelConfig::read(&model_dir()).unwrap();
    let tokenizer = SentenceTokenizer::load(&model_dir(), config.max_seq_length).unwrap();
    let max_seq_length = assert_token_ids(|text| tokenizer.token_ids(text).unwrap());
    assert_eq!(config.max_seq_length as u64, max_seq_length);
}

#[test]
fn embeddings_match_sentence_transformers() {
    let reference = Reference::load();
    let texts = reference.texts();
    let embedder = BurnSentenceEmbedder::load(&model_dir()).unwrap();
    assert_eq!(embedder.config.dim, reference.dim);
    // All in one padded batch, so that the attention mask and mean pooling are exercised too.
    let (vectors, tokens) = embedder.embed(&texts).unwrap();
    let want_tokens: usize = texts
        .iter()
        .map(|t| embedder.tokenizer.token_ids(t).unwrap().len())
        .sum();
    assert_eq!(tokens, want_tokens, "tokens are the non-padding ones");
    reference.assert_matches(&vectors, "one batch");
    // One at a time: no padding at all.
    let single: Vec<Vec<f32>> = texts
        .iter()
        .map(|t| embedder.embed(&[t]).unwrap().0.remove(0))
        .collect();
    reference.assert_matches(&single, "one text at a time");
}
