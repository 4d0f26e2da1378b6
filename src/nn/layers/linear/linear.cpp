// Linear<T>: one GEMM forward, two backward (gradInput and gradWeight), a column sum for the bias.
#include "ringdl/nn/layers/linear/linear.h"

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
Linear<T>::Linear(int64_t inputSize, int64_t outputSize, bool withBias)
    : TensorModule<T>("Linear"), inputSize_(inputSize), outputSize_(outputSize), withBias_(withBias) {
  RINGDL_CHECK(inputSize > 0 && outputSize > 0, "Linear needs positive sizes, got inputSize=", inputSize,
               " outputSize=", outputSize);
  weight_ = Tensor<T>({outputSize, inputSize});
  gradWeight_ = Tensor<T>({outputSize, inputSize});
  this->registerParameter("weight", &weight_, &gradWeight_);
  if (withBias_) {
    bias_ = Tensor<T>({outputSize});
    gradBias_ = Tensor<T>({outputSize});
    this->registerParameter("bias", &bias_, &gradBias_);
  }
  reset();
}

template <typename T>
Linear<T>::Linear(const Attributes& a)
    : Linear(a.get<int64_t>("inputSize"), a.get<int64_t>("outputSize"), a.getOr<bool>("withBias", true)) {}

template <typename T>
Linear<T>& Linear<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void Linear<T>::reset() {
  weightInit_.apply(weight_, inputSize_, outputSize_);
  if (withBias_) biasInit_.apply(bias_, inputSize_, outputSize_);
  gradWeight_.zero();
  if (withBias_) gradBias_.zero();
}

template <typename T>
Attributes Linear<T>::config() const {
  return Attributes()
      .set("inputSize", inputSize_)
      .set("outputSize", outputSize_)
      .set("withBias", withBias_);
}

template <typename T>
Tensor<T> Linear<T>::asMatrix(const Tensor<T>& input) const {
  RINGDL_CHECK_LAYER((input.dim() == 1 || input.dim() == 2) && input.size(-1) == inputSize_,
                     "expected input of shape [N, ", inputSize_, "] or [", inputSize_, "], got ",
                     toString(input.shape()));
  const Tensor<T> x = input.contiguous();
  return x.dim() == 1 ? x.view({1, inputSize_}) : x;
}

template <typename T>
void Linear<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Tensor<T> x = asMatrix(input);
  const int64_t n = x.size(0);
  output.resize({n, outputSize_});
  T beta = T(0);
  if (withBias_) {
    T* out = output.data();
    const T* b = bias_.data();
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < outputSize_; ++j) out[i * outputSize_ + j] = b[j];
    beta = T(1);
  }
  gemmRaw<T>(false, true, n, outputSize_, inputSize_, T(1), x.data(), inputSize_, weight_.data(), inputSize_, beta,
             output.data(), outputSize_);
  if (input.dim() == 1) output = output.view({outputSize_});
}

template <typename T>
void Linear<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  const int64_t n = input.dim() == 1 ? 1 : input.size(0);
  RINGDL_CHECK_LAYER(gradOutput.numel() == n * outputSize_, "gradOutput has shape ", toString(gradOutput.shape()),
                     ", expected [", n, ", ", outputSize_, "]");
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize({n, inputSize_});
  gemmRaw<T>(false, false, n, inputSize_, outputSize_, T(1), go.data(), outputSize_, weight_.data(), inputSize_,
             T(0), gradInput.data(), inputSize_);
  if (input.dim() == 1) gradInput = gradInput.view({inputSize_});
}

template <typename T>
void Linear<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  const Tensor<T> x = asMatrix(input);
  const int64_t n = x.size(0);
  const Tensor<T> go = gradOutput.contiguous();
  // gradWeight += gradOutput^T x
  gemmRaw<T>(true, false, outputSize_, inputSize_, n, T(1), go.data(), outputSize_, x.data(), inputSize_, T(1),
             gradWeight_.data(), inputSize_);
  if (withBias_) {
    T* gb = gradBias_.data();
    const T* g = go.data();
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < outputSize_; ++j) gb[j] += g[i * outputSize_ + j];
  }
}

template class Linear<float>;
template class Linear<double>;

}  // namespace ringdl
