//! The kernels of `rust_pipeline::kernels` held to Candle's stock ops (the ones candle-
//! transformers' BERT runs) on random inputs: batch 1 and 32, sequence 1 and 256, with and
//! without padding, Q/K/V separate or interleaved as a fused QKV projection writes them.

use candle_core::{DType, Device, Tensor, D};
use rust_pipeline::kernels::attention::{fused_attention, AttentionShape, KeyMask, QkvView};
use rust_pipeline::kernels::softmax::{exp, softmax_in_place};

/// xorshift64*: reproducible inputs without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [-scale, scale).
    fn uniform(&mut self, scale: f32) -> f32 {
        ((self.next() >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * scale
    }
    fn vec(&mut self, n: usize, scale: f32) -> Vec<f32> {
        (0..n).map(|_| self.uniform(scale)).collect()
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

#[test]
fn exp_is_within_a_few_ulp_of_libm() {
    let mut rng = Rng(7);
    let mut worst = 0f32;
    for i in 0..200_000 {
        // Every 4th sample near 0, where softmax's largest weights come from.
        let x = if i % 4 == 0 {
            rng.uniform(1.0)
        } else {
            rng.uniform(87.0)
        };
        let (got, want) = (exp(x), x.exp());
        worst = worst.max(((got - want) / want).abs());
    }
    assert!(worst < 5e-7, "worst relative error {worst}");
    assert_eq!(exp(0.0), 1.0);
}

#[test]
fn exp_of_masked_scores_is_exactly_zero() {
    for x in [-88.0, -100.0, -1e30, f32::MIN, f32::NEG_INFINITY] {
        assert_eq!(exp(x), 0.0, "exp({x})");
    }
}

#[test]
fn softmax_matches_candle() {
    let mut rng = Rng(11);
    for len in [1, 7, 16, 33, 256] {
        let mut row = rng.vec(len, 8.0);
        row[rng.below(len)] = f32::MIN; // a masked key
        let want = candle_nn::ops::softmax_last_dim(
            &Tensor::from_slice(&row, (1, len), &Device::Cpu).unwrap(),
        )
        .unwrap()
        .flatten_all()
        .unwrap()
        .to_vec1::<f32>()
        .unwrap();
        softmax_in_place(&mut row);
        assert!(max_abs_diff(&row, &want) < 1e-6, "len {len}");
    }
}

/// Candle's stock path, as candle-transformers' `BertSelfAttention` runs it.
fn stock_attention(
    q: &[f32],
    k: &[f32],
    v: &[f32],
    mask: &[u32],
    shape: AttentionShape,
) -> Vec<f32> {
    let AttentionShape {
        batch,
        seq,
        heads,
        head_dim,
    } = shape;
    let dev = &Device::Cpu;
    let split = |m: &[f32]| {
        Tensor::from_slice(m, (batch, seq, heads, head_dim), dev)
            .unwrap()
            .transpose(1, 2)
            .unwrap()
            .contiguous()
            .unwrap()
    };
    let (q, k, v) = (split(q), split(k), split(v));
    let scores = (q.matmul(&k.t().unwrap()).unwrap() / (head_dim as f64).sqrt()).unwrap();
    let mask = Tensor::from_slice(mask, (batch, 1, 1, seq), dev)
        .unwrap()
        .to_dtype(DType::F32)
        .unwrap();
    let bias = (mask.ones_like().unwrap() - &mask)
        .unwrap()
        .affine(f32::MIN as f64, 0.0)
        .unwrap();
    let scores = scores.broadcast_add(&bias).unwrap();
    let probs = candle_nn::ops::softmax(&scores, D::Minus1).unwrap();
    probs
        .matmul(&v)
        .unwrap()
        .transpose(1, 2)
        .unwrap()
        .flatten_all()
        .unwrap()
        .to_vec1::<f32>()
        .unwrap()
}

/// Right padding as the tokenizer makes it: every text keeps at least its `[CLS]`.
fn attention_mask(rng: &mut Rng, batch: usize, seq: usize, padded: bool) -> Vec<u32> {
    let mut mask = Vec::with_capacity(batch * seq);
    for b in 0..batch {
        let real = if padded && b > 0 {
            1 + rng.below(seq)
        } else {
            seq
        };
        mask.extend((0..seq).map(|i| u32::from(i < real)));
    }
    mask
}

fn check(batch: usize, seq: usize, padded: bool, interleaved: bool) {
    let shape = AttentionShape {
        batch,
        seq,
        heads: 12,
        head_dim: 32,
    };
    let (rows, hidden) = (shape.rows(), shape.hidden());
    let mut rng = Rng((batch * 1000 + seq) as u64 | 1);
    let (q, k, v) = (
        rng.vec(rows * hidden, 2.0),
        rng.vec(rows * hidden, 2.0),
        rng.vec(rows * hidden, 1.0),
    );
    let mask = attention_mask(&mut rng, batch, seq, padded);
    let want = stock_attention(&q, &k, &v, &mask, shape);

    let qkv: Vec<f32>;
    let view = if interleaved {
        qkv = (0..rows)
            .flat_map(|r| {
                let row = r * hidden..(r + 1) * hidden;
                [&q[row.clone()], &k[row.clone()], &v[row]].concat()
            })
            .collect();
        QkvView {
            q: &qkv,
            k: &qkv[hidden..],
            v: &qkv[2 * hidden..],
            row_stride: 3 * hidden,
        }
    } else {
        QkvView {
            q: &q,
            k: &k,
            v: &v,
            row_stride: hidden,
        }
    };
    let key_mask = KeyMask::from_attention_mask(&mask, batch, seq);
    assert_eq!(key_mask.any_padded(), mask.contains(&0));
    let mut got = vec![f32::NAN; rows * hidden];
    fused_attention(view, &key_mask, shape, &mut got);
    let diff = max_abs_diff(&got, &want);
    assert!(
        diff < 2e-6,
        "batch {batch} seq {seq} padded {padded} interleaved {interleaved}: max |diff| {diff}"
    );
}

#[test]
fn attention_batch_1_seq_1() {
    check(1, 1, false, false);
    check(1, 1, false, true);
}

#[test]
fn attention_batch_1_seq_256() {
    check(1, 256, false, false);
    check(1, 256, false, true);
}

#[test]
fn attention_batch_32_seq_1() {
    check(32, 1, false, true);
}

#[test]
fn attention_batch_32_seq_256_unpadded() {
    check(32, 256, false, true);
}

#[test]
fn attention_batch_32_seq_256_padded() {
    check(32, 256, true, false);
    check(32, 256, true, true);
}

#[test]
fn attention_odd_sizes_padded() {
    check(3, 17, true, true);
}
