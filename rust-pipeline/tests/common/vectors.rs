//! The contract's reference vectors (pipelines/testdata: tokens.json, embeddings.json, made by
//! sentence-transformers) and the checks every Rust pipeline's tests hold its model to.

use super::{model_dir, read_json, testdata};
use rag_core::sentence_model::{SentenceModelConfig, SentenceTokenizer};
use serde_json::Value;

fn floats(values: &Value) -> Vec<f64> {
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// Checks `token_ids` against every text of tokens.json (one is longer than tokenizer.json's
/// 128, so truncation at the model's 256 is checked too). Returns tokens.json's max_seq_length.
pub fn assert_token_ids(token_ids: impl Fn(&str) -> Vec<u32>) -> u64 {
    let expected = read_json(testdata().join("tokens.json"));
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
        assert_eq!(token_ids(text), want, "token ids of {text:?}");
    }
    assert!(
        longest > 128,
        "the vectors must include a text longer than tokenizer.json's 128"
    );
    expected["max_seq_length"].as_u64().unwrap()
}

/// rag-core's tokenizer, loaded as the pipelines that use it load it (the model's
/// max_seq_length), against tokens.json, whose max_seq_length must be the model's.
pub fn assert_rag_core_token_ids() {
    let config = SentenceModelConfig::read(&model_dir()).unwrap();
    let tokenizer = SentenceTokenizer::load(&model_dir(), config.max_seq_length).unwrap();
    let max_seq_length = assert_token_ids(|text| tokenizer.token_ids(text).unwrap());
    assert_eq!(config.max_seq_length as u64, max_seq_length);
}

/// embeddings.json: the texts and their reference vectors.
pub struct Reference {
    pub dim: usize,
    pub texts: Vec<String>,
    pub embeddings: Vec<Vec<f64>>,
}

impl Reference {
    pub fn load() -> Self {
        let expected = read_json(testdata().join("embeddings.json"));
        let cases = expected["sentences"].as_array().unwrap();
        Self {
            dim: expected["dim"].as_u64().unwrap() as usize,
            texts: cases
                .iter()
                .map(|c| c["text"].as_str().unwrap().to_string())
                .collect(),
            embeddings: cases.iter().map(|c| floats(&c["embedding"])).collect(),
        }
    }

    pub fn texts(&self) -> Vec<&str> {
        self.texts.iter().map(String::as_str).collect()
    }

    /// The texts' token count without padding, `count` giving one text's.
    pub fn token_total(&self, count: impl Fn(&str) -> usize) -> usize {
        self.texts.iter().map(|t| count(t)).sum()
    }

    /// Holds `embed` (the vectors and the token count it reports) to the references twice: all
    /// texts in one padded batch, so that the attention mask and mean pooling are exercised and
    /// the count must be the non-padding `tokens`; then one text at a time, with no padding.
    pub fn assert_embeds(
        &self,
        tokens: usize,
        mut embed: impl FnMut(&[&str]) -> (Vec<Vec<f32>>, usize),
    ) {
        let texts = self.texts();
        let (vectors, counted) = embed(&texts);
        assert_eq!(counted, tokens, "tokens are the non-padding ones");
        self.assert_matches(&vectors, "one batch");
        let single: Vec<Vec<f32>> = texts.iter().map(|t| embed(&[t]).0.remove(0)).collect();
        self.assert_matches(&single, "one text at a time");
    }

    /// Each vector is unit length and at cosine >= 0.99999 to its reference. An fp32 engine on
    /// the same weights lands there (only the summation order differs); a wrong pooling, padding
    /// mask, activation or truncation falls below the conformance kit's 0.999
    /// (harness/src/verify/vectors.ts REFERENCE_MIN_COSINE). `what` names the run in messages.
    pub fn assert_matches(&self, vectors: &[Vec<f32>], what: &str) {
        assert_eq!(vectors.len(), self.texts.len(), "{what}: vector count");
        for ((text, want), got) in self.texts.iter().zip(&self.embeddings).zip(vectors) {
            let norm = got.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
            assert!((norm - 1.0).abs() < 1e-4, "{what}: not normalised: {norm}");
            let c = cosine(got, want);
            assert!(c >= 0.99999, "{what}: cosine {c} for {text:?}");
        }
    }
}

pub fn cosine(a: &[f32], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| *x as f64 * y).sum();
    let na: f64 = a.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|y| y.powi(2)).sum::<f64>().sqrt();
    dot / (na * nb)
}
