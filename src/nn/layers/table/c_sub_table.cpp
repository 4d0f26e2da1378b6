// CSubTable<T>: x0's gradient is gradOutput itself (shared); x1's is its negation.
#include "ringdl/nn/layers/table/c_sub_table.h"

namespace ringdl {

template <typename T>
void CSubTable<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  output.resize(inputs[0].shape());
  const T* a = inputs[0].data();
  const T* b = inputs[1].data();
  T* y = output.data();
  const int64_t n = output.numel();
  for (int64_t k = 0; k < n; ++k) y[k] = a[k] - b[k];
}

template <typename T>
void CSubTable<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                   std::vector<Tensor<T>>& gradInput) {
  gradInput[0] = gradOutput;
  Tensor<T>& g1 = this->gradBuffer(1, inputs[1].shape());
  const T* go = gradOutput.data();
  T* g = g1.data();
  const int64_t n = g1.numel();
  for (int64_t k = 0; k < n; ++k) g[k] = -go[k];
  gradInput[1] = g1;
}

template class CSubTable<float>;
template class CSubTable<double>;

}  // namespace ringdl
