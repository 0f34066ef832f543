//! Row softmax with a vectorisable `exp`: libm's `expf` is a scalar call per element (~8% of
//! the stock embed profile); this one is branch-free straight-line arithmetic that the
//! compiler turns into SIMD over 16 lanes.

/// Lanes of the manual reductions: one AVX-512 register of f32 (two AVX2 registers).
const LANES: usize = 16;

/// `e^x` in f32, within a few ulp of libm for x in [-87.3, 88]; 0 below -87.3 (where f32
/// leaves the normal range: softmax's masked keys land there and must weigh exactly 0); x
/// above 88 is taken as 88 (softmax only ever passes x <= 0).
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    // ln 2 split in two so that n * LN2_HI is exact for |n| <= 128 (Cody-Waite reduction).
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // Adding and subtracting 1.5 * 2^23 rounds to the nearest integer in SIMD-friendly form.
    const ROUND: f32 = 12_582_912.0;
    let clamped = x.clamp(-87.336_55, 88.0);
    let n = (clamped * LOG2E + ROUND) - ROUND;
    let r = clamped - n * LN2_HI - n * LN2_LO;
    // Minimax polynomial of e^r on [-ln2/2, ln2/2] (the Cephes expf coefficients).
    let mut p = 1.987_569_1e-4f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5; // Cephes' 5.0000001e-1, which is 0.5 in f32
    let er = p * r * r + r + 1.0;
    // 2^n built in the exponent bits; n is in [-126, 127] after the clamp.
    let two_n = f32::from_bits(((n as i32 + 127) as u32) << 23);
    let y = er * two_n;
    if x < -87.336_55 {
        0.0
    } else {
        y
    }
}

/// Softmax of one row in place: `x_i = e^(x_i - max) / sum_j e^(x_j - max)`.
pub fn softmax_in_place(row: &mut [f32]) {
    let max = lane_reduce(row, f32::NEG_INFINITY, f32::max);
    // The exp pass and the sum pass stay separate: fused, the sum's dependency chain keeps
    // the exp loop from vectorising.
    for x in row.iter_mut() {
        *x = exp(*x - max);
    }
    let sum = lane_reduce(row, 0.0, |a, b| a + b);
    let inv = 1.0 / sum;
    for x in row.iter_mut() {
        *x *= inv;
    }
}

/// Reduces `xs` with `op` over `LANES` independent accumulators (vectorisable, unlike a
/// sequential fold over floats), then across the lanes.
#[inline(always)]
pub(super) fn lane_reduce(xs: &[f32], init: f32, op: impl Fn(f32, f32) -> f32 + Copy) -> f32 {
    let mut acc = [init; LANES];
    let mut chunks = xs.chunks_exact(LANES);
    for chunk in &mut chunks {
        for (a, &x) in acc.iter_mut().zip(chunk) {
            *a = op(*a, x);
        }
    }
    let mut total = acc.into_iter().fold(init, op);
    for &x in chunks.remainder() {
        total = op(total, x);
    }
    total
}
