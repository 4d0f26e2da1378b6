// CDivTable<T>: d(x0/x1)/dx0 = 1/x1 and d(x0/x1)/dx1 = -x0/x1^2, both from the inputs in one pass.
#include "ringdl/nn/layers/table/c_div_table.h"

namespace ringdl {

template <typename T>
void CDivTable<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  output.resize(inputs[0].shape());
  const T* a = inputs[0].data();
  const T* b = inputs[1].data();
  T* y = output.data();
  const int64_t n = output.numel();
  for (int64_t k = 0; k < n; ++k) y[k] = a[k] / b[k];
}

template <typename T>
void CDivTable<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                   std::vector<Tensor<T>>& gradInput) {
  Tensor<T>& g0 = this->gradBuffer(0, inputs[0].shape());
  Tensor<T>& g1 = this->gradBuffer(1, inputs[1].shape());
  const T* a = inputs[0].data();
  const T* b = inputs[1].data();
  const T* go = gradOutput.data();
  T* ga = g0.data();
  T* gb = g1.data();
  const int64_t n = g0.numel();
  for (int64_t k = 0; k < n; ++k) {
    ga[k] = go[k] / b[k];
    gb[k] = -ga[k] * a[k] / b[k];
  }
  gradInput[0] = g0;
  gradInput[1] = g1;
}

template class CDivTable<float>;
template class CDivTable<double>;

}  // namespace ringdl
