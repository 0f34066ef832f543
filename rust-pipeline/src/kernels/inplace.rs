//! The fused element-wise kernels as Candle in-place ops: the encoder applies them straight to
//! a matmul's output tensor (freshly allocated, owned by the encoder), with no copy in or out.

use super::gelu::bias_gelu_in_place;
use super::layer_norm::{add_norm_in_place, AddNorm};
use candle_core::{bail, CpuStorage, InplaceOp1, InplaceOp2, Layout, Result};

/// `gelu(x + bias)` over a (rows, bias.len()) f32 tensor.
pub struct BiasGelu<'a>(pub &'a [f32]);

impl InplaceOp1 for BiasGelu<'_> {
    fn name(&self) -> &'static str {
        "bias-gelu-erf"
    }

    fn cpu_fwd(&self, storage: &mut CpuStorage, layout: &Layout) -> Result<()> {
        let values = rows_mut(storage, layout, self.0.len(), self.name())?;
        bias_gelu_in_place(values, self.0);
        Ok(())
    }
}

/// `LN(x + bias + residual) * gamma + beta` over a (rows, bias.len()) f32 tensor `x`; the
/// residual is the op's second tensor, of the same shape.
pub struct BiasResidualNorm<'a>(pub AddNorm<'a>);

impl InplaceOp2 for BiasResidualNorm<'_> {
    fn name(&self) -> &'static str {
        "bias-residual-layer-norm"
    }

    fn cpu_fwd(
        &self,
        values: &mut CpuStorage,
        values_layout: &Layout,
        residual: &CpuStorage,
        residual_layout: &Layout,
    ) -> Result<()> {
        let cols = self.0.bias.len();
        if values_layout.dims() != residual_layout.dims() {
            bail!(
                "{}: residual {:?} is not the shape of the values {:?}",
                self.name(),
                residual_layout.dims(),
                values_layout.dims()
            );
        }
        check_rows(residual_layout, cols, self.name())?;
        let CpuStorage::F32(residual) = residual else {
            bail!("{}: expected an f32 residual", self.name());
        };
        let (start, end) = residual_layout.contiguous_offsets().expect("checked");
        let values = rows_mut(values, values_layout, cols, self.name())?;
        add_norm_in_place(values, &residual[start..end], self.0);
        Ok(())
    }
}

/// The contiguous f32 values of a 2-D tensor of `cols` columns.
fn rows_mut<'a>(
    storage: &'a mut CpuStorage,
    layout: &Layout,
    cols: usize,
    op: &str,
) -> Result<&'a mut [f32]> {
    check_rows(layout, cols, op)?;
    let CpuStorage::F32(values) = storage else {
        bail!("{op}: expected f32 values");
    };
    let (start, end) = layout.contiguous_offsets().expect("checked contiguous");
    Ok(&mut values[start..end])
}

fn check_rows(layout: &Layout, cols: usize, op: &str) -> Result<()> {
    let dims = layout.dims();
    if dims.len() != 2 || dims[1] != cols {
        bail!("{op}: expected a (rows, {cols}) tensor, got {dims:?}");
    }
    if layout.contiguous_offsets().is_none() {
        bail!("{op}: expected a contiguous tensor");
    }
    Ok(())
}
