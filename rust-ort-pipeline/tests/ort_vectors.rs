//! The ONNX Runtime model held to the contract's shared test vectors (pipelines/testdata):
//! token ids and reference embeddings, on the library the pipeline finds by itself.

mod common;

use common::model_dir;
use common::vectors::{assert_token_ids, Reference};
use rag_core::sentence_model::{SentenceModelConfig, SentenceTokenizer};
use rust_ort_pipeline::model::OrtSentenceEmbedder;
use rust_ort_pipeline::runtime;

#[test]
fn token_ids_match_sentence_transformers() {
    let config = SentenceModelConfig::read(&model_dir()).unwrap();
    let tokenizer = SentenceTokenizer::load(&model_dir(), config.max_seq_length).unwrap();
    let max_seq_length = assert_token_ids(|text| tokenizer.token_ids(text).unwrap());
    assert_eq!(config.max_seq_length as u64, max_seq_length);
}

/// One test for everything that needs the library: ONNX Runtime allows one environment per
/// process, and the test harness runs tests of a file as threads of one process.
#[test]
fn embeddings_match_sentence_transformers() {
    let runtime = runtime::load(&runtime::locate().unwrap()).unwrap();
    assert!(
        runtime.version.starts_with("1."),
        "version {:?}",
        runtime.version
    );
    let reference = Reference::load();
    let texts = reference.texts();
    let mut embedder = OrtSentenceEmbedder::load(&runtime.environment, &model_dir(), 2).unwrap();
    assert_eq!(embedder.config.dim, reference.dim);
    // All in one padded batch, so that the attention mask and mean pooling are exercised too.
    let (vectors, tokens) = embedder.embed(&texts).unwrap();
    let want_tokens: usize = texts
        .iter()
        .map(|t| embedder.tokenizer.token_ids(t).unwrap().len())
        .sum();
    assert_eq!(tokens, want_tokens, "tokens are the non-padding ones");
    reference.assert_matches(&vectors, "one batch");
}
