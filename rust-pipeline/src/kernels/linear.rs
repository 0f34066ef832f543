//! `x W^T (+ b)` by one direct `gemm::gemm` call on contiguous f32 slices, the way the
//! encoder's linear layers can run without Candle's matmul: the weight transposed once at load
//! into a contiguous (in, out) matrix, the output allocated without Candle's zero fill, and an
//! optional bias written into the output first and accumulated onto (`read_dst`), so a
//! projection needs no separate bias-add pass. Parallelism as Candle's CPU matmul chooses it:
//! `Rayon(n)` for the n threads of the pool, `None` on one.

use gemm::{gemm, Parallelism};

/// A linear layer's weight as `gemm` reads it best here: (in, out) row-major, i.e. `W^T`
/// stored contiguously (Candle multiplies by `W.t()`, a strided view of the (out, in) weight).
pub struct PackedWeight {
    wt: Vec<f32>,
    in_dim: usize,
    out_dim: usize,
}

impl PackedWeight {
    /// From the row-major (out, in) weight of a PyTorch/Candle `Linear`.
    pub fn from_out_in(weight: &[f32], out_dim: usize, in_dim: usize) -> Self {
        assert_eq!(weight.len(), out_dim * in_dim, "weight is not (out, in)");
        let mut wt = vec![0f32; in_dim * out_dim];
        for (o, row) in weight.chunks_exact(in_dim.max(1)).enumerate() {
            for (i, &w) in row.iter().enumerate() {
                wt[i * out_dim + o] = w;
            }
        }
        Self {
            wt,
            in_dim,
            out_dim,
        }
    }

    pub fn in_dim(&self) -> usize {
        self.in_dim
    }

    pub fn out_dim(&self) -> usize {
        self.out_dim
    }
}

/// `x W^T + bias` (bias optional) for a row-major (rows, in) `x`: a new row-major (rows, out)
/// matrix.
pub fn linear(x: &[f32], weight: &PackedWeight, bias: Option<&[f32]>) -> Vec<f32> {
    let (k, n) = (weight.in_dim, weight.out_dim);
    assert!(
        k > 0 && x.len().is_multiple_of(k),
        "x is not (rows, {k}): {} values",
        x.len()
    );
    let m = x.len() / k;
    let mut out = match bias {
        Some(bias) => {
            assert_eq!(bias.len(), n, "bias is not of the output width");
            let mut out = Vec::with_capacity(m * n);
            for _ in 0..m {
                out.extend_from_slice(bias);
            }
            out
        }
        None => Vec::with_capacity(m * n),
    };
    let threads = rayon::current_num_threads();
    let parallelism = if threads > 1 {
        Parallelism::Rayon(threads)
    } else {
        Parallelism::None
    };
    // SAFETY: x is (m, k) row-major, wt (k, n) row-major and out has room for (m, n) values;
    // gemm writes every one of them (with read_dst false it reads none of the uninitialised
    // ones; with a bias, all m * n were written above), so setting the length after is sound.
    unsafe {
        gemm(
            m,
            n,
            k,
            out.as_mut_ptr(),
            1,
            n as isize,
            bias.is_some(),
            x.as_ptr(),
            1,
            k as isize,
            weight.wt.as_ptr(),
            1,
            n as isize,
            1.0,
            1.0,
            false,
            false,
            false,
            parallelism,
        );
        out.set_len(m * n);
    }
    out
}
