// Adagrad<T>: BigDL's Adagrad (Duchi et al.), as torch.optim.Adagrad: the squares of the
// gradients are summed per element and w -= clr * g / (sqrt(sum) + epsilon), clr = learningRate / (1 +
// updates * learningRateDecay). BigDL's defaults; initialAccumulatorValue and epsilon are PyTorch's.
#pragma once

#include "ringdl/optim/configured_method.h"

namespace ringdl {

struct AdagradOptions {
  double learningRate = 1e-3;
  double learningRateDecay = 0;
  double weightDecay = 0;              ///< L2: g + weightDecay * w
  double initialAccumulatorValue = 0;  ///< the sum of squares starts here
  double epsilon = 1e-10;

  /// The keys of config() and checkpoints; ringdl's config spells them in snake_case.
  template <typename V>
  void fields(V& v) {
    v("learningRate", learningRate);
    v("learningRateDecay", learningRateDecay);
    v("weightDecay", weightDecay);
    v("initialAccumulatorValue", initialAccumulatorValue);
    v("epsilon", epsilon);
  }
};

template <typename T>
class Adagrad : public ConfiguredMethod<T, AdagradOptions> {
 public:
  explicit Adagrad(const AdagradOptions& options = {});
  explicit Adagrad(const Attributes& config) : Adagrad(optionsFrom<AdagradOptions>(config, "Adagrad")) {}

  void update(Tensor<T>& weights, const Tensor<T>& grads) override;
};

extern template class Adagrad<float>;
extern template class Adagrad<double>;

}  // namespace ringdl
