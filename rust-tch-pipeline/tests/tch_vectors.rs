//! The libtorch model held to the contract's reference embeddings (pipelines/testdata,
//! computed by sentence-transformers on torch): in one padded batch, and one text at a time.

// The same paths as rust-pipeline's tests (both crates sit one level under the repo root).
#[path = "../../rust-pipeline/tests/common/mod.rs"]
mod common;

use common::model_dir;
use common::vectors::Reference;
use rust_tch_pipeline::model::TchSentenceEmbedder;

#[test]
fn embeddings_match_sentence_transformers() {
    tch::set_num_threads(2);
    let reference = Reference::load();
    let texts = reference.texts();
    let embedder = TchSentenceEmbedder::load(&model_dir()).unwrap();
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
