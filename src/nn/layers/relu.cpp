// ReLU<T>: branch-free loops the compiler vectorises.
#include "ringdl/nn/layers/relu.h"

namespace ringdl {

template <typename T>
void ReLU<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Tensor<T> x = input.contiguous();
  output.resize(x.shape());
  const T* in = x.data();
  T* out = output.data();
  const int64_t n = x.numel();
  for (int64_t i = 0; i < n; ++i) out[i] = in[i] > T(0) ? in[i] : T(0);
}

template <typename T>
void ReLU<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput shape ", toString(gradOutput.shape()),
                     " differs from input shape ", toString(input.shape()));
  const Tensor<T> go = gradOutput.contiguous();
  const Tensor<T>& y = this->outputTensor();
  gradInput.resize(input.shape());
  const T* out = y.data();
  const T* g = go.data();
  T* gi = gradInput.data();
  const int64_t n = input.numel();
  for (int64_t i = 0; i < n; ++i) gi[i] = out[i] > T(0) ? g[i] : T(0);
}

template class ReLU<float>;
template class ReLU<double>;

}  // namespace ringdl
