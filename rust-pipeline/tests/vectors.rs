//! The Candle model held to the contract's shared test vectors (pipelines/testdata): token ids
//! and reference embeddings.

mod common;

use common::{model_dir, read_json, testdata};
use rag_core::sentence_model::SentenceModelConfig;
use rust_pipeline::model::{EncoderKind, SentenceEmbedder, SentenceTokenizer};

fn tokenizer() -> SentenceTokenizer {
    let config = SentenceModelConfig::read(&model_dir()).unwrap();
    SentenceTokenizer::load(&model_dir(), config.max_seq_length).unwrap()
}

#[test]
fn token_ids_match_sentence_transformers() {
    let expected = read_json(testdata().join("tokens.json"));
    let tokenizer = tokenizer();
    assert_eq!(
        tokenizer.max_seq_length as u64,
        expected["max_seq_length"].as_u64().unwrap()
    );
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

fn cosine(a: &[f32], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| *x as f64 * y).sum();
    let na: f64 = a.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|y| y.powi(2)).sum::<f64>().sqrt();
    dot / (na * nb)
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
    let expected = read_json(testdata().join("embeddings.json"));
    let embedder = SentenceEmbedder::load(&model_dir(), kind).unwrap();
    assert_eq!(embedder.dim as u64, expected["dim"].as_u64().unwrap());
    let cases = expected["sentences"].as_array().unwrap();
    let texts: Vec<&str> = cases.iter().map(|c| c["text"].as_str().unwrap()).collect();
    // All in one padded batch, so that the attention mask and mean pooling are exercised too.
    let (vectors, tokens) = embedder.embed(&texts).unwrap();
    assert!(tokens > 0);
    for (case, got) in cases.iter().zip(&vectors) {
        let want: Vec<f64> = case["embedding"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        let norm: f64 = got.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
        assert!(
            (norm - 1.0).abs() < 1e-4,
            "{kind:?}: not normalised: {norm}"
        );
        let c = cosine(got, &want);
        // fp32 end to end, as the reference: only summation order differs.
        assert!(c >= 0.99999, "{kind:?}: cosine {c} for {:?}", case["text"]);
    }
}
