// Adadelta<T>: BigDL's Adadelta (Zeiler 2012), as torch.optim.Adadelta: running averages of
// squared gradients and squared updates with decayRate (PyTorch's rho), the update scaled by
// sqrt(E[dx^2] + epsilon) / sqrt(E[g^2] + epsilon) and by learningRate (1: BigDL's, which has none).
#pragma once

#include "ringdl/optim/configured_method.h"

namespace ringdl {

struct AdadeltaOptions {
  double learningRate = 1.0;
  double decayRate = 0.9;  ///< PyTorch rho
  double epsilon = 1e-10;
  double weightDecay = 0;  ///< L2: g + weightDecay * w

  /// The keys of config() and checkpoints; ringdl's config spells them in snake_case.
  template <typename V>
  void fields(V& v) {
    v("learningRate", learningRate);
    v("decayRate", decayRate);
    v("epsilon", epsilon);
    v("weightDecay", weightDecay);
  }
};

template <typename T>
class Adadelta : public ConfiguredMethod<T, AdadeltaOptions> {
 public:
  explicit Adadelta(const AdadeltaOptions& options = {});
  explicit Adadelta(const Attributes& config) : Adadelta(optionsFrom<AdadeltaOptions>(config, "Adadelta")) {}

  void update(Tensor<T>& weights, const Tensor<T>& grads) override;
};

extern template class Adadelta<float>;
extern template class Adadelta<double>;

}  // namespace ringdl
