//! The libtorch model held to the contract's reference embeddings (pipelines/testdata,
//! computed by sentence-transformers on torch): in one padded batch, and one text at a time.

// The same paths as rust-pipeline's tests (both crates sit one level under the repo root).
#[path = "../../rust-pipeline/tests/common/mod.rs"]
mod common;

use common::{model_dir, read_json, testdata};
use rust_tch_pipeline::model::TchSentenceEmbedder;

fn cosine(a: &[f32], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| *x as f64 * y).sum();
    let na: f64 = a.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|y| y.powi(2)).sum::<f64>().sqrt();
    dot / (na * nb)
}

/// Each vector is unit length and at cosine >= 0.99999 to its reference: the conformance kit's
/// bound (harness/src/verify/vectors.ts REFERENCE_MIN_COSINE). A wrong pooling, padding mask,
/// GELU or truncation falls below 0.999.
fn assert_matches(cases: &[serde_json::Value], vectors: &[Vec<f32>]) {
    assert_eq!(vectors.len(), cases.len());
    for (case, got) in cases.iter().zip(vectors) {
        let want: Vec<f64> = case["embedding"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        let norm: f64 = got.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "not normalised: {norm}");
        let c = cosine(got, &want);
        assert!(c >= 0.99999, "cosine {c} for {:?}", case["text"]);
    }
}

#[test]
fn embeddings_match_sentence_transformers() {
    tch::set_num_threads(2);
    let expected = read_json(testdata().join("embeddings.json"));
    let embedder = TchSentenceEmbedder::load(&model_dir()).unwrap();
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
    assert_matches(cases, &vectors);

    // One at a time: no padding at all.
    let single: Vec<Vec<f32>> = texts
        .iter()
        .map(|t| embedder.embed(&[t]).unwrap().0.remove(0))
        .collect();
    assert_matches(cases, &single);
}
