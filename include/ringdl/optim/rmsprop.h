// RMSprop<T>: BigDL's RMSprop (Tieleman & Hinton), as torch.optim.RMSprop: a running average of
// squared gradients with decayRate (PyTorch's alpha), w -= lr * g / (sqrt(avg) + epsilon); centered subtracts
// the squared running mean of the gradients (Graves 2013), momentum keeps a buffer of the scaled steps.
// BigDL's learning-rate decay; centered, momentum and weightDecay are PyTorch's.
#pragma once

#include "ringdl/optim/configured_method.h"

namespace ringdl {

struct RMSpropOptions {
  double learningRate = 1e-2;
  double learningRateDecay = 0;
  double decayRate = 0.99;  ///< PyTorch alpha
  double epsilon = 1e-8;
  double weightDecay = 0;  ///< L2: g + weightDecay * w
  double momentum = 0;
  bool centered = false;

  /// The keys of config() and checkpoints; ringdl's config spells them in snake_case.
  template <typename V>
  void fields(V& v) {
    v("learningRate", learningRate);
    v("learningRateDecay", learningRateDecay);
    v("decayRate", decayRate);
    v("epsilon", epsilon);
    v("weightDecay", weightDecay);
    v("momentum", momentum);
    v("centered", centered);
  }
};

template <typename T>
class RMSprop : public ConfiguredMethod<T, RMSpropOptions> {
 public:
  explicit RMSprop(const RMSpropOptions& options = {});
  explicit RMSprop(const Attributes& config) : RMSprop(optionsFrom<RMSpropOptions>(config, "RMSprop")) {}

  void update(Tensor<T>& weights, const Tensor<T>& grads) override;
};

extern template class RMSprop<float>;
extern template class RMSprop<double>;

}  // namespace ringdl
