// Cosine<T>: one GEMM for all the dot products, scaled by the row norms. With A = gradOutput / (|x| |w|):
// gradInput = A W - diag(sum_j gradOutput y / |x|^2) X and gradWeight += A^T X - diag(sum_n gradOutput y /
// |w|^2) W (the norms with their 1e-12, so a zero row gives a zero gradient and no division by zero).
#include "ringdl/nn/layers/linear/cosine.h"

#include <cmath>

#include "ringdl/tensor/math.h"

namespace ringdl {

namespace {
constexpr double kEps = 1e-12;  // BigDL's (Torch's), added to each norm
}

template <typename T>
Cosine<T>::Cosine(const CosineOptions& options) : TensorModule<T>("Cosine"), options_(options) {
  RINGDL_CHECK(options.inputSize > 0 && options.outputSize > 0,
               "Cosine needs positive sizes, got inputSize=", options.inputSize,
               " outputSize=", options.outputSize);
  weight_ = Tensor<T>({options.outputSize, options.inputSize});
  gradWeight_ = Tensor<T>({options.outputSize, options.inputSize});
  this->registerParameter("weight", &weight_, &gradWeight_);
  reset();
}

template <typename T>
Cosine<T>& Cosine<T>::setInitMethod(InitMethod weightInit, InitMethod /*biasInit*/) {
  weightInit_ = weightInit;
  reset();
  return *this;
}

template <typename T>
void Cosine<T>::reset() {
  // BigDL: stdv = 1/sqrt(weight.size(1)), the number of rows (outputSize); fanIn = outputSize gives it.
  weightInit_.apply(weight_, options_.outputSize, options_.inputSize);
  gradWeight_.zero();
}

template <typename T>
int64_t Cosine<T>::rowsOf(const Tensor<T>& input) const {
  RINGDL_CHECK_LAYER((input.dim() == 1 || input.dim() == 2) && input.size(-1) == options_.inputSize,
                     "expected input of shape [N, ", options_.inputSize, "] or [", options_.inputSize,
                     "], got ", toString(input.shape()));
  return input.dim() == 1 ? 1 : input.size(0);
}

template <typename T>
void Cosine<T>::checkGradOutput(int64_t n, const Tensor<T>& gradOutput) const {
  RINGDL_CHECK_LAYER(gradOutput.numel() == n * options_.outputSize, "gradOutput has shape ",
                     toString(gradOutput.shape()), ", expected [", n, ", ", options_.outputSize, "]");
  RINGDL_CHECK_LAYER(inputNorm_.numel() == n, "backward needs the forward of the same input first");
}

template <typename T>
void Cosine<T>::rowNorms(const Tensor<T>& m, int64_t rows, int64_t cols, Tensor<T>& norms) {
  norms.resize({rows});
  const T* a = m.data();
  for (int64_t r = 0; r < rows; ++r) {
    T s = 0;
    for (int64_t c = 0; c < cols; ++c) s += a[r * cols + c] * a[r * cols + c];
    norms.data()[r] = std::sqrt(s) + T(kEps);
  }
}

template <typename T>
void Cosine<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t n = rowsOf(input), in = options_.inputSize, out = options_.outputSize;
  const Tensor<T> x = input.contiguous();
  rowNorms(x, n, in, inputNorm_);
  rowNorms(weight_, out, in, weightNorm_);
  output.resize({n, out});
  gemmRaw<T>(false, true, n, out, in, T(1), x.data(), in, weight_.data(), in, T(0), output.data(), out);
  T* y = output.data();
  const T* nx = inputNorm_.data();
  const T* nw = weightNorm_.data();
  for (int64_t r = 0; r < n; ++r)
    for (int64_t j = 0; j < out; ++j) y[r * out + j] /= nx[r] * nw[j];
  if (input.dim() == 1) output = output.view({out});
}

template <typename T>
void Cosine<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  const int64_t n = rowsOf(input), in = options_.inputSize, out = options_.outputSize;
  checkGradOutput(n, gradOutput);
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  const T* g = go.data();
  const T* y = this->outputTensor().data();
  const T* nx = inputNorm_.data();
  const T* nw = weightNorm_.data();
  scaled_.resize({n, out});
  T* a = scaled_.data();
  gradInput.resize({n, in});
  T* gi = gradInput.data();
  const T* xs = x.data();
  for (int64_t r = 0; r < n; ++r) {
    T s = 0;
    for (int64_t j = 0; j < out; ++j) {
      a[r * out + j] = g[r * out + j] / (nx[r] * nw[j]);
      s += g[r * out + j] * y[r * out + j];
    }
    const T c = -s / (nx[r] * nx[r]);
    for (int64_t i = 0; i < in; ++i) gi[r * in + i] = c * xs[r * in + i];
  }
  gemmRaw<T>(false, false, n, in, out, T(1), a, out, weight_.data(), in, T(1), gi, in);
  if (input.dim() == 1) gradInput = gradInput.view({in});
}

template <typename T>
void Cosine<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  const int64_t n = rowsOf(input), in = options_.inputSize, out = options_.outputSize;
  checkGradOutput(n, gradOutput);
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  const T* g = go.data();
  const T* y = this->outputTensor().data();
  const T* nx = inputNorm_.data();
  const T* nw = weightNorm_.data();
  scaled_.resize({n, out});
  T* a = scaled_.data();
  for (int64_t r = 0; r < n; ++r)
    for (int64_t j = 0; j < out; ++j) a[r * out + j] = g[r * out + j] / (nx[r] * nw[j]);
  // gradWeight -= diag(sum_n g y / |w|^2) W, then += A^T X.
  T* gw = gradWeight_.data();
  const T* w = weight_.data();
  for (int64_t j = 0; j < out; ++j) {
    T s = 0;
    for (int64_t r = 0; r < n; ++r) s += g[r * out + j] * y[r * out + j];
    const T c = -s / (nw[j] * nw[j]);
    for (int64_t i = 0; i < in; ++i) gw[j * in + i] += c * w[j * in + i];
  }
  gemmRaw<T>(true, false, out, in, n, T(1), a, out, x.data(), in, T(1), gw, in);
}

template class Cosine<float>;
template class Cosine<double>;

}  // namespace ringdl
