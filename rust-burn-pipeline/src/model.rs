//! The sentence-transformers model (pipelines/README.md rule 7) on Burn: the ONNX export,
//! turned into Burn code and Burnpack weights by burn-onnx's ModelGen at build time (build.rs),
//! run on Burn's `flex` CPU backend, fed by rag-core's tokenizer, its `(batch, seq, dim)` output
//! mean-pooled and normalised by rag-core.
//!
//! The graph and the weights are compiled in, so a model directory can only be run if its
//! `onnx/model.onnx` is the export this binary was built from (size and sha256 compared at
//! load); another model needs a rebuild with `RUST_BURN_ONNX` pointing at its export.

use anyhow::{bail, Context, Result};
use burn::tensor::{Device, Int, Tensor, TensorData};
use rag_core::sentence_model::{
    mean_pool, require_file, SentenceModelConfig, SentenceTokenizer, TokenBatch,
};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// The code burn-onnx generated from the export (`$OUT_DIR/model/minilm.rs`).
#[allow(clippy::all, clippy::pedantic, unused, missing_docs)]
pub mod minilm {
    include!(concat!(env!("OUT_DIR"), "/model/minilm.rs"));
}

/// The sha256 and size of the ONNX export compiled in (build.rs).
pub const BUILT_ONNX_SHA256: &str = env!("RUST_BURN_ONNX_SHA256");
pub const BUILT_ONNX_BYTES: &str = env!("RUST_BURN_ONNX_BYTES");

pub struct BurnSentenceEmbedder {
    pub tokenizer: SentenceTokenizer,
    pub config: SentenceModelConfig,
    model: minilm::Model,
    device: Device,
}

/// The file's sha256, streamed.
fn sha256_file(path: &Path) -> Result<String> {
    let mut file = std::fs::File::open(path)
        .with_context(|| format!("model: cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let read = file
            .read(&mut buffer)
            .with_context(|| format!("model: cannot read {}", path.display()))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Refuses a model directory whose ONNX export is not the one compiled in.
fn check_export(onnx: &Path) -> Result<()> {
    let bytes = std::fs::metadata(onnx)
        .with_context(|| format!("model: cannot read {}", onnx.display()))?
        .len();
    let same = bytes.to_string() == BUILT_ONNX_BYTES && sha256_file(onnx)? == BUILT_ONNX_SHA256;
    if !same {
        bail!(
            "model: cannot load ONNX model {}: it is not the export this binary was built from \
             (sha256 {BUILT_ONNX_SHA256}, {BUILT_ONNX_BYTES} bytes); Burn compiles the graph and \
             weights in: rebuild rust-burn-pipeline with RUST_BURN_ONNX={}",
            onnx.display(),
            onnx.display()
        );
    }
    Ok(())
}

impl BurnSentenceEmbedder {
    pub fn load(model_dir: &Path) -> Result<Self> {
        let config = SentenceModelConfig::read(model_dir)?;
        let tokenizer = SentenceTokenizer::load(model_dir, config.max_seq_length)?;
        let onnx = require_file(model_dir.join("onnx").join("model.onnx"))?;
        check_export(&onnx)?;
        let device = Device::default();
        let model = minilm::Model::from_embedded(&device);
        Ok(Self {
            tokenizer,
            config,
            model,
            device,
        })
    }

    /// Embeds one forward pass worth of texts. Returns the vectors and the non-padding tokens.
    pub fn embed(&self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, usize)> {
        if texts.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let batch = self.tokenizer.encode_batch(texts)?;
        let hidden = self.model.forward(
            self.int_tensor(&batch, &batch.ids),
            self.int_tensor(&batch, &batch.attention_mask),
            self.int_tensor(&batch, &batch.type_ids),
        );
        let dim = self.config.dim;
        let expected = [batch.batch_size, batch.seq_len, dim];
        let shape = hidden.dims();
        if shape != expected {
            bail!("model: Burn output has shape {shape:?}, expected {expected:?}");
        }
        let data = hidden.into_data();
        let values = data
            .as_slice::<f32>()
            .map_err(|e| anyhow::anyhow!("model: the output is not float32: {e:?}"))?;
        let vectors = mean_pool(values, &batch, dim, self.config.normalize);
        Ok((vectors, batch.real_tokens()))
    }

    /// One `(batch, seq)` int64 input, the type BERT exports take.
    fn int_tensor(&self, batch: &TokenBatch, values: &[u32]) -> Tensor<2, Int> {
        let data: Vec<i64> = values.iter().map(|&v| i64::from(v)).collect();
        Tensor::from_data(
            TensorData::new(data, [batch.batch_size, batch.seq_len]),
            &self.device,
        )
    }
}
