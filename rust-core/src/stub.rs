//! The stub embedding of pipelines/README.md rule 8: deterministic, model-free, 384 dims.

use crate::{Embedder, SharedEmbedder};
use sha2::{Digest, Sha256};

pub const STUB_DIM: usize = 384;

/// SHA-256 counter-mode words of the text, mapped to [-1, 1) and L2-normalised in f64.
pub fn stub_embedding(text: &str) -> Vec<f32> {
    let mut words = Vec::with_capacity(STUB_DIM);
    let mut counter: u32 = 0;
    while words.len() < STUB_DIM {
        let digest = Sha256::new()
            .chain_update(text.as_bytes())
            .chain_update(counter.to_be_bytes())
            .finalize();
        for word in digest.chunks_exact(4) {
            words.push(u32::from_be_bytes([word[0], word[1], word[2], word[3]]));
        }
        counter += 1;
    }
    words.truncate(STUB_DIM);
    let x: Vec<f64> = words
        .iter()
        .map(|&w| w as f64 / 4_294_967_296.0 * 2.0 - 1.0)
        .collect();
    let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
    x.iter().map(|v| (v / norm) as f32).collect()
}

/// The `stub` mode's embedder: no model, no tokens.
pub struct StubEmbedder;

impl Embedder for StubEmbedder {
    fn dim(&self) -> usize {
        STUB_DIM
    }

    fn embed(&mut self, texts: &[&str]) -> anyhow::Result<(Vec<Vec<f32>>, usize)> {
        Ok((texts.iter().map(|t| stub_embedding(t)).collect(), 0))
    }
}

impl SharedEmbedder for StubEmbedder {
    fn embed_one(&self, text: &str) -> anyhow::Result<Vec<f32>> {
        Ok(stub_embedding(text))
    }
}
