// Highway<T>: one layer rather than BigDL's graph of eight nodes: two GEMMs forward, one pass for the gate
// and the mix, the activation's own forward and backward on the transform; backward needs three GEMMs for the
// input's gradient and two for the weights'.
#include "ringdl/nn/layers/linear/highway.h"

#include <cmath>

#include "detail/affine.h"
#include "ringdl/nn/registry.h"
#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
Highway<T>::Highway(const HighwayOptions& options) : TensorModule<T>("Highway"), options_(options) {
  const int64_t s = options.size;
  RINGDL_CHECK(s > 0, "Highway needs a positive size, got ", s);
  if (!options.activation.empty()) {
    activation_ = createModule<T>(options.activation);
    RINGDL_CHECK(activation_->parameters().empty(), "Highway: activation '", options.activation,
                 "' has parameters; it takes a parameter-free layer (Tanh, ReLU, ...) or none");
  }
  gateWeight_ = Tensor<T>({s, s});
  gradGateWeight_ = Tensor<T>({s, s});
  transformWeight_ = Tensor<T>({s, s});
  gradTransformWeight_ = Tensor<T>({s, s});
  this->registerParameter("gate.weight", &gateWeight_, &gradGateWeight_);
  if (options.withBias) {
    gateBias_ = Tensor<T>({s});
    gradGateBias_ = Tensor<T>({s});
    this->registerParameter("gate.bias", &gateBias_, &gradGateBias_);
  }
  this->registerParameter("transform.weight", &transformWeight_, &gradTransformWeight_);
  if (options.withBias) {
    transformBias_ = Tensor<T>({s});
    gradTransformBias_ = Tensor<T>({s});
    this->registerParameter("transform.bias", &transformBias_, &gradTransformBias_);
  }
  reset();
}

template <typename T>
Highway<T>& Highway<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void Highway<T>::reset() {
  const int64_t s = options_.size;
  for (Tensor<T>* w : {&gateWeight_, &transformWeight_}) weightInit_.apply(*w, s, s);
  gradGateWeight_.zero();
  gradTransformWeight_.zero();
  if (options_.withBias) {
    for (Tensor<T>* b : {&gateBias_, &transformBias_}) biasInit_.apply(*b, s, s);
    gradGateBias_.zero();
    gradTransformBias_.zero();
  }
}

template <typename T>
void Highway<T>::setTrainingMode(bool on) {
  TensorModule<T>::setTrainingMode(on);
  if (activation_) on ? activation_->training() : activation_->evaluate();
}

template <typename T>
int64_t Highway<T>::rowsOf(const Tensor<T>& input) const {
  RINGDL_CHECK_LAYER((input.dim() == 1 || input.dim() == 2) && input.size(-1) == options_.size,
                     "expected input of shape [N, ", options_.size, "] or [", options_.size, "], got ",
                     toString(input.shape()));
  return input.dim() == 1 ? 1 : input.size(0);
}

template <typename T>
void Highway<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t n = rowsOf(input), s = options_.size, e = n * s;
  const Tensor<T> x = input.contiguous();
  const bool bias = options_.withBias;
  gate_.resize({n, s});
  transform_.resize({n, s});
  detail::affineForward<T>(n, s, s, x.data(), gateWeight_.data(), bias ? gateBias_.data() : nullptr,
                           gate_.data());
  sigmoidMap<T>(gate_.data(), gate_.data(), e);
  detail::affineForward<T>(n, s, s, x.data(), transformWeight_.data(), bias ? transformBias_.data() : nullptr,
                           transform_.data());
  activated_ =
      activation_ ? activation_->updateOutput(Activity<T>(transform_)).toTensor().contiguous() : transform_;
  output.resize({n, s});
  const T* t = gate_.data();
  const T* g = activated_.data();
  const T* xs = x.data();
  T* y = output.data();
  for (int64_t i = 0; i < e; ++i) y[i] = t[i] * g[i] + (T(1) - t[i]) * xs[i];
  if (input.dim() == 1) output = output.view({s});
}

template <typename T>
void Highway<T>::preActivationGrads(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  const int64_t n = rowsOf(input), s = options_.size, e = n * s;
  RINGDL_CHECK_LAYER(gradOutput.numel() == e, "gradOutput has shape ", toString(gradOutput.shape()),
                     ", expected [", n, ", ", s, "]");
  RINGDL_CHECK_LAYER(gate_.numel() == e, "backward needs the forward of the same input first");
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  const T* dy = go.data();
  const T* t = gate_.data();
  const T* g = activated_.data();
  const T* xs = x.data();
  gradGate_.resize({n, s});
  gradActivated_.resize({n, s});
  T* da = gradGate_.data();
  T* dg = gradActivated_.data();
  for (int64_t i = 0; i < e; ++i) {
    da[i] = dy[i] * (g[i] - xs[i]) * t[i] * (T(1) - t[i]);
    dg[i] = dy[i] * t[i];
  }
  gradTransform_ = activation_
                       ? activation_->updateGradInput(Activity<T>(transform_), Activity<T>(gradActivated_))
                             .toTensor()
                             .contiguous()
                       : gradActivated_;
}

template <typename T>
void Highway<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  preActivationGrads(input, gradOutput);
  const int64_t n = rowsOf(input), s = options_.size, e = n * s;
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize({n, s});
  T* gi = gradInput.data();
  const T* dy = go.data();
  const T* t = gate_.data();
  for (int64_t i = 0; i < e; ++i) gi[i] = dy[i] * (T(1) - t[i]);
  detail::affineGradInput<T>(n, s, s, gradGate_.data(), gateWeight_.data(), T(1), gi);
  detail::affineGradInput<T>(n, s, s, gradTransform_.data(), transformWeight_.data(), T(1), gi);
  if (input.dim() == 1) gradInput = gradInput.view({s});
}

template <typename T>
void Highway<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  preActivationGrads(input,
                     gradOutput);  // element-wise, cheap beside the GEMMs; needed when gradInput is not
  const int64_t n = rowsOf(input), s = options_.size;
  const Tensor<T> x = input.contiguous();
  const bool bias = options_.withBias;
  detail::affineAccGrad<T>(n, s, s, x.data(), gradGate_.data(), gradGateWeight_.data(),
                           bias ? gradGateBias_.data() : nullptr);
  detail::affineAccGrad<T>(n, s, s, x.data(), gradTransform_.data(), gradTransformWeight_.data(),
                           bias ? gradTransformBias_.data() : nullptr);
}

template class Highway<float>;
template class Highway<double>;

}  // namespace ringdl
