//! `kernels::linear` (the direct gemm path of `RUST_PIPELINE_MATMUL=direct`) held to Candle's
//! `x.matmul(W.t())` (+ bias), as candle-nn's `Linear` computes it, on random inputs of the
//! encoder's shapes and of the sizes where gemm takes its other paths (one row: gemv; a
//! handful of values: its small-matrix kernel).

use candle_core::{Device, Tensor};
use rust_pipeline::kernels::linear::{linear, PackedWeight};

fn values(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        })
        .collect()
}

fn check(rows: usize, in_dim: usize, out_dim: usize, with_bias: bool) {
    let dev = Device::Cpu;
    let x = values(rows * in_dim, 1 + rows as u64);
    let w = values(out_dim * in_dim, 2 + in_dim as u64);
    let b = values(out_dim, 3);
    let xt = Tensor::from_slice(&x, (rows, in_dim), &dev).unwrap();
    let wt = Tensor::from_slice(&w, (out_dim, in_dim), &dev).unwrap();
    let mut expected = xt.matmul(&wt.t().unwrap()).unwrap();
    if with_bias {
        let bt = Tensor::from_slice(&b, out_dim, &dev).unwrap();
        expected = expected.broadcast_add(&bt).unwrap();
    }
    let expected: Vec<f32> = expected.flatten_all().unwrap().to_vec1().unwrap();
    let packed = PackedWeight::from_out_in(&w, out_dim, in_dim);
    let got = linear(&x, &packed, with_bias.then_some(&b[..]));
    assert_eq!(got.len(), expected.len());
    let scale = (in_dim as f32).sqrt();
    let worst = got
        .iter()
        .zip(&expected)
        .map(|(g, e)| (g - e).abs())
        .fold(0.0f32, f32::max);
    // Same products, summed in a possibly different order: a few ulp of a sum of in_dim terms.
    assert!(
        worst <= 4e-6 * scale,
        "rows {rows} in {in_dim} out {out_dim} bias {with_bias}: max |diff| {worst}"
    );
}

#[test]
fn encoder_shapes_match_candle() {
    for rows in [1, 256, 32 * 256] {
        check(rows, 384, 384, true);
        check(rows, 384, 384, false);
        check(rows, 384, 1536, false);
        check(rows, 1536, 384, false);
    }
}

#[test]
fn small_and_odd_shapes_match_candle() {
    for (rows, i, o) in [(1, 1, 1), (3, 5, 7), (2, 16, 8), (17, 33, 65), (129, 70, 3)] {
        check(rows, i, o, true);
        check(rows, i, o, false);
    }
}

#[test]
fn no_rows_give_no_values() {
    let packed = PackedWeight::from_out_in(&values(12, 1), 3, 4);
    assert!(linear(&[], &packed, Some(&[0.0; 3])).is_empty());
}
