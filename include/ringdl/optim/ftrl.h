// Ftrl<T>: BigDL's Ftrl: FTRL-Proximal (McMahan et al. 2013, "Ad Click Prediction"), in
// TensorFlow's and BigDL's form with a learning-rate power: per element, n += g^2, z += g' - (n^-p -
// n_old^-p) / lr * w (g' = g + 2 * l2Shrinkage * w), and w = (sign(z) * l1 - z) / (n^-p / lr + 2 * l2) where
// |z| > l1, else 0. PyTorch has no FTRL.
#pragma once

#include "ringdl/optim/configured_method.h"

namespace ringdl {

struct FtrlOptions {
  double learningRate = 1e-3;
  double learningRatePower = -0.5;       ///< p above, <= 0
  double initialAccumulatorValue = 0.1;  ///< n starts here
  double l1RegularizationStrength = 0;
  double l2RegularizationStrength = 0;
  double l2ShrinkageRegularizationStrength = 0;

  /// The keys of config() and checkpoints; ringdl's config spells them in snake_case.
  template <typename V>
  void fields(V& v) {
    v("learningRate", learningRate);
    v("learningRatePower", learningRatePower);
    v("initialAccumulatorValue", initialAccumulatorValue);
    v("l1RegularizationStrength", l1RegularizationStrength);
    v("l2RegularizationStrength", l2RegularizationStrength);
    v("l2ShrinkageRegularizationStrength", l2ShrinkageRegularizationStrength);
  }
};

template <typename T>
class Ftrl : public ConfiguredMethod<T, FtrlOptions> {
 public:
  explicit Ftrl(const FtrlOptions& options = {});
  explicit Ftrl(const Attributes& config) : Ftrl(optionsFrom<FtrlOptions>(config, "Ftrl")) {}

  void update(Tensor<T>& weights, const Tensor<T>& grads) override;
};

extern template class Ftrl<float>;
extern template class Ftrl<double>;

}  // namespace ringdl
