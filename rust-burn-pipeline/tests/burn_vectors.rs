//! The Burn model held to the contract's shared test vectors (pipelines/testdata): token ids and
//! reference embeddings, on the graph and weights burn-onnx generated from the ONNX export.

// The same paths as rust-pipeline's tests (both crates sit one level under the repo root).
#[path = "../../rust-pipeline/tests/common/mod.rs"]
mod common;

use common::model_dir;
use common::vectors::{assert_rag_core_token_ids, Reference};
use rust_burn_pipeline::model::BurnSentenceEmbedder;

#[test]
fn token_ids_match_sentence_transformers() {
    assert_rag_core_token_ids();
}

#[test]
fn embeddings_match_sentence_transformers() {
    let reference = Reference::load();
    let embedder = BurnSentenceEmbedder::load(&model_dir()).unwrap();
    assert_eq!(embedder.config.dim, reference.dim);
    let tokens = reference.token_total(|t| embedder.tokenizer.token_ids(t).unwrap().len());
    reference.assert_embeds(tokens, |texts| embedder.embed(texts).unwrap());
}
