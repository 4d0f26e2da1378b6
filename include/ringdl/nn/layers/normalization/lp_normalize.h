// LpNormalize<T>: BigDL's (Torch's) Normalize, registered and saved under that name (the C++ class has
// another: ringdl::Normalize is the data pipeline's standardisation, data/normalize.h). Unit L_p norm along
// dimension 1 of [N, D], per spatial position along the channels of [N, C, H, W] (SSD's conv4_3), or of one
// vector [D]:
//   y = x / (sum over the dimension of |x|^p + eps)^(1/p),
// eps inside the root, as BigDL and Torch place it. p is any real >= 1, or infinity (written inf, or BigDL's
// Double.MaxValue, 1.7976931348623157e308), where the norm is max |x| + eps.
#pragma once

#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct LpNormalizeOptions {
  double p = 2;        ///< the norm's exponent, >= 1 or infinity
  double eps = 1e-10;  ///< added to sum |x|^p (to max |x| for infinity), so a zero vector gives 0
  template <typename V>
  void fields(V& v) {
    v("p", p, kRequired);
    v("eps", eps);
  }
};

template <typename T>
class LpNormalize : public TensorModule<T> {
 public:
  explicit LpNormalize(double p, double eps = 1e-10) : LpNormalize(LpNormalizeOptions{p, eps}) {}
  explicit LpNormalize(const LpNormalizeOptions& options) : LpNormalize("Normalize", options) {}
  explicit LpNormalize(const Attributes& a) : LpNormalize(optionsFrom<LpNormalizeOptions>(a, "Normalize")) {}

  Attributes config() const override { return attributesOf(options_); }
  const LpNormalizeOptions& options() const { return options_; }

 protected:
  /// For NormalizeScale: its type name.
  LpNormalize(const char* typeName, const LpNormalizeOptions& options);

  /// The input as [outer, channels, inner], normalised along channels: [D] is [1, D, 1], [N, D] is [N, D, 1]
  /// and [N, C, H, W] is [N, C, H W].
  struct Geometry {
    int64_t outer = 1, channels = 1, inner = 1;
  };
  Geometry geometryOf(const Tensor<T>& input) const;
  void checkGradOutput(const Tensor<T>& input, const Tensor<T>& gradOutput) const;
  /// y = x / norm, x and y contiguous of g's extent; keeps the norms for normalizeBackward.
  void normalizeForward(const T* x, T* y, const Geometry& g);
  /// gx = the gradient of the last normalizeForward of x, given gy.
  void normalizeBackward(const T* x, const T* gy, T* gx, const Geometry& g);

  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  LpNormalizeOptions options_;
  bool infinite_;
  // From the last forward, per [outer, inner] position: the norm in double and, for p = infinity, the
  // channel holding max |x|.
  std::vector<double> norm_;
  std::vector<int64_t> argmax_;
  std::vector<double> dot_;  // backward's sum of gy x per position
};

extern template class LpNormalize<float>;
extern template class LpNormalize<double>;

}  // namespace ringdl
