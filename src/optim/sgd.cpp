// SGD<T>: one fused pass over the flat buffers per update.
#include "ringdl/optim/sgd.h"

#include "ringdl/util/error.h"

namespace ringdl {

namespace {
void validate(const SGDOptions& o) {
  RINGDL_CHECK(o.learningRate >= 0, "SGD learning_rate must be >= 0, got ", o.learningRate);
  RINGDL_CHECK(o.learningRateDecay >= 0, "SGD learning_rate_decay must be >= 0, got ", o.learningRateDecay);
  RINGDL_CHECK(o.weightDecay >= 0, "SGD weight_decay must be >= 0, got ", o.weightDecay);
  RINGDL_CHECK(o.momentum >= 0 && o.momentum < 1, "SGD momentum must be in [0, 1), got ", o.momentum);
  RINGDL_CHECK(o.dampening >= 0 && o.dampening <= 1, "SGD dampening must be in [0, 1], got ", o.dampening);
  RINGDL_CHECK(!o.nesterov || (o.momentum > 0 && o.dampening == 0),
               "SGD nesterov needs momentum > 0 and dampening = 0, got momentum ", o.momentum,
               " and dampening ", o.dampening);
}
}  // namespace

template <typename T>
SGD<T>::SGD(const SGDOptions& options) : OptimMethod<T>("SGD"), options_(options) {
  validate(options_);
}

template <typename T>
void SGD<T>::update(Tensor<T>& weights, const Tensor<T>& grads) {
  RINGDL_CHECK(weights.numel() == grads.numel() && weights.isContiguous() && grads.isContiguous(),
               "SGD::update needs contiguous weights and gradients of equal size, got ", weights.numel(),
               " and ", grads.numel());
  const int64_t n = weights.numel();
  const T lr = static_cast<T>(this->currentLearningRate());
  const T wd = static_cast<T>(options_.weightDecay);
  T* w = weights.data();
  const T* g = grads.data();
  if (options_.momentum == 0) {
    for (int64_t i = 0; i < n; ++i) w[i] -= lr * (g[i] + wd * w[i]);
  } else {
    const T mom = static_cast<T>(options_.momentum), damp = static_cast<T>(1 - options_.dampening);
    auto it = this->state_.tensors.find("momentum");
    const bool first = it == this->state_.tensors.end();
    if (first) it = this->state_.tensors.emplace("momentum", Tensor<T>({n})).first;
    Tensor<T>& buffer = it->second;
    RINGDL_CHECK(buffer.numel() == n, "SGD momentum buffer has ", buffer.numel(),
                 " elements but the model has ", n,
                 " parameters; the optimizer state belongs to another model");
    T* b = buffer.data();
    const bool nesterov = options_.nesterov;
    for (int64_t i = 0; i < n; ++i) {
      const T d = g[i] + wd * w[i];
      // The first step starts the buffer at the gradient itself, as torch.optim.SGD and BigDL do.
      b[i] = first ? d : mom * b[i] + damp * d;
      w[i] -= lr * (nesterov ? d + mom * b[i] : b[i]);
    }
  }
  ++this->state_.step;
}

template class SGD<float>;
template class SGD<double>;

}  // namespace ringdl
