// SpatialCrossMapLRN<T>: AlexNet's local response normalisation across channels, as BigDL's
// SpatialCrossMapLRN (NCHW) and PyTorch's local_response_norm: for channel f of [N, C, H, W] or [C, H, W],
//   y_f = x_f / (k + alpha / size * sum of x_l^2 over l = f - size/2 .. f + (size - 1)/2)^beta
// (integer halves; channels outside 0..C-1 count as 0 and stay in the divisor size). Odd sizes are
// centred, as in BigDL; even ones, which BigDL refuses, reach one channel further back than forward, as in
// PyTorch.
#pragma once

#include "ringdl/nn/layers/normalization/local_response_norm.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct SpatialCrossMapLRNOptions {
  int64_t size = 5;    ///< channels in the window
  double alpha = 1.0;  ///< the window's sum is scaled by alpha / size
  double beta = 0.75;  ///< the exponent
  double k = 1.0;      ///< added to the scaled sum
  template <typename V>
  void fields(V& v) {
    v("size", size);
    v("alpha", alpha);
    v("beta", beta);
    v("k", k);
  }
};

template <typename T>
class SpatialCrossMapLRN : public LocalResponseNorm<T> {
 public:
  using Plane = typename LocalResponseNorm<T>::Plane;

  explicit SpatialCrossMapLRN(int64_t size = 5, double alpha = 1.0, double beta = 0.75, double k = 1.0)
      : SpatialCrossMapLRN(SpatialCrossMapLRNOptions{size, alpha, beta, k}) {}
  explicit SpatialCrossMapLRN(const SpatialCrossMapLRNOptions& options);
  explicit SpatialCrossMapLRN(const Attributes& a)
      : SpatialCrossMapLRN(optionsFrom<SpatialCrossMapLRNOptions>(a, "SpatialCrossMapLRN")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SpatialCrossMapLRNOptions& options() const { return options_; }

 protected:
  void windowSum(const T* in, T* out, const Plane& p) override;
  void windowSumTransposed(const T* in, T* out, const Plane& p) override;

 private:
  /// out's plane f = the sum of in's planes f - before .. f + after that exist.
  static void sumPlanes(const T* in, T* out, const Plane& p, int64_t before, int64_t after);

  SpatialCrossMapLRNOptions options_;
};

extern template class SpatialCrossMapLRN<float>;
extern template class SpatialCrossMapLRN<double>;

}  // namespace ringdl
