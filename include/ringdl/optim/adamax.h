// Adamax<T>: BigDL's Adamax (Kingma & Ba, section 7), as torch.optim.Adamax: Adam with the
// infinity norm, u = max(beta2 * u, |g| + epsilon), w -= lr / (1 - beta1^t) * m / u. BigDL's defaults
// (learningRate 0.002, epsilon 1e-38); weightDecay adds L2 to the gradient as PyTorch.
#pragma once

#include "ringdl/optim/configured_method.h"

namespace ringdl {

struct AdamaxOptions {
  double learningRate = 2e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-38;
  double weightDecay = 0;  ///< L2: g + weightDecay * w

  /// The keys of config() and checkpoints; ringdl's config spells them in snake_case.
  template <typename V>
  void fields(V& v) {
    v("learningRate", learningRate);
    v("beta1", beta1);
    v("beta2", beta2);
    v("epsilon", epsilon);
    v("weightDecay", weightDecay);
  }
};

template <typename T>
class Adamax : public ConfiguredMethod<T, AdamaxOptions> {
 public:
  explicit Adamax(const AdamaxOptions& options = {});
  explicit Adamax(const Attributes& config) : Adamax(optionsFrom<AdamaxOptions>(config, "Adamax")) {}

  void update(Tensor<T>& weights, const Tensor<T>& grads) override;
};

extern template class Adamax<float>;
extern template class Adamax<double>;

}  // namespace ringdl
