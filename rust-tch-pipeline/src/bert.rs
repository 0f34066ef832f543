//! BERT's encoder over libtorch tensors, as transformers' `BertModel` runs it in the Python
//! pipeline: embeddings (word + position + token type, LayerNorm), then per layer separate
//! Q/K/V linears, `scaled_dot_product_attention` with the padding mask (transformers' "sdpa"
//! attention, its default), output linear + residual + LayerNorm, intermediate linear + exact
//! (erf) GELU, output linear + residual + LayerNorm. fp32, CPU, no autograd.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;
use tch::{Device, Kind, Tensor};

/// The fields of transformers' `config.json` this encoder uses.
#[derive(Debug, Clone, Deserialize)]
pub struct BertConfig {
    pub vocab_size: i64,
    pub hidden_size: i64,
    pub num_hidden_layers: i64,
    pub num_attention_heads: i64,
    pub intermediate_size: i64,
    pub max_position_embeddings: i64,
    pub type_vocab_size: i64,
    pub layer_norm_eps: f64,
    pub hidden_act: String,
    #[serde(default = "absolute")]
    pub position_embedding_type: String,
}

fn absolute() -> String {
    "absolute".into()
}

impl BertConfig {
    /// Rejects what this encoder does not implement.
    pub fn check(&self) -> Result<()> {
        if self.hidden_act != "gelu" {
            bail!(
                "hidden_act {:?} is not the exact GELU this encoder implements",
                self.hidden_act
            );
        }
        if self.position_embedding_type != "absolute" {
            bail!("only absolute position embeddings are implemented");
        }
        if self.num_attention_heads <= 0 || self.hidden_size % self.num_attention_heads != 0 {
            bail!(
                "hidden_size {} is not a multiple of num_attention_heads {}",
                self.hidden_size,
                self.num_attention_heads
            );
        }
        Ok(())
    }
}

/// The safetensors file's tensors by name, each taken once with its shape checked.
struct Weights {
    tensors: HashMap<String, Tensor>,
    prefix: &'static str,
}

impl Weights {
    fn read(path: &Path) -> Result<Self> {
        let tensors: HashMap<String, Tensor> = Tensor::read_safetensors(path)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .into_iter()
            .collect();
        // sentence-transformers saves the encoder at the top level; transformers under `bert.`.
        let prefix = if tensors.contains_key("embeddings.word_embeddings.weight") {
            ""
        } else {
            "bert."
        };
        Ok(Self { tensors, prefix })
    }

    /// The fp32 tensor `name` of shape `shape`.
    fn take(&mut self, name: &str, shape: &[i64]) -> Result<Tensor> {
        let full = format!("{}{name}", self.prefix);
        let tensor = self
            .tensors
            .remove(&full)
            .with_context(|| format!("no tensor {full}"))?;
        if tensor.size() != shape {
            bail!(
                "tensor {full} has shape {:?}, config.json implies {shape:?}",
                tensor.size()
            );
        }
        Ok(tensor.f_to_kind(Kind::Float)?.f_contiguous()?)
    }

    fn linear(&mut self, name: &str, out_dim: i64, in_dim: i64) -> Result<Linear> {
        Ok(Linear {
            weight: self.take(&format!("{name}.weight"), &[out_dim, in_dim])?,
            bias: self.take(&format!("{name}.bias"), &[out_dim])?,
        })
    }

    fn layer_norm(&mut self, name: &str, size: i64, eps: f64) -> Result<LayerNorm> {
        Ok(LayerNorm {
            weight: self.take(&format!("{name}.weight"), &[size])?,
            bias: self.take(&format!("{name}.bias"), &[size])?,
            eps,
        })
    }
}

struct Linear {
    weight: Tensor,
    bias: Tensor,
}

impl Linear {
    /// `x W^T + b` (torch.nn.functional.linear).
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        Ok(x.f_linear(&self.weight, Some(&self.bias))?)
    }
}

struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
    eps: f64,
}

impl LayerNorm {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let hidden = *x.size().last().context("LayerNorm of a scalar")?;
        Ok(x.f_layer_norm(
            [hidden],
            Some(&self.weight),
            Some(&self.bias),
            self.eps,
            false,
        )?)
    }
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_output: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

impl Layer {
    fn load(w: &mut Weights, i: i64, c: &BertConfig) -> Result<Self> {
        let (h, m, eps) = (c.hidden_size, c.intermediate_size, c.layer_norm_eps);
        let p = format!("encoder.layer.{i}");
        Ok(Self {
            query: w.linear(&format!("{p}.attention.self.query"), h, h)?,
            key: w.linear(&format!("{p}.attention.self.key"), h, h)?,
            value: w.linear(&format!("{p}.attention.self.value"), h, h)?,
            attention_output: w.linear(&format!("{p}.attention.output.dense"), h, h)?,
            attention_norm: w.layer_norm(&format!("{p}.attention.output.LayerNorm"), h, eps)?,
            intermediate: w.linear(&format!("{p}.intermediate.dense"), m, h)?,
            output: w.linear(&format!("{p}.output.dense"), h, m)?,
            output_norm: w.layer_norm(&format!("{p}.output.LayerNorm"), h, eps)?,
        })
    }

    /// hidden: (batch, seq, hidden); mask: (batch, 1, 1, seq) bool, true where a key is a token.
    fn forward(&self, hidden: &Tensor, mask: &Tensor, heads: i64) -> Result<Tensor> {
        let (batch, seq, size) = hidden.size3()?;
        let split = |t: Tensor| -> Result<Tensor> {
            Ok(t.f_view([batch, seq, heads, size / heads])?
                .f_transpose(1, 2)?)
        };
        let q = split(self.query.forward(hidden)?)?;
        let k = split(self.key.forward(hidden)?)?;
        let v = split(self.value.forward(hidden)?)?;
        let context = Tensor::f_scaled_dot_product_attention(
            &q,
            &k,
            &v,
            Some(mask),
            0.0,
            false,
            None::<f64>,
            false,
        )?
        .f_transpose(1, 2)?
        .f_reshape([batch, seq, size])?;
        let attended = self
            .attention_norm
            .forward(&self.attention_output.forward(&context)?.f_add(hidden)?)?;
        let intermediate = self.intermediate.forward(&attended)?.f_gelu("none")?;
        self.output_norm
            .forward(&self.output.forward(&intermediate)?.f_add(&attended)?)
    }
}

/// BERT's encoder with its weights on the CPU.
pub struct Bert {
    word: Tensor,
    position: Tensor,
    token_type: Tensor,
    embeddings_norm: LayerNorm,
    layers: Vec<Layer>,
    heads: i64,
}

impl Bert {
    /// The weights of `model.safetensors` as `config` (checked) describes them; every tensor the
    /// encoder needs must be there with its shape. Errors name the file.
    pub fn load(weights: &Path, config: &BertConfig) -> Result<Self> {
        let mut w = Weights::read(weights)
            .with_context(|| format!("model: cannot load {}", weights.display()))?;
        Self::from_weights(&mut w, config).with_context(|| {
            format!(
                "model: {} does not hold the BERT weights config.json describes",
                weights.display()
            )
        })
    }

    fn from_weights(w: &mut Weights, config: &BertConfig) -> Result<Self> {
        let h = config.hidden_size;
        let word = w.take("embeddings.word_embeddings.weight", &[config.vocab_size, h])?;
        let position = w.take(
            "embeddings.position_embeddings.weight",
            &[config.max_position_embeddings, h],
        )?;
        let token_type = w.take(
            "embeddings.token_type_embeddings.weight",
            &[config.type_vocab_size, h],
        )?;
        let embeddings_norm = w.layer_norm("embeddings.LayerNorm", h, config.layer_norm_eps)?;
        let layers = (0..config.num_hidden_layers)
            .map(|i| Layer::load(w, i, config))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            word,
            position,
            token_type,
            embeddings_norm,
            layers,
            heads: config.num_attention_heads,
        })
    }

    /// (batch, seq) token ids, type ids and attention mask, row-major -> (batch, seq, hidden).
    /// Runs without autograd (no_grad), as sentence-transformers' `encode` does.
    pub fn forward(
        &self,
        ids: &[u32],
        type_ids: &[u32],
        attention_mask: &[u32],
        batch: usize,
        seq: usize,
    ) -> Result<Tensor> {
        let shape = [batch as i64, seq as i64];
        let int64 = |values: &[u32]| -> Result<Tensor> {
            let values: Vec<i64> = values.iter().map(|&v| i64::from(v)).collect();
            Ok(Tensor::f_from_slice(&values)?.f_view(shape)?)
        };
        tch::no_grad(|| {
            let ids = int64(ids)?;
            let type_ids = int64(type_ids)?;
            let mask = int64(attention_mask)?
                .f_to_kind(Kind::Bool)?
                .f_view([shape[0], 1, 1, shape[1]])?;
            let positions = Tensor::f_arange(shape[1], (Kind::Int64, Device::Cpu))?;
            // transformers' order: words + token types, then + positions.
            let embedded = Tensor::f_embedding(&self.word, &ids, -1, false, false)?
                .f_add(&Tensor::f_embedding(
                    &self.token_type,
                    &type_ids,
                    -1,
                    false,
                    false,
                )?)?
                .f_add(&Tensor::f_embedding(
                    &self.position,
                    &positions,
                    -1,
                    false,
                    false,
                )?)?;
            let mut hidden = self.embeddings_norm.forward(&embedded)?;
            for layer in &self.layers {
                hidden = layer.forward(&hidden, &mask, self.heads)?;
            }
            Ok(hidden)
        })
    }
}
