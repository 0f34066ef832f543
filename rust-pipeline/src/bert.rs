//! The tuned BERT encoder: the same weights and fp32 arithmetic as candle-transformers'
//! `BertModel` (exact erf GELU, transformers' f32::MIN key mask), with self-attention done by
//! the fused kernel of `kernels::attention` on (batch * seq, hidden) matrices: no per-head
//! transposes, no (batch, heads, seq, seq) score tensor. The intermediate linear's bias add
//! and GELU are one vectorised pass (`kernels::gelu`) applied in place to its matmul output;
//! each "add & norm" (bias, residual, LayerNorm) is one pass too (`kernels::layer_norm`).

use crate::kernels::attention::{fused_attention, AttentionShape, KeyMask, QkvView};
use crate::kernels::inplace::{BiasGelu, BiasResidualNorm};
use crate::kernels::layer_norm::AddNorm;
use crate::kernels::linear::{linear as direct_linear, PackedWeight};
use anyhow::{bail, Context, Result};
use candle_core::{CpuStorage, DType, Device, Storage, Tensor};
use candle_nn::{embedding, layer_norm, linear, Embedding, LayerNorm, Module, VarBuilder};
use candle_transformers::models::bert::{Config, HiddenAct, PositionEmbeddingType};

struct Embeddings {
    word: Embedding,
    position: Embedding,
    token_type: Embedding,
    layer_norm: LayerNorm,
}

impl Embeddings {
    fn load(vb: VarBuilder, config: &Config) -> Result<Self> {
        let h = config.hidden_size;
        Ok(Self {
            word: embedding(config.vocab_size, h, vb.pp("word_embeddings"))?,
            position: embedding(
                config.max_position_embeddings,
                h,
                vb.pp("position_embeddings"),
            )?,
            token_type: embedding(config.type_vocab_size, h, vb.pp("token_type_embeddings"))?,
            layer_norm: layer_norm(h, config.layer_norm_eps, vb.pp("LayerNorm"))?,
        })
    }

    /// (batch, seq) ids -> (batch * seq, hidden).
    fn forward(&self, ids: &Tensor, type_ids: &Tensor) -> Result<Tensor> {
        let (_, seq) = ids.dims2()?;
        let positions = Tensor::arange(0u32, seq as u32, ids.device())?;
        let sum = (self.word.forward(ids)? + self.token_type.forward(type_ids)?)?
            .broadcast_add(&self.position.forward(&positions)?)?;
        let hidden = sum.dim(2)?;
        Ok(self.layer_norm.forward(&sum)?.reshape(((), hidden))?)
    }
}

struct Layer {
    query: Dense,
    key: Dense,
    value: Dense,
    attention_output: Dense,
    attention_norm: Norm,
    intermediate: Dense,
    output: Dense,
    output_norm: Norm,
}

impl Layer {
    fn load(vb: VarBuilder, config: &Config, matmul: Matmul) -> Result<Self> {
        let (h, i, eps) = (
            config.hidden_size,
            config.intermediate_size,
            config.layer_norm_eps,
        );
        let attention = vb.pp("attention");
        let own = attention.pp("self");
        let dense = |i, o, vb| Dense::load(i, o, vb, matmul);
        Ok(Self {
            query: dense(h, h, own.pp("query"))?,
            key: dense(h, h, own.pp("key"))?,
            value: dense(h, h, own.pp("value"))?,
            attention_output: dense(h, h, attention.pp("output").pp("dense"))?,
            attention_norm: Norm::load(h, eps, attention.pp("output").pp("LayerNorm"))?,
            intermediate: dense(h, i, vb.pp("intermediate").pp("dense"))?,
            output: dense(i, h, vb.pp("output").pp("dense"))?,
            output_norm: Norm::load(h, eps, vb.pp("output").pp("LayerNorm"))?,
        })
    }

    /// hidden: (batch * seq, hidden) -> the same shape.
    fn forward(
        &self,
        hidden: &Tensor,
        mask: &KeyMask,
        shape: AttentionShape,
        fused: Fused,
    ) -> Result<Tensor> {
        let q = self.query.forward(hidden)?;
        let k = self.key.forward(hidden)?;
        let v = self.value.forward(hidden)?;
        let context = with_f32(&q, |q| {
            with_f32(&k, |k| {
                with_f32(&v, |v| {
                    let mut out = vec![0f32; shape.rows() * shape.hidden()];
                    let view = QkvView {
                        q,
                        k,
                        v,
                        row_stride: shape.hidden(),
                    };
                    fused_attention(view, mask, shape, &mut out);
                    Ok(out)
                })
            })
        })?;
        let context = Tensor::from_vec(context, (shape.rows(), shape.hidden()), hidden.device())?;
        let attended = add_norm(
            &self.attention_output,
            &self.attention_norm,
            &context,
            hidden,
            fused,
        )?;
        let mut intermediate = self.intermediate.matmul(&attended)?;
        if fused.bias_gelu {
            intermediate.inplace_op1(&BiasGelu(&self.intermediate.bias))?;
        } else {
            intermediate = intermediate
                .broadcast_add(&self.intermediate.bias_tensor)?
                .gelu_erf()?;
        }
        add_norm(
            &self.output,
            &self.output_norm,
            &intermediate,
            &attended,
            fused,
        )
    }
}

/// The measurement switches of the tuning ladder (README), read from the environment once
/// at load so one binary can be measured with each lever on and off:
///
/// - `RUST_PIPELINE_FUSED`: `all` (or unset) runs both fused element-wise kernels, `gelu`
///   only the bias + GELU one, `none` Candle's ops for both.
/// - `RUST_PIPELINE_MATMUL`: `candle` (or unset) multiplies the linear layers with Candle's
///   matmul (`x.matmul(W.t())`), `direct` with one `gemm` call on a weight transposed
///   once at load, no zero fill, the Q/K/V biases accumulated in the call
///   (`kernels::linear`).
///
/// Any other value is an error naming the variable and its allowed values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Switches {
    fused: Fused,
    matmul: Matmul,
}

/// The variable that picks the fused element-wise kernels.
pub const FUSED_VAR: &str = "RUST_PIPELINE_FUSED";
/// The variable that picks how the linear layers multiply.
pub const MATMUL_VAR: &str = "RUST_PIPELINE_MATMUL";

impl Switches {
    /// From `RUST_PIPELINE_FUSED` and `RUST_PIPELINE_MATMUL`.
    pub fn from_env() -> Result<Self> {
        let fused = match env_choice(FUSED_VAR, &["all", "gelu", "none"])? {
            "gelu" => Fused {
                bias_gelu: true,
                add_norm: false,
            },
            "none" => Fused {
                bias_gelu: false,
                add_norm: false,
            },
            _ => Fused {
                bias_gelu: true,
                add_norm: true,
            },
        };
        let matmul = match env_choice(MATMUL_VAR, &["candle", "direct"])? {
            "direct" => Matmul::Direct,
            _ => Matmul::Candle,
        };
        Ok(Self { fused, matmul })
    }
}

/// The value of `var`, one of `allowed` (the first when unset).
fn env_choice(var: &str, allowed: &[&'static str]) -> Result<&'static str> {
    let value = match std::env::var(var) {
        Err(std::env::VarError::NotPresent) => return Ok(allowed[0]),
        Err(std::env::VarError::NotUnicode(v)) => format!("{v:?}"),
        Ok(v) => v,
    };
    match allowed.iter().find(|a| **a == value) {
        Some(a) => Ok(a),
        None => bail!(
            "{var}={value:?} is not a valid value: allowed values are {} (unset means {})",
            allowed.join(", "),
            allowed[0]
        ),
    }
}

/// Which fused element-wise kernels the forward runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fused {
    bias_gelu: bool,
    add_norm: bool,
}

/// How the linear layers multiply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Matmul {
    Candle,
    Direct,
}

/// LayerNorm's parameters as slices for the fused add & norm kernel (and as Candle's
/// `LayerNorm` for the unfused path).
struct Norm {
    gamma: Vec<f32>,
    beta: Vec<f32>,
    eps: f32,
    stock: LayerNorm,
}

impl Norm {
    fn load(size: usize, eps: f64, vb: VarBuilder) -> Result<Self> {
        let loaded = layer_norm(size, eps, vb)?;
        let beta = loaded.bias().context("LayerNorm without a bias")?;
        Ok(Self {
            gamma: loaded.weight().to_dtype(DType::F32)?.to_vec1()?,
            beta: beta.to_dtype(DType::F32)?.to_vec1()?,
            eps: eps as f32, // as Candle's LayerNorm kernel takes it
            stock: loaded,
        })
    }
}

/// `LN(x W^T + b + residual)`: the matmul, then one fused pass in place on its output.
fn add_norm(
    dense: &Dense,
    norm: &Norm,
    x: &Tensor,
    residual: &Tensor,
    fused: Fused,
) -> Result<Tensor> {
    let out = dense.matmul(x)?;
    if !fused.add_norm {
        let summed = (out.broadcast_add(&dense.bias_tensor)? + residual)?;
        return Ok(norm.stock.forward(&summed)?);
    }
    let params = AddNorm {
        bias: &dense.bias,
        gamma: &norm.gamma,
        beta: &norm.beta,
        eps: norm.eps,
    };
    out.inplace_op2(residual, &BiasResidualNorm(params))?;
    Ok(out)
}

/// A linear layer: `matmul` is `x W^T` alone (its bias left to a fused kernel), `forward`
/// adds the bias as candle-nn's `Linear` does.
struct Dense {
    weight: Tensor,
    bias: Vec<f32>,
    /// The same bias for Candle's ops.
    bias_tensor: Tensor,
    /// `W^T` contiguous, when the layer multiplies by direct gemm calls.
    packed: Option<PackedWeight>,
}

impl Dense {
    fn load(in_dim: usize, out_dim: usize, vb: VarBuilder, matmul: Matmul) -> Result<Self> {
        let loaded = linear(in_dim, out_dim, vb)?;
        let bias = loaded.bias().context("linear layer without a bias")?;
        let weight = loaded.weight().clone();
        let packed = match matmul {
            Matmul::Candle => None,
            Matmul::Direct => {
                let values = weight.to_dtype(DType::F32)?.flatten_all()?.to_vec1()?;
                Some(PackedWeight::from_out_in(&values, out_dim, in_dim))
            }
        };
        Ok(Self {
            bias: bias.to_dtype(DType::F32)?.to_vec1()?,
            bias_tensor: bias.clone(),
            weight,
            packed,
        })
    }

    /// (rows, in) -> (rows, out) `x W^T`, as candle-nn's `Linear` multiplies a 2-D input.
    fn matmul(&self, x: &Tensor) -> Result<Tensor> {
        match &self.packed {
            None => Ok(x.matmul(&self.weight.t()?)?),
            Some(w) => self.direct(x, w, None),
        }
    }

    /// (rows, in) -> (rows, out) `x W^T + b`.
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        match &self.packed {
            None => Ok(self.matmul(x)?.broadcast_add(&self.bias_tensor)?),
            Some(w) => self.direct(x, w, Some(&self.bias)),
        }
    }

    fn direct(&self, x: &Tensor, w: &PackedWeight, bias: Option<&[f32]>) -> Result<Tensor> {
        let out = with_f32(x, |x| Ok(direct_linear(x, w, bias)))?;
        let rows = out.len() / w.out_dim();
        Ok(Tensor::from_vec(out, (rows, w.out_dim()), x.device())?)
    }
}

/// Runs `f` on the f32 values of a contiguous CPU tensor, in row-major order.
fn with_f32<T>(t: &Tensor, f: impl FnOnce(&[f32]) -> Result<T>) -> Result<T> {
    let (storage, layout) = t.storage_and_layout();
    let Storage::Cpu(CpuStorage::F32(values)) = &*storage else {
        bail!(
            "tuned BERT: expected an f32 CPU tensor, got {:?}",
            t.dtype()
        );
    };
    let Some((start, end)) = layout.contiguous_offsets() else {
        bail!("tuned BERT: expected a contiguous tensor");
    };
    f(&values[start..end])
}

/// A BERT encoder whose forward is this crate's own; weights as `BertModel` loads them.
pub struct TunedBert {
    embeddings: Embeddings,
    layers: Vec<Layer>,
    heads: usize,
    head_dim: usize,
    device: Device,
    fused: Fused,
}

impl TunedBert {
    /// The weights of `vb`, run as `switches` say (`Switches::from_env` for the binaries).
    pub fn load(vb: VarBuilder, config: &Config, switches: Switches) -> Result<Self> {
        if config.hidden_act != HiddenAct::Gelu {
            bail!(
                "tuned BERT: hidden_act {:?} is not the exact GELU it implements",
                config.hidden_act
            );
        }
        if config.position_embedding_type != PositionEmbeddingType::Absolute {
            bail!("tuned BERT: only absolute position embeddings are implemented");
        }
        if config.num_attention_heads == 0
            || !config
                .hidden_size
                .is_multiple_of(config.num_attention_heads)
        {
            bail!(
                "tuned BERT: hidden_size {} is not a multiple of num_attention_heads {}",
                config.hidden_size,
                config.num_attention_heads
            );
        }
        // sentence-transformers saves the encoder at the top level; transformers under `bert.`.
        let vb = if vb.contains_tensor("embeddings.word_embeddings.weight") {
            vb
        } else {
            vb.pp("bert")
        };
        let embeddings = Embeddings::load(vb.pp("embeddings"), config)?;
        let layers = (0..config.num_hidden_layers)
            .map(|i| Layer::load(vb.pp(format!("encoder.layer.{i}")), config, switches.matmul))
            .collect::<Result<Vec<_>>>()
            .context("tuned BERT: encoder layers")?;
        Ok(Self {
            embeddings,
            layers,
            heads: config.num_attention_heads,
            head_dim: config.hidden_size / config.num_attention_heads,
            device: vb.device().clone(),
            fused: switches.fused,
        })
    }

    /// (batch, seq) token ids, type ids and attention mask -> (batch, seq, hidden).
    pub fn forward(
        &self,
        ids: &[u32],
        type_ids: &[u32],
        attention_mask: &[u32],
        batch: usize,
        seq: usize,
    ) -> Result<Tensor> {
        let ids = Tensor::from_slice(ids, (batch, seq), &self.device)?;
        let type_ids = Tensor::from_slice(type_ids, (batch, seq), &self.device)?;
        let mask = KeyMask::from_attention_mask(attention_mask, batch, seq);
        let shape = AttentionShape {
            batch,
            seq,
            heads: self.heads,
            head_dim: self.head_dim,
        };
        let mut hidden = self.embeddings.forward(&ids, &type_ids)?;
        for layer in &self.layers {
            hidden = layer.forward(&hidden, &mask, shape, self.fused)?;
        }
        Ok(hidden.reshape((batch, seq, ()))?)
    }
}
