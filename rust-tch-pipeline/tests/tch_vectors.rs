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
    let embedder = TchSentenceEmbedder::load(&model_dir()).unwrap();
    assert_eq!(embedder.config.dim, reference.dim);
    let tokens = reference.token_total(|t| embedder.tokenizer.token_ids(t).unwrap().len());
    reference.assert_embeds(tokens, |texts| embedder.embed(texts).unwrap());
}
