//! The ONNX Runtime model held to the contract's shared test vectors (pipelines/testdata):
//! token ids and reference embeddings, on the library the pipeline finds by itself.

mod common;

use common::model_dir;
use common::vectors::{assert_rag_core_token_ids, Reference};
use rust_ort_pipeline::model::OrtSentenceEmbedder;
use rust_ort_pipeline::runtime;

#[test]
fn token_ids_match_sentence_transformers() {
    assert_rag_core_token_ids();
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
    let mut embedder = OrtSentenceEmbedder::load(&runtime.environment, &model_dir(), 2).unwrap();
    assert_eq!(embedder.config.dim, reference.dim);
    let tokens = reference.token_total(|t| embedder.tokenizer.token_ids(t).unwrap().len());
    reference.assert_embeds(tokens, |texts| embedder.embed(texts).unwrap());
}
