//! Hand-written CPU kernels for the tuned BERT forward (`bert.rs`), each on contiguous f32
//! slices so it can fuse passes that Candle's stock ops make one tensor at a time. Their tests
//! (`tests/kernels.rs`) hold each one to Candle's stock ops on random inputs.

pub mod attention;
pub mod softmax;
