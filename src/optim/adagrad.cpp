// Adagrad<T>: one fused pass over the flat buffers per update, in torch.optim.Adagrad's order of operations.
#include "ringdl/optim/adagrad.h"

#include <cmath>

namespace ringdl {

template <typename T>
Adagrad<T>::Adagrad(const AdagradOptions& options) : ConfiguredMethod<T, AdagradOptions>("Adagrad", options) {
  const AdagradOptions& o = this->options_;
  RINGDL_CHECK(o.learningRate >= 0, "Adagrad learning_rate must be >= 0, got ", o.learningRate);
  RINGDL_CHECK(o.learningRateDecay >= 0, "Adagrad learning_rate_decay must be >= 0, got ",
               o.learningRateDecay);
  RINGDL_CHECK(o.weightDecay >= 0, "Adagrad weight_decay must be >= 0, got ", o.weightDecay);
  RINGDL_CHECK(o.initialAccumulatorValue >= 0, "Adagrad initial_accumulator_value must be >= 0, got ",
               o.initialAccumulatorValue);
  RINGDL_CHECK(o.epsilon > 0, "Adagrad epsilon must be > 0, got ", o.epsilon);
}

template <typename T>
void Adagrad<T>::update(Tensor<T>& weights, const Tensor<T>& grads) {
  this->checkBuffers(weights, grads);
  const AdagradOptions& o = this->options_;
  const int64_t n = weights.numel();
  T* sum = this->buffer("sum", n, static_cast<T>(o.initialAccumulatorValue)).data();
  const T clr = static_cast<T>(this->currentLearningRate());
  const T eps = static_cast<T>(o.epsilon), wd = static_cast<T>(o.weightDecay);
  T* w = weights.data();
  const T* g = grads.data();
  for (int64_t i = 0; i < n; ++i) {
    const T d = o.weightDecay != 0 ? g[i] + wd * w[i] : g[i];
    sum[i] += d * d;
    w[i] += -clr * d / (std::sqrt(sum[i]) + eps);  // PyTorch's addcdiv order
  }
  ++this->state_.step;
}

template class Adagrad<float>;
template class Adagrad<double>;

}  // namespace ringdl
