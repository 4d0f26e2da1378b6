// Adamax<T>: one fused pass over the flat buffers per update, in torch.optim.Adamax's order of operations.
#include "ringdl/optim/adamax.h"

#include <algorithm>
#include <cmath>

namespace ringdl {

template <typename T>
Adamax<T>::Adamax(const AdamaxOptions& options) : ConfiguredMethod<T, AdamaxOptions>("Adamax", options) {
  const AdamaxOptions& o = this->options_;
  RINGDL_CHECK(o.learningRate >= 0, "Adamax learning_rate must be >= 0, got ", o.learningRate);
  RINGDL_CHECK(o.beta1 >= 0 && o.beta1 < 1, "Adamax beta1 must be in [0, 1), got ", o.beta1);
  RINGDL_CHECK(o.beta2 >= 0 && o.beta2 < 1, "Adamax beta2 must be in [0, 1), got ", o.beta2);
  RINGDL_CHECK(o.epsilon > 0, "Adamax epsilon must be > 0, got ", o.epsilon);
  RINGDL_CHECK(o.weightDecay >= 0, "Adamax weight_decay must be >= 0, got ", o.weightDecay);
}

template <typename T>
void Adamax<T>::update(Tensor<T>& weights, const Tensor<T>& grads) {
  this->checkBuffers(weights, grads);
  const AdamaxOptions& o = this->options_;
  const int64_t n = weights.numel();
  T* m = this->buffer("m", n).data();
  T* u = this->buffer("u", n).data();
  const double t = static_cast<double>(this->state_.step + 1);
  const T clr = static_cast<T>(this->currentLearningRate() / (1 - std::pow(o.beta1, t)));
  const T b1 = static_cast<T>(o.beta1), b2 = static_cast<T>(o.beta2), c1 = static_cast<T>(1 - o.beta1);
  const T eps = static_cast<T>(o.epsilon), wd = static_cast<T>(o.weightDecay);
  T* w = weights.data();
  const T* g = grads.data();
  for (int64_t i = 0; i < n; ++i) {
    const T d = o.weightDecay != 0 ? g[i] + wd * w[i] : g[i];
    m[i] = m[i] * b1 + c1 * d;
    u[i] = std::max(u[i] * b2, std::abs(d) + eps);
    w[i] += -clr * m[i] / u[i];  // PyTorch's addcdiv order
  }
  ++this->state_.step;
}

template class Adamax<float>;
template class Adamax<double>;

}  // namespace ringdl
