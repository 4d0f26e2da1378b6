// Linear<T>: one GEMM forward, two backward (gradInput and gradWeight), a column sum for the bias.
#include "ringdl/nn/layers/linear/linear.h"

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
Linear<T>::Linear(const LinearOptions& options) : TensorModule<T>("Linear"), options_(options) {
  const int64_t in = options.inputSize, out = options.outputSize;
  RINGDL_CHECK(in > 0 && out > 0, "Linear needs positive sizes, got inputSize=", in, " outputSize=", out);
  regularizerOf(options.wRegularizer, "Linear", "wRegularizer");
  regularizerOf(options.bRegularizer, "Linear", "bRegularizer");
  weight_ = Tensor<T>({out, in});
  gradWeight_ = Tensor<T>({out, in});
  this->registerParameter("weight", &weight_, &gradWeight_);
  if (options.withBias) {
    bias_ = Tensor<T>({out});
    gradBias_ = Tensor<T>({out});
    this->registerParameter("bias", &bias_, &gradBias_);
  }
  reset();
}

template <typename T>
Linear<T>& Linear<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void Linear<T>::reset() {
  weightInit_.apply(weight_, options_.inputSize, options_.outputSize);
  if (options_.withBias) biasInit_.apply(bias_, options_.inputSize, options_.outputSize);
  gradWeight_.zero();
  if (options_.withBias) gradBias_.zero();
}

template <typename T>
Tensor<T> Linear<T>::asMatrix(const Tensor<T>& input) const {
  RINGDL_CHECK_LAYER((input.dim() == 1 || input.dim() == 2) && input.size(-1) == options_.inputSize,
                     "expected input of shape [N, ", options_.inputSize, "] or [", options_.inputSize,
                     "], got ", toString(input.shape()));
  const Tensor<T> x = input.contiguous();
  return x.dim() == 1 ? x.view({1, options_.inputSize}) : x;
}

template <typename T>
void Linear<T>::checkGradOutput(int64_t n, const Tensor<T>& gradOutput) const {
  RINGDL_CHECK_LAYER(gradOutput.numel() == n * options_.outputSize, "gradOutput has shape ",
                     toString(gradOutput.shape()), ", expected [", n, ", ", options_.outputSize, "]");
}

template <typename T>
void Linear<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Tensor<T> x = asMatrix(input);
  const int64_t n = x.size(0);
  output.resize({n, options_.outputSize});
  T beta = T(0);
  if (options_.withBias) {
    T* out = output.data();
    const T* b = bias_.data();
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < options_.outputSize; ++j) out[i * options_.outputSize + j] = b[j];
    beta = T(1);
  }
  gemmRaw<T>(false, true, n, options_.outputSize, options_.inputSize, T(1), x.data(), options_.inputSize,
             weight_.data(), options_.inputSize, beta, output.data(), options_.outputSize);
  if (input.dim() == 1) output = output.view({options_.outputSize});
}

template <typename T>
void Linear<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  const int64_t n = input.dim() == 1 ? 1 : input.size(0);
  checkGradOutput(n, gradOutput);
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize({n, options_.inputSize});
  gemmRaw<T>(false, false, n, options_.inputSize, options_.outputSize, T(1), go.data(), options_.outputSize,
             weight_.data(), options_.inputSize, T(0), gradInput.data(), options_.inputSize);
  if (input.dim() == 1) gradInput = gradInput.view({options_.inputSize});
}

template <typename T>
void Linear<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  const Tensor<T> x = asMatrix(input);
  const int64_t n = x.size(0);
  checkGradOutput(n, gradOutput);  // also when updateGradInput was skipped (the first layer's input is data)
  const Tensor<T> go = gradOutput.contiguous();
  // gradWeight += gradOutput^T x
  gemmRaw<T>(true, false, options_.outputSize, options_.inputSize, n, T(1), go.data(), options_.outputSize,
             x.data(), options_.inputSize, T(1), gradWeight_.data(), options_.inputSize);
  if (options_.withBias) {
    T* gb = gradBias_.data();
    const T* g = go.data();
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < options_.outputSize; ++j) gb[j] += g[i * options_.outputSize + j];
  }
}

template <typename T>
Linear<T>& Linear<T>::setRegularizers(const Regularizer& weight, const Regularizer& bias) {
  setWeightAndBiasRegularizers(options_, weight, bias, this->where());
  return *this;
}

template <typename T>
std::vector<std::pair<std::string, Regularizer>> Linear<T>::regularizers() const {
  return weightAndBiasRegularizers(options_, this->typeName());
}

template class Linear<float>;
template class Linear<double>;

}  // namespace ringdl
