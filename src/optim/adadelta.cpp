// Adadelta<T>: one fused pass over the flat buffers per update, in torch.optim.Adadelta's order of
// operations.
#include "ringdl/optim/adadelta.h"

#include <cmath>

namespace ringdl {

template <typename T>
Adadelta<T>::Adadelta(const AdadeltaOptions& options)
    : ConfiguredMethod<T, AdadeltaOptions>("Adadelta", options) {
  const AdadeltaOptions& o = this->options_;
  RINGDL_CHECK(o.learningRate >= 0, "Adadelta learning_rate must be >= 0, got ", o.learningRate);
  RINGDL_CHECK(o.decayRate >= 0 && o.decayRate <= 1, "Adadelta decay_rate must be in [0, 1], got ",
               o.decayRate);
  RINGDL_CHECK(o.epsilon > 0, "Adadelta epsilon must be > 0, got ", o.epsilon);
  RINGDL_CHECK(o.weightDecay >= 0, "Adadelta weight_decay must be >= 0, got ", o.weightDecay);
}

template <typename T>
void Adadelta<T>::update(Tensor<T>& weights, const Tensor<T>& grads) {
  this->checkBuffers(weights, grads);
  const AdadeltaOptions& o = this->options_;
  const int64_t n = weights.numel();
  T* sq = this->buffer("squareAverage", n).data();
  T* acc = this->buffer("deltaAverage", n).data();
  const T rho = static_cast<T>(o.decayRate), c = static_cast<T>(1 - o.decayRate);
  const T eps = static_cast<T>(o.epsilon), wd = static_cast<T>(o.weightDecay),
          lr = static_cast<T>(this->currentLearningRate());
  T* w = weights.data();
  const T* g = grads.data();
  for (int64_t i = 0; i < n; ++i) {
    const T d = o.weightDecay != 0 ? g[i] + wd * w[i] : g[i];
    sq[i] = sq[i] * rho + c * d * d;
    const T delta = std::sqrt(acc[i] + eps) / std::sqrt(sq[i] + eps) * d;
    acc[i] = acc[i] * rho + c * delta * delta;
    w[i] -= lr * delta;
  }
  ++this->state_.step;
}

template class Adadelta<float>;
template class Adadelta<double>;

}  // namespace ringdl
