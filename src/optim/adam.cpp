// Adam<T>: one fused pass over the flat buffers per update.
#include "ringdl/optim/adam.h"

#include <cmath>

#include "ringdl/util/error.h"

namespace ringdl {

namespace {
void validate(const AdamOptions& o) {
  RINGDL_CHECK(o.learningRate >= 0, "Adam learning_rate must be >= 0, got ", o.learningRate);
  RINGDL_CHECK(o.learningRateDecay >= 0, "Adam learning_rate_decay must be >= 0, got ", o.learningRateDecay);
  RINGDL_CHECK(o.beta1 >= 0 && o.beta1 < 1, "Adam beta1 must be in [0, 1), got ", o.beta1);
  RINGDL_CHECK(o.beta2 >= 0 && o.beta2 < 1, "Adam beta2 must be in [0, 1), got ", o.beta2);
  RINGDL_CHECK(o.epsilon > 0, "Adam epsilon must be > 0, got ", o.epsilon);
  RINGDL_CHECK(o.weightDecay >= 0, "Adam weight_decay must be >= 0, got ", o.weightDecay);
}
}  // namespace

template <typename T>
Adam<T>::Adam(const AdamOptions& options) : OptimMethod<T>("Adam"), options_(options) {
  validate(options_);
}

template <typename T>
void Adam<T>::update(Tensor<T>& weights, const Tensor<T>& grads) {
  RINGDL_CHECK(weights.numel() == grads.numel() && weights.isContiguous() && grads.isContiguous(),
               "Adam::update needs contiguous weights and gradients of equal size, got ", weights.numel(),
               " and ", grads.numel());
  const int64_t n = weights.numel();
  const double lr = this->currentLearningRate();
  auto& tensors = this->state_.tensors;
  if (!tensors.count("m")) {
    tensors.emplace("m", Tensor<T>({n}));
    tensors.emplace("v", Tensor<T>({n}));
  }
  Tensor<T>& mt = tensors.at("m");
  Tensor<T>& vt = tensors.at("v");
  RINGDL_CHECK(mt.numel() == n && vt.numel() == n, "Adam moments have ", mt.numel(),
               " elements but the model has ", n,
               " parameters; the optimizer state belongs to another model");
  const int64_t t = this->state_.step + 1;
  const double bc1 = 1 - std::pow(options_.beta1, static_cast<double>(t));
  const double bc2 = 1 - std::pow(options_.beta2, static_cast<double>(t));
  const T b1 = static_cast<T>(options_.beta1), b2 = static_cast<T>(options_.beta2);
  const T stepSize = static_cast<T>(lr / bc1);
  const T invSqrtBc2 = static_cast<T>(1 / std::sqrt(bc2));
  const T eps = static_cast<T>(options_.epsilon), wd = static_cast<T>(options_.weightDecay);
  T* w = weights.data();
  const T* g = grads.data();
  T* m = mt.data();
  T* v = vt.data();
  for (int64_t i = 0; i < n; ++i) {
    const T d = g[i] + wd * w[i];
    m[i] = b1 * m[i] + (1 - b1) * d;
    v[i] = b2 * v[i] + (1 - b2) * d * d;
    w[i] -= stepSize * m[i] / (std::sqrt(v[i]) * invSqrtBc2 + eps);
  }
  this->state_.step = t;
}

template class Adam<float>;
template class Adam<double>;

}  // namespace ringdl
