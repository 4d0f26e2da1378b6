// NormalizeScale<T>: BigDL's NormalizeScale (Caffe's Normalize layer, SSD's conv4_3_norm): LpNormalize(p,
// eps) followed by a learnt scale per channel, y = weight_c x / norm. `size` is the weight's shape, as
// BigDL's CMul takes it: C values for the C channels of the normalised dimension (dimension 1 of [N, C] or
// [N, C, H, W], D of [D]), in any shape whose other entries are 1 ([C], [1, C], [C, 1, 1], [1, C, 1, 1] as
// SSD writes it), or one value ([1], [1, 1, 1, 1]) shared by every channel. The weight starts at `scale`.
#pragma once

#include <vector>

#include "ringdl/nn/layers/normalization/lp_normalize.h"

namespace ringdl {

struct NormalizeScaleOptions {
  double p = 2;               ///< the norm's exponent, >= 1 or infinity
  double eps = 1e-10;         ///< as Normalize's
  double scale = 1;           ///< the weight's initial value
  std::vector<int64_t> size;  ///< the weight's shape: C values (one per channel) or one
  template <typename V>
  void fields(V& v) {
    v("p", p, kRequired);
    v("eps", eps);
    v("scale", scale, kRequired);
    v("size", size, kRequired);
  }
};

template <typename T>
class NormalizeScale : public LpNormalize<T> {
 public:
  NormalizeScale(double p, double eps, double scale, std::vector<int64_t> size)
      : NormalizeScale(NormalizeScaleOptions{p, eps, scale, std::move(size)}) {}
  explicit NormalizeScale(const NormalizeScaleOptions& options);
  explicit NormalizeScale(const Attributes& a)
      : NormalizeScale(optionsFrom<NormalizeScaleOptions>(a, "NormalizeScale")) {}

  /// Every weight back to `scale`.
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const NormalizeScaleOptions& options() const { return options_; }
  Tensor<T>& weight() { return weight_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  using Geometry = typename LpNormalize<T>::Geometry;
  /// The input's geometry, its channels checked against the weight.
  Geometry checkedGeometry(const Tensor<T>& input) const;

  NormalizeScaleOptions options_;
  Tensor<T> weight_, gradWeight_;
  Tensor<T> normalized_;  // x / norm of the last forward (the weight's gradient needs it)
  Tensor<T> scaledGrad_;  // weight_c gy, what Normalize's backward is given
};

extern template class NormalizeScale<float>;
extern template class NormalizeScale<double>;

}  // namespace ringdl
