//! The exact (erf) GELU of BERT's intermediate layer, fused with that linear's bias add:
//! `gelu(x + b) = 0.5 (x + b) (1 + erf((x + b) / sqrt 2))` in one pass. Candle's stock path
//! makes two passes (bias add, then `gelu_erf`) and calls libm's scalar `erff` (and the `expf`
//! inside it) per element; this `erf` is branch-free straight-line arithmetic that the
//! compiler turns into SIMD. It is still erf, not GELU's tanh approximation.

use super::rows_per_task;
use super::softmax::exp;
use rayon::prelude::*;

/// Below this |x| erf is the odd series `x P(x^2)`; from it on, `1 - erfc(x)` with
/// `erfc(x) = e^H(t)`: ln erfc is smooth on [1, 3.92], where erfc's 1e-8 relative detail is
/// far below the ~6e-8 rounding of `1 - erfc` in f32.
const SERIES_END: f32 = 1.0;
/// erf(3.92) = 1 - 1.6e-8, which rounds to 1 in f32: above it erf is 1.
const SATURATION: f32 = 3.92;
/// `t = (|x| - 2.46) / 1.46` maps [1, 3.92] to [-1, 1], where H's coefficients stay small.
const T_MID: f32 = 2.46;
const T_INV_HALF: f32 = 1.0 / 1.46;

// Both polynomials were fitted for this module (weighted least squares iterated towards
// minimax, Lawson's method, on Chebyshev nodes, in f64 against scipy's erf/erfc), then
// rounded to f32. Fit error: 5.7e-10 (series) and 2.1e-11 (ln erfc, scaled by erfc).
/// erf(x) / x as a polynomial in x^2 on [0, 1] (coefficients from x^0 up). The first is
/// the fit's value, one f32 step below 2/sqrt(pi), not that constant rounded.
#[allow(clippy::approx_constant)]
const SERIES: [f32; 7] = [
    1.128_379_1,
    -0.376_126_05,
    0.112_834_305,
    -0.026_848_592,
    0.005_179_75,
    -0.000_794_235_73,
    7.647_121e-5,
];
/// ln erfc(x) as a polynomial in t on [1, 3.92] (coefficients from t^0 up).
const LN_ERFC: [f32; 8] = [
    -7.594_218,
    -7.704_744,
    -2.009_178_6,
    -0.034_878_08,
    0.010_242_623,
    -0.002_961_869_1,
    0.000_657_531_5,
    -0.000_306_666_07,
];

#[inline(always)]
fn horner<const N: usize>(coefficients: &[f32; N], v: f32) -> f32 {
    let mut p = coefficients[N - 1];
    for &c in coefficients[..N - 1].iter().rev() {
        p = p * v + c;
    }
    p
}

/// erf in f32, within ~1.5e-7 absolute of f64 erf everywhere (the test measures it on a
/// dense grid of [-10, 10]). Both branches are computed and one selected, so a loop of it
/// vectorises.
#[inline(always)]
pub fn erf(x: f32) -> f32 {
    let a = x.abs().min(SATURATION);
    let series = a * horner(&SERIES, a * a);
    let tail = 1.0 - exp(horner(&LN_ERFC, (a - T_MID) * T_INV_HALF));
    let magnitude = if a < SERIES_END { series } else { tail };
    magnitude.copysign(x)
}

/// The exact GELU, `0.5 x (1 + erf(x / sqrt 2))`, the arithmetic of Candle's `gelu_erf`.
#[inline(always)]
pub fn gelu(x: f32) -> f32 {
    (erf(x * std::f32::consts::FRAC_1_SQRT_2) + 1.0) * 0.5 * x
}

/// `values` (rows of `bias.len()` columns, row-major) becomes `gelu(values + bias)`, in
/// parallel over blocks of rows on rayon's current pool.
pub fn bias_gelu_in_place(values: &mut [f32], bias: &[f32]) {
    let cols = bias.len();
    assert!(
        cols > 0 && values.len().is_multiple_of(cols),
        "{} values are not rows of {cols} columns",
        values.len()
    );
    let block = rows_per_task(values.len() / cols, cols) * cols;
    values.par_chunks_mut(block).for_each(|rows| {
        for row in rows.chunks_exact_mut(cols) {
            for (v, &b) in row.iter_mut().zip(bias) {
                *v = gelu(*v + b);
            }
        }
    });
}
