//! langchain-rust's FastEmbed embedder, built from the local model files, held to the contract's
//! shared test vectors (pipelines/testdata): fastembed's tokenizer against the reference token
//! ids (truncation at 256, not tokenizer.json's 128), its vectors against the reference
//! embeddings, on the ONNX Runtime library the pipeline finds by itself.

// The same paths as rust-pipeline's tests (both crates sit one level under the repo root).
#[path = "../../rust-pipeline/tests/common/mod.rs"]
mod common;

use common::model_dir;
use common::vectors::{assert_token_ids, Reference};
use rust_langchain_pipeline::model::FastEmbedModel;
use rust_ort_pipeline::runtime::{self, Runtime};
use std::sync::OnceLock;

/// One ONNX Runtime environment per process, shared by the tests.
fn model(batch_size: Option<usize>) -> FastEmbedModel {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    let runtime = RUNTIME.get_or_init(|| runtime::load(&runtime::locate().unwrap()).unwrap());
    FastEmbedModel::load(&runtime.environment, &model_dir(), 2, batch_size).unwrap()
}

#[test]
fn fastembed_tokenizer_gives_the_reference_token_ids() {
    let model = model(None);
    assert_token_ids(|text| {
        let ids = model
            .tokenizer()
            .encode(text, true)
            .unwrap()
            .get_ids()
            .to_vec();
        assert_eq!(model.count_tokens(&[text]).unwrap(), ids.len());
        ids
    });
}

#[test]
fn embeddings_match_sentence_transformers() {
    let reference = Reference::load();
    let model = model(Some(reference.texts.len()));
    assert_eq!(model.config.dim, reference.dim);
    let tokens = reference.token_total(|t| model.tokenizer().encode(t, true).unwrap().len());
    reference.assert_embeds(tokens, |texts| model.embed(texts).unwrap());
}
