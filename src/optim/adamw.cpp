// AdamW<T>: one fused pass over the flat buffers per update, in torch.optim.AdamW's order of operations.
#include "ringdl/optim/adamw.h"

#include <cmath>

namespace ringdl {

template <typename T>
AdamW<T>::AdamW(const AdamWOptions& options) : ConfiguredMethod<T, AdamWOptions>("AdamW", options) {
  const AdamWOptions& o = this->options_;
  RINGDL_CHECK(o.learningRate >= 0, "AdamW learning_rate must be >= 0, got ", o.learningRate);
  RINGDL_CHECK(o.learningRateDecay >= 0, "AdamW learning_rate_decay must be >= 0, got ", o.learningRateDecay);
  RINGDL_CHECK(o.beta1 >= 0 && o.beta1 < 1, "AdamW beta1 must be in [0, 1), got ", o.beta1);
  RINGDL_CHECK(o.beta2 >= 0 && o.beta2 < 1, "AdamW beta2 must be in [0, 1), got ", o.beta2);
  RINGDL_CHECK(o.epsilon > 0, "AdamW epsilon must be > 0, got ", o.epsilon);
  RINGDL_CHECK(o.weightDecay >= 0, "AdamW weight_decay must be >= 0, got ", o.weightDecay);
}

template <typename T>
void AdamW<T>::update(Tensor<T>& weights, const Tensor<T>& grads) {
  this->checkBuffers(weights, grads);
  const AdamWOptions& o = this->options_;
  const int64_t n = weights.numel();
  const double lr = this->currentLearningRate();
  T* m = this->buffer("m", n).data();
  T* v = this->buffer("v", n).data();
  const double t = static_cast<double>(this->state_.step + 1);
  const T shrink = static_cast<T>(1 - lr * o.weightDecay);
  const T stepSize = static_cast<T>(lr / (1 - std::pow(o.beta1, t)));
  const T sqrtBc2 = static_cast<T>(std::sqrt(1 - std::pow(o.beta2, t)));
  const T b1 = static_cast<T>(o.beta1), b2 = static_cast<T>(o.beta2);
  const T c1 = static_cast<T>(1 - o.beta1), c2 = static_cast<T>(1 - o.beta2), eps = static_cast<T>(o.epsilon);
  T* w = weights.data();
  const T* g = grads.data();
  for (int64_t i = 0; i < n; ++i) {
    w[i] *= shrink;
    m[i] = m[i] * b1 + c1 * g[i];
    v[i] = v[i] * b2 + c2 * g[i] * g[i];
    w[i] += -stepSize * m[i] / (std::sqrt(v[i]) / sqrtBc2 + eps);  // PyTorch's addcdiv order
  }
  ++this->state_.step;
}

template class AdamW<float>;
template class AdamW<double>;

}  // namespace ringdl
