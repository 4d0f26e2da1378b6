// AdamW<T>: Adam with decoupled weight decay (Loshchilov & Hutter), as torch.optim.AdamW: each step
// first shrinks the weights by lr * weightDecay, then takes Adam's bias-corrected step (eps after the
// corrected square root). BigDL's Adam options and learning-rate decay, weightDecay defaulting to PyTorch's
// 0.01.
#pragma once

#include "ringdl/optim/configured_method.h"

namespace ringdl {

struct AdamWOptions {
  double learningRate = 1e-3;
  double learningRateDecay = 0;  ///< BigDL decay: lr / (1 + updates * decay)
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  double weightDecay = 1e-2;  ///< decoupled: w -= lr * weightDecay * w before the Adam step

  /// The keys of config() and checkpoints; ringdl's config spells them in snake_case.
  template <typename V>
  void fields(V& v) {
    v("learningRate", learningRate);
    v("learningRateDecay", learningRateDecay);
    v("beta1", beta1);
    v("beta2", beta2);
    v("epsilon", epsilon);
    v("weightDecay", weightDecay);
  }
};

template <typename T>
class AdamW : public ConfiguredMethod<T, AdamWOptions> {
 public:
  explicit AdamW(const AdamWOptions& options = {});
  explicit AdamW(const Attributes& config) : AdamW(optionsFrom<AdamWOptions>(config, "AdamW")) {}

  void update(Tensor<T>& weights, const Tensor<T>& grads) override;
};

extern template class AdamW<float>;
extern template class AdamW<double>;

}  // namespace ringdl
