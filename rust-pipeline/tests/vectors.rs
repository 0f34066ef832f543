//! The Candle model held to the contract's shared test vectors (pipelines/testdata): token ids
//! and reference embeddings.

mod common;

use common::model_dir;
use common::vectors::{assert_rag_core_token_ids, Reference};
use rag_core::sentence_model::SentenceModelConfig;
use rust_pipeline::model::{EncoderKind, SentenceEmbedder, SentenceTokenizer};

fn tokenizer() -> SentenceTokenizer {
    let config = SentenceModelConfig::read(&model_dir()).unwrap();
    SentenceTokenizer::load(&model_dir(), config.max_seq_length).unwrap()
}

#[test]
fn token_ids_match_sentence_transformers() {
    assert_rag_core_token_ids();
}

#[test]
fn batches_pad_to_their_longest_text_not_to_128() {
    let tokenizer = tokenizer();
    let batch = tokenizer
        .encode_batch(&["a short one", "and a slightly longer one"])
        .unwrap();
    assert_eq!(batch.batch_size, 2);
    assert!(batch.seq_len < 16, "padded to {}", batch.seq_len);
    assert_eq!(batch.real_tokens(), 5 + 7);
}

#[test]
fn tuned_embeddings_match_sentence_transformers() {
    embeddings_match_sentence_transformers(EncoderKind::Tuned);
}

#[test]
fn stock_embeddings_match_sentence_transformers() {
    embeddings_match_sentence_transformers(EncoderKind::Stock);
}

fn embeddings_match_sentence_transformers(kind: EncoderKind) {
    let reference = Reference::load();
    let embedder = SentenceEmbedder::load(&model_dir(), kind).unwrap();
    assert_eq!(embedder.dim, reference.dim);
    // All in one padded batch, so that the attention mask and mean pooling are exercised too.
    let (vectors, tokens) = embedder.embed(&reference.texts()).unwrap();
    assert!(tokens > 0);
    reference.assert_matches(&vectors, &format!("{kind:?}"));
}
