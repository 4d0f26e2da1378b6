// DotProduct<T>: one pass per row; a's gradient is gradOutput[r] * b, b's is gradOutput[r] * a.
#include "ringdl/nn/layers/table/dot_product.h"

#include "../../detail/row_pairs.h"

namespace ringdl {

template <typename T>
void DotProduct<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  const detail::Rows rows = detail::rowsOf(inputs[0], this->where());
  output.resize({rows.count});
  const T* a = inputs[0].data();
  const T* b = inputs[1].data();
  T* y = output.data();
  for (int64_t r = 0; r < rows.count; ++r) {
    const int64_t o = r * rows.width;
    T s = 0;
    for (int64_t k = 0; k < rows.width; ++k) s += a[o + k] * b[o + k];
    y[r] = s;
  }
}

template <typename T>
void DotProduct<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                    std::vector<Tensor<T>>& gradInput) {
  const detail::Rows rows = detail::rowsOf(inputs[0], this->where());
  Tensor<T>& g0 = this->gradBuffer(0, inputs[0].shape());
  Tensor<T>& g1 = this->gradBuffer(1, inputs[1].shape());
  const T* a = inputs[0].data();
  const T* b = inputs[1].data();
  const T* go = gradOutput.data();
  T* ga = g0.data();
  T* gb = g1.data();
  for (int64_t r = 0; r < rows.count; ++r) {
    const int64_t o = r * rows.width;
    for (int64_t k = 0; k < rows.width; ++k) {
      ga[o + k] = go[r] * b[o + k];
      gb[o + k] = go[r] * a[o + k];
    }
  }
  gradInput[0] = g0;
  gradInput[1] = g1;
}

template class DotProduct<float>;
template class DotProduct<double>;

}  // namespace ringdl
