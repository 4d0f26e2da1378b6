// RMSprop<T>: one fused pass over the flat buffers per update, in torch.optim.RMSprop's order of operations.
#include "ringdl/optim/rmsprop.h"

#include <cmath>

namespace ringdl {

template <typename T>
RMSprop<T>::RMSprop(const RMSpropOptions& options) : ConfiguredMethod<T, RMSpropOptions>("RMSprop", options) {
  const RMSpropOptions& o = this->options_;
  RINGDL_CHECK(o.learningRate >= 0, "RMSprop learning_rate must be >= 0, got ", o.learningRate);
  RINGDL_CHECK(o.learningRateDecay >= 0, "RMSprop learning_rate_decay must be >= 0, got ",
               o.learningRateDecay);
  RINGDL_CHECK(o.decayRate >= 0 && o.decayRate <= 1, "RMSprop decay_rate must be in [0, 1], got ",
               o.decayRate);
  RINGDL_CHECK(o.epsilon > 0, "RMSprop epsilon must be > 0, got ", o.epsilon);
  RINGDL_CHECK(o.weightDecay >= 0, "RMSprop weight_decay must be >= 0, got ", o.weightDecay);
  RINGDL_CHECK(o.momentum >= 0 && o.momentum < 1, "RMSprop momentum must be in [0, 1), got ", o.momentum);
}

template <typename T>
void RMSprop<T>::update(Tensor<T>& weights, const Tensor<T>& grads) {
  this->checkBuffers(weights, grads);
  const RMSpropOptions& o = this->options_;
  const int64_t n = weights.numel();
  const T lr = static_cast<T>(this->currentLearningRate());
  T* sq = this->buffer("squareAverage", n).data();
  T* mean = o.centered ? this->buffer("gradAverage", n).data() : nullptr;
  T* buf = o.momentum > 0 ? this->buffer("momentum", n).data() : nullptr;
  const T alpha = static_cast<T>(o.decayRate), c = static_cast<T>(1 - o.decayRate);
  const T eps = static_cast<T>(o.epsilon), wd = static_cast<T>(o.weightDecay),
          mom = static_cast<T>(o.momentum);
  T* w = weights.data();
  const T* g = grads.data();
  for (int64_t i = 0; i < n; ++i) {
    const T d = o.weightDecay != 0 ? g[i] + wd * w[i] : g[i];
    sq[i] = sq[i] * alpha + c * d * d;
    T avg;
    if (mean) {
      mean[i] = mean[i] * alpha + c * d;
      avg = std::sqrt(sq[i] - mean[i] * mean[i]) + eps;
    } else {
      avg = std::sqrt(sq[i]) + eps;
    }
    if (buf) {
      buf[i] = buf[i] * mom + d / avg;
      w[i] -= lr * buf[i];
    } else {
      w[i] += -lr * d / avg;  // PyTorch's addcdiv: (value * g) / avg
    }
  }
  ++this->state_.step;
}

template class RMSprop<float>;
template class RMSprop<double>;

}  // namespace ringdl
