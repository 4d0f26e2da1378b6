// Maxout<T>: one GEMM for the grouped Linear, a pass keeping the winning group of each output (the first on a
// tie), and backward through the winners only.
#include "ringdl/nn/layers/linear/maxout.h"

#include "detail/affine.h"

namespace ringdl {

template <typename T>
Maxout<T>::Maxout(const MaxoutOptions& options) : TensorModule<T>("Maxout"), options_(options) {
  RINGDL_CHECK(options.inputSize > 0 && options.outputSize > 0 && options.maxoutNumber > 0,
               "Maxout needs positive sizes, got inputSize=", options.inputSize,
               " outputSize=", options.outputSize, " maxoutNumber=", options.maxoutNumber);
  const int64_t rows = options.outputSize * options.maxoutNumber;
  weight_ = Tensor<T>({rows, options.inputSize});
  gradWeight_ = Tensor<T>({rows, options.inputSize});
  this->registerParameter("weight", &weight_, &gradWeight_);
  if (options.withBias) {
    bias_ = Tensor<T>({rows});
    gradBias_ = Tensor<T>({rows});
    this->registerParameter("bias", &bias_, &gradBias_);
  }
  reset();
}

template <typename T>
Maxout<T>& Maxout<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void Maxout<T>::reset() {
  const int64_t in = options_.inputSize, out = options_.outputSize * options_.maxoutNumber;
  weightInit_.apply(weight_, in, out);
  gradWeight_.zero();
  if (options_.withBias) {
    biasInit_.apply(bias_, in, out);
    gradBias_.zero();
  }
}

template <typename T>
int64_t Maxout<T>::rowsOf(const Tensor<T>& input) const {
  RINGDL_CHECK_LAYER((input.dim() == 1 || input.dim() == 2) && input.size(-1) == options_.inputSize,
                     "expected input of shape [N, ", options_.inputSize, "] or [", options_.inputSize,
                     "], got ", toString(input.shape()));
  return input.dim() == 1 ? 1 : input.size(0);
}

template <typename T>
void Maxout<T>::checkGradOutput(int64_t n, const Tensor<T>& gradOutput) const {
  RINGDL_CHECK_LAYER(gradOutput.numel() == n * options_.outputSize, "gradOutput has shape ",
                     toString(gradOutput.shape()), ", expected [", n, ", ", options_.outputSize, "]");
}

template <typename T>
void Maxout<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t n = rowsOf(input), in = options_.inputSize, out = options_.outputSize;
  const int64_t groups = options_.maxoutNumber, width = out * groups;
  const Tensor<T> x = input.contiguous();
  linear_.resize({n, width});
  detail::affineForward<T>(n, in, width, x.data(), weight_.data(), options_.withBias ? bias_.data() : nullptr,
                           linear_.data());
  output.resize({n, out});
  winner_.assign(static_cast<size_t>(n * out), 0);
  const T* z = linear_.data();
  T* y = output.data();
  for (int64_t r = 0; r < n; ++r) {
    const T* row = z + r * width;
    T* best = y + r * out;
    int64_t* win = winner_.data() + r * out;
    for (int64_t j = 0; j < out; ++j) best[j] = row[j];
    for (int64_t k = 1; k < groups; ++k)
      for (int64_t j = 0; j < out; ++j)
        if (row[k * out + j] > best[j]) {
          best[j] = row[k * out + j];
          win[j] = k;
        }
  }
  if (input.dim() == 1) output = output.view({out});
}

template <typename T>
void Maxout<T>::routeGradient(int64_t n, const Tensor<T>& gradOutput) {
  checkGradOutput(n, gradOutput);
  const int64_t out = options_.outputSize, width = out * options_.maxoutNumber;
  RINGDL_CHECK_LAYER(static_cast<int64_t>(winner_.size()) == n * out,
                     "backward needs the forward of the same input first");
  const Tensor<T> go = gradOutput.contiguous();
  gradLinear_.resize({n, width});
  gradLinear_.zero();
  const T* g = go.data();
  T* gz = gradLinear_.data();
  for (int64_t r = 0; r < n; ++r)
    for (int64_t j = 0; j < out; ++j) gz[r * width + winner_[r * out + j] * out + j] = g[r * out + j];
}

template <typename T>
void Maxout<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  const int64_t n = rowsOf(input), in = options_.inputSize,
                width = options_.outputSize * options_.maxoutNumber;
  routeGradient(n, gradOutput);
  gradInput.resize({n, in});
  detail::affineGradInput<T>(n, in, width, gradLinear_.data(), weight_.data(), T(0), gradInput.data());
  if (input.dim() == 1) gradInput = gradInput.view({in});
}

template <typename T>
void Maxout<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  const int64_t n = rowsOf(input), in = options_.inputSize,
                width = options_.outputSize * options_.maxoutNumber;
  routeGradient(n, gradOutput);  // cheap beside the GEMMs, and right when updateGradInput was skipped
  const Tensor<T> x = input.contiguous();
  detail::affineAccGrad<T>(n, in, width, x.data(), gradLinear_.data(), gradWeight_.data(),
                           options_.withBias ? gradBias_.data() : nullptr);
}

template class Maxout<float>;
template class Maxout<double>;

}  // namespace ringdl
