//! Hand-written CPU kernels for the tuned BERT forward (`bert.rs`), each on contiguous f32
//! slices so it can fuse passes that Candle's stock ops make one tensor at a time. Their tests
//! (`tests/kernels.rs`, `tests/fused_kernels.rs`) hold each one to Candle's stock ops on
//! random inputs; `inplace` applies the element-wise ones to Candle tensors.

pub mod attention;
pub mod gelu;
pub mod inplace;
pub mod layer_norm;
pub mod linear;
pub mod softmax;

/// Rows per rayon task of a row-wise kernel over a (rows, cols) matrix: about four tasks per
/// thread so a slow thread can be caught up, but at least 16K values (64 KiB) per task so the
/// task overhead stays small next to the work.
fn rows_per_task(rows: usize, cols: usize) -> usize {
    let by_threads = rows.div_ceil(4 * rayon::current_num_threads());
    let by_size = (16 * 1024usize).div_ceil(cols.max(1));
    by_threads.max(by_size).max(1)
}
