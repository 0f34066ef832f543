// What torch 2.15 removed and tch 0.26's C++ shim (generated for torch 2.13) still calls:
// torch.cholesky and torch.qr, deprecated since torch 1.9 for torch.linalg.cholesky and
// torch.linalg.qr. Defined here through those replacements, as their deprecation notes give
// them, so that the shim compiles against the venv's torch. Force-included into the shim's
// two files only, by c++-tch (this directory). The pipeline itself calls neither.
#pragma once
#include <torch/torch.h>

namespace torch {

inline at::Tensor cholesky(const at::Tensor &self, bool upper = false) {
  return at::linalg_cholesky(self, upper);
}

inline at::Tensor &cholesky_out(at::Tensor &out, const at::Tensor &self, bool upper = false) {
  return at::linalg_cholesky_out(out, self, upper);
}

inline std::tuple<at::Tensor, at::Tensor> qr(const at::Tensor &self, bool some = true) {
  return at::linalg_qr(self, some ? "reduced" : "complete");
}

inline std::tuple<at::Tensor &, at::Tensor &> qr_out(at::Tensor &Q, at::Tensor &R,
                                                     const at::Tensor &self, bool some = true) {
  return at::linalg_qr_out(Q, R, self, some ? "reduced" : "complete");
}

} // namespace torch
