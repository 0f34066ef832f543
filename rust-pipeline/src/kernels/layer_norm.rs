//! BERT's "add & norm", fused: `LN(x + bias + residual) * gamma + beta` per row in one
//! kernel, where `x` is a linear layer's matmul output before its bias. Candle's stock path
//! runs it as three tensor ops (bias add, residual add, layer norm), each a full pass over
//! the (batch * seq, hidden) matrix with its own thread synchronisation.

use super::rows_per_task;
use super::softmax::lane_reduce;
use rayon::prelude::*;

/// The per-column parameters of one fused add & norm.
#[derive(Clone, Copy)]
pub struct AddNorm<'a> {
    /// The preceding linear layer's bias.
    pub bias: &'a [f32],
    /// LayerNorm's scale and shift.
    pub gamma: &'a [f32],
    pub beta: &'a [f32],
    /// Added to the variance (the model config's `layer_norm_eps`).
    pub eps: f32,
}

/// `values` (rows of `bias.len()` columns, row-major) becomes
/// `LN(values + bias + residual) * gamma + beta`, in parallel over blocks of rows on rayon's
/// current pool. The variance is taken about the mean (two passes over the row, which is in
/// L1), not as E[x^2] - E[x]^2 as Candle's kernel does, so it is at least as accurate.
pub fn add_norm_in_place(values: &mut [f32], residual: &[f32], params: AddNorm<'_>) {
    let cols = params.bias.len();
    assert!(
        cols > 0 && params.gamma.len() == cols && params.beta.len() == cols,
        "bias, gamma and beta must have the same non-zero length"
    );
    assert!(
        values.len().is_multiple_of(cols) && residual.len() == values.len(),
        "{} values and {} residuals are not the same rows of {cols} columns",
        values.len(),
        residual.len()
    );
    let block = rows_per_task(values.len() / cols, cols) * cols;
    values
        .par_chunks_mut(block)
        .zip(residual.par_chunks(block))
        .for_each(|(rows, residual)| {
            for (row, res) in rows.chunks_exact_mut(cols).zip(residual.chunks_exact(cols)) {
                add_norm_row(row, res, params);
            }
        });
}

#[inline(always)]
fn add_norm_row(row: &mut [f32], residual: &[f32], p: AddNorm<'_>) {
    for ((v, &r), &b) in row.iter_mut().zip(residual).zip(p.bias) {
        *v = *v + b + r; // (matmul + bias) + residual, Candle's order
    }
    let n = row.len() as f32;
    let mean = lane_reduce(row, 0.0, |a, b| a + b) / n;
    // Sixteen independent sums (one f32 SIMD register), as `lane_reduce` does.
    let mut squares = [0f32; 16];
    let mut chunks = row.chunks_exact(16);
    for chunk in &mut chunks {
        for (s, &x) in squares.iter_mut().zip(chunk) {
            *s += (x - mean) * (x - mean);
        }
    }
    let mut var = squares.iter().sum::<f32>();
    for &x in chunks.remainder() {
        var += (x - mean) * (x - mean);
    }
    let inv_std = 1.0 / (var / n + p.eps).sqrt();
    for ((v, &g), &b) in row.iter_mut().zip(p.gamma).zip(p.beta) {
        *v = (*v - mean) * inv_std * g + b;
    }
}
