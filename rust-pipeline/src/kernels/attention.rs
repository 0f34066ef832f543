//! Fused multi-head self-attention per (batch, head): scores = Q K^T * scale (+ key mask),
//! softmax, times V, written straight into the context matrix. The (seq x seq) score tile of
//! one head (256 KiB at seq 256) stays in L2 between the passes; Candle's stock BERT instead
//! materialises all heads' scores (~100 MB at batch 32 x seq 256) and sweeps them in memory
//! once per op (scale, mask add, softmax), with a transpose-copy of Q, K, V and the context.

use super::softmax::softmax_in_place;
use gemm::{gemm, Parallelism};
use rayon::prelude::*;
use std::cell::RefCell;

/// The dimensions of one attention call.
#[derive(Clone, Copy, Debug)]
pub struct AttentionShape {
    pub batch: usize,
    pub seq: usize,
    pub heads: usize,
    pub head_dim: usize,
}

impl AttentionShape {
    pub fn hidden(&self) -> usize {
        self.heads * self.head_dim
    }
    pub fn rows(&self) -> usize {
        self.batch * self.seq
    }
}

/// Q, K and V as row-major (batch * seq, hidden) matrices that may live interleaved in one
/// buffer: row `r` of Q starts at `q[r * row_stride]` (likewise K, V), head `h` is columns
/// `h * head_dim ..`. A fused QKV projection (rows `[q | k | v]`) passes three offsets into
/// its output with `row_stride = 3 * hidden`; separate projections pass `row_stride = hidden`.
#[derive(Clone, Copy)]
pub struct QkvView<'a> {
    pub q: &'a [f32],
    pub k: &'a [f32],
    pub v: &'a [f32],
    pub row_stride: usize,
}

/// The additive key mask of a batch, built once and shared by every layer and head: 0 for a
/// real token, `f32::MIN` for padding (as transformers' `get_extended_attention_mask`). A
/// text with no padding skips the add entirely.
pub struct KeyMask {
    bias: Vec<f32>,
    padded: Vec<bool>,
    seq: usize,
}

impl KeyMask {
    /// From the tokenizer's attention mask, (batch, seq) of 1 (real) and 0 (padding).
    pub fn from_attention_mask(mask: &[u32], batch: usize, seq: usize) -> Self {
        assert_eq!(mask.len(), batch * seq, "attention mask is not batch x seq");
        let bias = mask
            .iter()
            .map(|&m| if m == 0 { f32::MIN } else { 0.0 })
            .collect();
        let padded = mask
            .chunks(seq.max(1))
            .map(|row| row.contains(&0))
            .collect();
        Self { bias, padded, seq }
    }

    /// Whether any text of the batch has padding.
    pub fn any_padded(&self) -> bool {
        self.padded.contains(&true)
    }

    fn row(&self, b: usize) -> Option<&[f32]> {
        self.padded[b].then(|| &self.bias[b * self.seq..(b + 1) * self.seq])
    }
}

thread_local! {
    /// Each worker's score tile, reused across heads, layers and batches.
    static SCORES: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// A raw pointer that rayon tasks may share: each task writes a disjoint block of `out`.
#[derive(Clone, Copy)]
struct SendPtr(*mut f32);
// SAFETY: used only to write disjoint (rows of a batch) x (columns of a head) blocks.
unsafe impl Send for SendPtr {}
unsafe impl Sync for SendPtr {}

/// Self-attention of every (batch, head) into `out`, a row-major (batch * seq, hidden)
/// context matrix (heads side by side, the layout the output projection reads), in parallel
/// on rayon's pool, one single-threaded (batch, head) task each.
pub fn fused_attention(qkv: QkvView<'_>, mask: &KeyMask, shape: AttentionShape, out: &mut [f32]) {
    let AttentionShape {
        batch,
        seq,
        heads,
        head_dim,
    } = shape;
    let hidden = shape.hidden();
    let rows = shape.rows();
    assert_eq!(
        out.len(),
        rows * hidden,
        "output is not (batch * seq) x hidden"
    );
    assert_eq!(mask.seq, seq, "mask was built for another sequence length");
    assert_eq!(
        mask.padded.len(),
        batch,
        "mask was built for another batch size"
    );
    if rows == 0 {
        return;
    }
    let needed = (rows - 1) * qkv.row_stride + hidden;
    for (name, m) in [("q", qkv.q), ("k", qkv.k), ("v", qkv.v)] {
        assert!(
            m.len() >= needed,
            "{name} holds {} values, needs {needed}",
            m.len()
        );
    }
    let scale = 1.0 / (head_dim as f32).sqrt();
    let out = SendPtr(out.as_mut_ptr());
    (0..batch * heads).into_par_iter().for_each(|task| {
        let (b, h) = (task / heads, task % heads);
        let first = b * seq * qkv.row_stride + h * head_dim;
        // Moves the whole SendPtr into the closure: edition 2021 would capture only its raw
        // pointer field, which is not Send.
        #[allow(clippy::redundant_locals)]
        let out = out;
        SCORES.with_borrow_mut(|scores| {
            scores.resize(seq * seq, 0.0);
            let rs = qkv.row_stride as isize;
            // SAFETY: the asserts above bound every index gemm reads (rows b*seq.. of Q, K,
            // V at head h's columns) and writes (a seq x seq tile; a seq x head_dim block of
            // `out` that no other task writes).
            unsafe {
                // scores = scale * Q_bh K_bh^T: K^T is K read with its strides swapped.
                gemm(
                    seq,
                    seq,
                    head_dim,
                    scores.as_mut_ptr(),
                    1,
                    seq as isize,
                    false,
                    qkv.q.as_ptr().add(first),
                    1,
                    rs,
                    qkv.k.as_ptr().add(first),
                    rs,
                    1,
                    0.0,
                    scale,
                    false,
                    false,
                    false,
                    Parallelism::None,
                );
            }
            let bias = mask.row(b);
            for row in scores.chunks_exact_mut(seq) {
                if let Some(bias) = bias {
                    for (s, m) in row.iter_mut().zip(bias) {
                        *s += m;
                    }
                }
                softmax_in_place(row);
            }
            // SAFETY: as above.
            unsafe {
                gemm(
                    seq,
                    head_dim,
                    seq,
                    out.0.add(b * seq * hidden + h * head_dim),
                    1,
                    hidden as isize,
                    false,
                    scores.as_ptr(),
                    1,
                    seq as isize,
                    qkv.v.as_ptr().add(first),
                    1,
                    rs,
                    0.0,
                    1.0,
                    false,
                    false,
                    false,
                    Parallelism::None,
                );
            }
        });
    });
}
