//! The ONNX Runtime model held to the contract's shared test vectors (pipelines/testdata):
//! token ids and reference embeddings, on the library the pipeline finds by itself.

mod common;

use common::{model_dir, read_json, testdata};
use rag_core::sentence_model::{SentenceModelConfig, SentenceTokenizer};
use rust_ort_pipeline::model::OrtSentenceEmbedder;
use rust_ort_pipeline::runtime;

#[test]
fn token_ids_match_sentence_transformers() {
    let expected = read_json(testdata().join("tokens.json"));
    let config = SentenceModelConfig::read(&model_dir()).unwrap();
    assert_eq!(
        config.max_seq_length as u64,
        expected["max_seq_length"].as_u64().unwrap()
    );
    let tokenizer = SentenceTokenizer::load(&model_dir(), config.max_seq_length).unwrap();
    let mut longest = 0;
    for case in expected["sentences"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let want: Vec<u32> = case["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap() as u32)
            .collect();
        longest = longest.max(want.len());
        assert_eq!(
            tokenizer.token_ids(text).unwrap(),
            want,
            "token ids of {text:?}"
        );
    }
    assert!(
        longest > 128,
        "the vectors must include a text longer than tokenizer.json's 128"
    );
}

fn cosine(a: &[f32], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| *x as f64 * y).sum();
    let na: f64 = a.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|y| y.powi(2)).sum::<f64>().sqrt();
    dot / (na * nb)
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
    let expected = read_json(testdata().join("embeddings.json"));
    let mut embedder = OrtSentenceEmbedder::load(&runtime.environment, &model_dir(), 2).unwrap();
    assert_eq!(
        embedder.config.dim as u64,
        expected["dim"].as_u64().unwrap()
    );
    let cases = expected["sentences"].as_array().unwrap();
    let texts: Vec<&str> = cases.iter().map(|c| c["text"].as_str().unwrap()).collect();
    // All in one padded batch, so that the attention mask and mean pooling are exercised too.
    let (vectors, tokens) = embedder.embed(&texts).unwrap();
    let want_tokens: usize = texts
        .iter()
        .map(|t| embedder.tokenizer.token_ids(t).unwrap().len())
        .sum();
    assert_eq!(tokens, want_tokens, "tokens are the non-padding ones");
    assert_eq!(vectors.len(), cases.len());
    for (case, got) in cases.iter().zip(&vectors) {
        let want: Vec<f64> = case["embedding"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        let norm: f64 = got.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "not normalised: {norm}");
        let c = cosine(got, &want);
        // The conformance kit's bound (harness/src/verify/vectors.ts REFERENCE_MIN_COSINE): an
        // fp32 engine on the same weights lands well within it; a wrong pooling, padding or
        // truncation falls below 0.999.
        assert!(c >= 0.99999, "cosine {c} for {:?}", case["text"]);
    }
}
