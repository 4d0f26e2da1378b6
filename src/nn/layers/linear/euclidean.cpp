// Euclidean<T>: distances from differences (not from |x|^2 - 2 x.w + |w|^2, which cancels badly in float),
// summed along the weight's rows so the inner loop runs over contiguous columns. With c = gradOutput / y:
// gradInput = diag(sum_j c) X - c W^T and gradWeight += W diag(sum_n c) - X^T c, two GEMMs.
#include "ringdl/nn/layers/linear/euclidean.h"

#include <cmath>

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
Euclidean<T>::Euclidean(const EuclideanOptions& options) : TensorModule<T>("Euclidean"), options_(options) {
  RINGDL_CHECK(options.inputSize > 0 && options.outputSize > 0,
               "Euclidean needs positive sizes, got inputSize=", options.inputSize,
               " outputSize=", options.outputSize);
  weight_ = Tensor<T>({options.inputSize, options.outputSize});
  gradWeight_ = Tensor<T>({options.inputSize, options.outputSize});
  this->registerParameter("weight", &weight_, &gradWeight_);
  reset();
}

template <typename T>
Euclidean<T>& Euclidean<T>::setInitMethod(InitMethod weightInit, InitMethod /*biasInit*/) {
  weightInit_ = weightInit;
  reset();
  return *this;
}

template <typename T>
void Euclidean<T>::reset() {
  weightInit_.apply(weight_, options_.inputSize, options_.outputSize);  // BigDL: 1/sqrt(weight.size(1))
  gradWeight_.zero();
}

template <typename T>
int64_t Euclidean<T>::rowsOf(const Tensor<T>& input) const {
  RINGDL_CHECK_LAYER((input.dim() == 1 || input.dim() == 2) && input.size(-1) == options_.inputSize,
                     "expected input of shape [N, ", options_.inputSize, "] or [", options_.inputSize,
                     "], got ", toString(input.shape()));
  return input.dim() == 1 ? 1 : input.size(0);
}

template <typename T>
void Euclidean<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t n = rowsOf(input), in = options_.inputSize, out = options_.outputSize;
  const Tensor<T> x = input.contiguous();
  output.resize({n, out});
  output.zero();
  const T* xs = x.data();
  const T* w = weight_.data();
  T* y = output.data();
  for (int64_t r = 0; r < n; ++r) {
    T* yr = y + r * out;
    for (int64_t i = 0; i < in; ++i) {
      const T xi = xs[r * in + i];
      const T* wi = w + i * out;
      for (int64_t j = 0; j < out; ++j) yr[j] += (xi - wi[j]) * (xi - wi[j]);
    }
    for (int64_t j = 0; j < out; ++j) yr[j] = std::sqrt(yr[j]);
  }
  if (input.dim() == 1) output = output.view({out});
}

template <typename T>
void Euclidean<T>::ratios(int64_t n, const Tensor<T>& gradOutput) {
  const int64_t out = options_.outputSize;
  RINGDL_CHECK_LAYER(gradOutput.numel() == n * out, "gradOutput has shape ", toString(gradOutput.shape()),
                     ", expected [", n, ", ", out, "]");
  RINGDL_CHECK_LAYER(this->outputTensor().numel() == n * out,
                     "backward needs the forward of the same input first");
  const Tensor<T> go = gradOutput.contiguous();
  const T* g = go.data();
  const T* y = this->outputTensor().data();
  ratio_.resize({n, out});
  rowSum_.resize({n});
  colSum_.resize({out});
  colSum_.zero();
  T* c = ratio_.data();
  for (int64_t r = 0; r < n; ++r) {
    T s = 0;
    for (int64_t j = 0; j < out; ++j) {
      const int64_t k = r * out + j;
      c[k] = y[k] > T(0) ? g[k] / y[k] : T(0);
      s += c[k];
      colSum_.data()[j] += c[k];
    }
    rowSum_.data()[r] = s;
  }
}

template <typename T>
void Euclidean<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                   Tensor<T>& gradInput) {
  const int64_t n = rowsOf(input), in = options_.inputSize, out = options_.outputSize;
  ratios(n, gradOutput);
  const Tensor<T> x = input.contiguous();
  gradInput.resize({n, in});
  T* gi = gradInput.data();
  const T* xs = x.data();
  for (int64_t r = 0; r < n; ++r)
    for (int64_t i = 0; i < in; ++i) gi[r * in + i] = rowSum_.data()[r] * xs[r * in + i];
  // gradInput -= c W^T: c [n, out], W [in, out].
  gemmRaw<T>(false, true, n, in, out, T(-1), ratio_.data(), out, weight_.data(), out, T(1), gi, in);
  if (input.dim() == 1) gradInput = gradInput.view({in});
}

template <typename T>
void Euclidean<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  const int64_t n = rowsOf(input), in = options_.inputSize, out = options_.outputSize;
  ratios(n, gradOutput);
  const Tensor<T> x = input.contiguous();
  T* gw = gradWeight_.data();
  const T* w = weight_.data();
  const T* cs = colSum_.data();
  for (int64_t i = 0; i < in; ++i)
    for (int64_t j = 0; j < out; ++j) gw[i * out + j] += w[i * out + j] * cs[j];
  // gradWeight -= X^T c: X [n, in], c [n, out].
  gemmRaw<T>(true, false, in, out, n, T(-1), x.data(), in, ratio_.data(), out, T(1), gw, out);
}

template class Euclidean<float>;
template class Euclidean<double>;

}  // namespace ringdl
