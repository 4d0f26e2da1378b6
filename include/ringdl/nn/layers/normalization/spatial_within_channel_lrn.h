// SpatialWithinChannelLRN<T>: Caffe's WITHIN_CHANNEL local response normalisation, as BigDL's
// SpatialWithinChannelLRN: each channel of [N, C, H, W] or [C, H, W] on its own,
//   y = x / (1 + alpha * mean of x^2 over the size x size window around the position)^beta,
// the window padded by (size - 1) / 2 with zeros that count in the mean (it always divides by size^2, as
// Caffe's and BigDL's average pooling with the padding included). Odd sizes only, as in both.
#pragma once

#include <vector>

#include "ringdl/nn/layers/normalization/local_response_norm.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct SpatialWithinChannelLRNOptions {
  int64_t size = 5;    ///< the window's side, odd
  double alpha = 1.0;  ///< the window's mean is scaled by alpha
  double beta = 0.75;  ///< the exponent
  template <typename V>
  void fields(V& v) {
    v("size", size);
    v("alpha", alpha);
    v("beta", beta);
  }
};

template <typename T>
class SpatialWithinChannelLRN : public LocalResponseNorm<T> {
 public:
  using Plane = typename LocalResponseNorm<T>::Plane;

  explicit SpatialWithinChannelLRN(int64_t size = 5, double alpha = 1.0, double beta = 0.75)
      : SpatialWithinChannelLRN(SpatialWithinChannelLRNOptions{size, alpha, beta}) {}
  explicit SpatialWithinChannelLRN(const SpatialWithinChannelLRNOptions& options);
  explicit SpatialWithinChannelLRN(const Attributes& a)
      : SpatialWithinChannelLRN(optionsFrom<SpatialWithinChannelLRNOptions>(a, "SpatialWithinChannelLRN")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SpatialWithinChannelLRNOptions& options() const { return options_; }

 protected:
  void windowSum(const T* in, T* out, const Plane& p) override;
  /// The square window is symmetric: W^T = W.
  void windowSumTransposed(const T* in, T* out, const Plane& p) override { windowSum(in, out, p); }

 private:
  SpatialWithinChannelLRNOptions options_;
  std::vector<T> rows_;  // one plane summed along its rows
};

extern template class SpatialWithinChannelLRN<float>;
extern template class SpatialWithinChannelLRN<double>;

}  // namespace ringdl
