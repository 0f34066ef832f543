//! The fused element-wise kernels (`kernels::gelu`, `kernels::layer_norm`) held to the Candle
//! ops candle-transformers' BERT runs in their place, on random inputs of the shapes the
//! encoder sees: (batch * seq) rows for batch 1 and 32, seq 1 and 256. Both kernels work row
//! by row with no look across rows, so a padded position is an ordinary row to them (the
//! model's padding only matters in attention, tested in `kernels.rs`).

use candle_core::cpu::erf::erf_f64;
use candle_core::{Device, Tensor};
use candle_nn::Module;
use rust_pipeline::kernels::gelu::{bias_gelu_in_place, erf, gelu};
use rust_pipeline::kernels::layer_norm::{add_norm_in_place, AddNorm};

/// The bound `erf` is held to, against f64 erf. A correctly rounded f32 erf is within 3e-8;
/// this leaves room for a few roundings of the polynomial arithmetic, at fp32 level.
const ERF_MAX_ABS_ERROR: f64 = 2e-7;
const SHAPES: [(usize, usize); 4] = [(1, 1), (1, 256), (32, 1), (32, 256)];

/// xorshift64*: reproducible inputs without a dependency.
struct Rng(u64);

impl Rng {
    /// Uniform in [-scale, scale).
    fn uniform(&mut self, scale: f32) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let bits = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40;
        (bits as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * scale
    }
    fn vec(&mut self, n: usize, scale: f32) -> Vec<f32> {
        (0..n).map(|_| self.uniform(scale)).collect()
    }
}

fn to_vec(t: &Tensor) -> Vec<f32> {
    t.flatten_all().unwrap().to_vec1().unwrap()
}

#[test]
fn erf_is_within_fp32_rounding_of_f64_erf_on_a_dense_grid() {
    // Every f32 step of 1e-5 over [-10, 10], plus the region boundaries' neighbours.
    let grid = (-1_000_000..=1_000_000).map(|i| i as f32 * 1e-5);
    let edges = [
        0.999_999, 1.0, 1.000_001, 3.919_999, 3.92, 3.920_001, 0.0, -0.0,
    ];
    let (mut worst, mut at) = (0f64, 0f32);
    for x in grid.chain(edges) {
        let err = (f64::from(erf(x)) - erf_f64(f64::from(x))).abs();
        if err > worst {
            (worst, at) = (err, x);
        }
    }
    println!("erf: max |erf(x) - erf_f64(x)| = {worst:.3e} at x = {at}");
    assert!(worst < ERF_MAX_ABS_ERROR, "max abs error {worst:e} at {at}");
    assert_eq!(erf(0.0), 0.0);
    assert_eq!(erf(f32::INFINITY), 1.0);
    assert_eq!(erf(-50.0), -1.0);
}

#[test]
fn gelu_matches_candle_gelu_erf() {
    let xs: Vec<f32> = (-120_000..=120_000).map(|i| i as f32 * 1e-4).collect();
    let want = to_vec(
        &Tensor::from_slice(&xs, xs.len(), &Device::Cpu)
            .unwrap()
            .gelu_erf()
            .unwrap(),
    );
    for (&x, &w) in xs.iter().zip(&want) {
        // erf's bound times 0.5|x|, plus a few f32 roundings of the result.
        let tolerance = 2e-7 * x.abs().max(1.0);
        assert!(
            (gelu(x) - w).abs() <= tolerance,
            "gelu({x}) {} vs {w}",
            gelu(x)
        );
    }
}

#[test]
fn bias_gelu_matches_candle_bias_add_then_gelu_erf() {
    let cols = 1536; // MiniLM's intermediate size
    let mut rng = Rng(3);
    for (batch, seq) in SHAPES {
        let rows = batch * seq;
        let x = rng.vec(rows * cols, 6.0);
        let bias = rng.vec(cols, 1.0);
        let dev = &Device::Cpu;
        let want = to_vec(
            &Tensor::from_slice(&x, (rows, cols), dev)
                .unwrap()
                .broadcast_add(&Tensor::from_slice(&bias, cols, dev).unwrap())
                .unwrap()
                .gelu_erf()
                .unwrap(),
        );
        let mut got = x;
        bias_gelu_in_place(&mut got, &bias);
        let diff = max_abs_diff(&got, &want);
        assert!(diff < 2e-6, "batch {batch} seq {seq}: max |diff| {diff}");
    }
}

#[test]
fn add_norm_matches_candle_bias_add_residual_add_layer_norm() {
    let (cols, eps) = (384, 1e-12); // MiniLM's hidden size and layer_norm_eps
    let mut rng = Rng(5);
    for (batch, seq) in SHAPES {
        let rows = batch * seq;
        let x = rng.vec(rows * cols, 3.0);
        let residual = rng.vec(rows * cols, 2.0);
        let (bias, gamma, beta) = (rng.vec(cols, 0.5), rng.vec(cols, 1.5), rng.vec(cols, 0.5));
        let dev = &Device::Cpu;
        let t = |v: &[f32], shape: &[usize]| Tensor::from_slice(v, shape, dev).unwrap();
        let norm = candle_nn::LayerNorm::new(t(&gamma, &[cols]), t(&beta, &[cols]), eps);
        let summed = t(&x, &[rows, cols])
            .broadcast_add(&t(&bias, &[cols]))
            .unwrap()
            .add(&t(&residual, &[rows, cols]))
            .unwrap();
        let want = to_vec(&norm.forward(&summed).unwrap());
        let mut got = x;
        let params = AddNorm {
            bias: &bias,
            gamma: &gamma,
            beta: &beta,
            eps: eps as f32,
        };
        add_norm_in_place(&mut got, &residual, params);
        // Outputs are O(gamma * 2); Candle's one-pass variance rounds a little differently.
        let diff = max_abs_diff(&got, &want);
        assert!(diff < 1e-5, "batch {batch} seq {seq}: max |diff| {diff}");
    }
}

#[test]
#[should_panic(expected = "not the same rows")]
fn add_norm_refuses_a_residual_of_another_shape() {
    let ones = [1f32; 8];
    let params = AddNorm {
        bias: &ones[..4],
        gamma: &ones[..4],
        beta: &ones[..4],
        eps: 1e-12,
    };
    add_norm_in_place(&mut [0f32; 8], &ones[..4], params);
}

#[test]
#[should_panic(expected = "not rows of 3 columns")]
fn bias_gelu_refuses_values_that_are_not_whole_rows() {
    bias_gelu_in_place(&mut [0f32; 8], &[0f32; 3]);
}

fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}
