// Tanh<T>: Eigen's vectorised tanh forward; backward from the output alone (dy/dx = 1 - y^2), so no second
// transcendental pass.
#include "ringdl/nn/layers/tanh.h"

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
void Tanh<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Tensor<T> x = input.contiguous();
  output.resize(x.shape());
  tanhMap(x.data(), output.data(), x.numel());
}

template <typename T>
void Tanh<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  const Tensor<T>& y = this->outputTensor();
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape() && y.shape() == input.shape(), "gradOutput shape ",
                     toString(gradOutput.shape()), " and output shape ", toString(y.shape()),
                     " must equal input shape ", toString(input.shape()));
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize(input.shape());
  const T* out = y.data();
  const T* g = go.data();
  T* gi = gradInput.data();
  const int64_t n = input.numel();
  for (int64_t i = 0; i < n; ++i) gi[i] = g[i] * (T(1) - out[i] * out[i]);
}

template class Tanh<float>;
template class Tanh<double>;

}  // namespace ringdl
