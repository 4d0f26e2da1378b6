// LocalResponseNorm<T>: the base of the local response normalisations (SpatialCrossMapLRN across channels,
// SpatialWithinChannelLRN within each channel). Both are
//   scale = k + c W(x^2),   y = x scale^-beta
// for input [N, C, H, W] or one sample [C, H, W], where W sums each position's window (zero outside the
// input) and c is the layer's alpha divided by the window's size; a layer gives k, c, beta and its window as
// two hooks over a whole sample, W and its transpose. The base does shapes, checks, loops and the backward,
// derived once for every window:
//   dy_i/dx_j = [i == j] scale_i^-beta - beta x_i scale_i^(-beta-1) c 2 x_j [j in window(i)], so
//   gx_j = g_j scale_j^-beta - 2 c beta x_j sum over the i whose window holds j of g_i y_i / scale_i
//        = g_j scale_j^-beta - 2 c beta x_j (W^T (g y / scale))_j.
#pragma once

#include <vector>

#include "ringdl/nn/tensor_module.h"

namespace ringdl {

template <typename T>
class LocalResponseNorm : public TensorModule<T> {
 protected:
  /// One sample's extent: C planes of H x W values, contiguous.
  struct Plane {
    int64_t channels = 0, height = 0, width = 0;
    int64_t area() const { return height * width; }
    int64_t numel() const { return channels * height * width; }
  };

  LocalResponseNorm(const char* typeName, double k, double c, double beta)
      : TensorModule<T>(typeName), k_(k), c_(c), beta_(beta) {}

  /// out = W(in) for one sample: out at a position is the sum of in over its window (values outside the
  /// sample count as 0). in and out do not overlap.
  virtual void windowSum(const T* in, T* out, const Plane& p) = 0;
  /// out = W^T(in): out at a position is the sum of in over the positions whose window holds it.
  virtual void windowSumTransposed(const T* in, T* out, const Plane& p) = 0;

  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  /// The input's samples and their extent, checked: [N, C, H, W] or [C, H, W].
  Plane planeOf(const Tensor<T>& input, int64_t* samples) const;

  double k_, c_, beta_;
  Tensor<T> scale_;         // k + c W(x^2) of the last forward, kept for backward
  std::vector<T> squares_;  // one sample's x^2 (forward) or g y / scale (backward)
};

extern template class LocalResponseNorm<float>;
extern template class LocalResponseNorm<double>;

}  // namespace ringdl
