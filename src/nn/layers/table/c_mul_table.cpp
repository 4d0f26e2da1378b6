// CMulTable<T>: entry i's gradient is gradOutput times the product of the other entries, built from a prefix
// pass and a suffix pass (2n passes for n entries, not n^2) and never by dividing the output by x_i, so zeros
// in the entries are exact.
#include "ringdl/nn/layers/table/c_mul_table.h"

namespace ringdl {

template <typename T>
void CMulTable<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  output.resize(inputs[0].shape());
  output.copyFrom(inputs[0]);
  T* y = output.data();
  const int64_t n = output.numel();
  for (size_t i = 1; i < inputs.size(); ++i) {
    const T* x = inputs[i].data();
    for (int64_t k = 0; k < n; ++k) y[k] *= x[k];
  }
}

template <typename T>
void CMulTable<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                   std::vector<Tensor<T>>& gradInput) {
  const size_t entries = inputs.size();
  if (entries == 1) {
    gradInput[0] = gradOutput;
    return;
  }
  const Shape& shape = inputs[0].shape();
  const int64_t n = gradOutput.numel();
  // Prefix: g_i = gradOutput * x_0 * ... * x_{i-1}.
  std::vector<T*> g(entries);
  for (size_t i = 0; i < entries; ++i) {
    Tensor<T>& buffer = this->gradBuffer(i, shape);
    gradInput[i] = buffer;
    g[i] = buffer.data();
  }
  const T* go = gradOutput.data();
  for (int64_t k = 0; k < n; ++k) g[0][k] = go[k];
  for (size_t i = 1; i < entries; ++i) {
    const T* x = inputs[i - 1].data();
    for (int64_t k = 0; k < n; ++k) g[i][k] = g[i - 1][k] * x[k];
  }
  // Suffix: g_i *= x_{i+1} * ... * x_{n-1}, the running product kept in suffix_.
  const T* s = inputs[entries - 1].data();
  for (size_t i = entries - 1; i-- > 0;) {
    for (int64_t k = 0; k < n; ++k) g[i][k] *= s[k];
    if (i == 0) break;
    suffix_.resize(shape);
    T* next = suffix_.data();
    const T* x = inputs[i].data();
    for (int64_t k = 0; k < n; ++k) next[k] = s[k] * x[k];
    s = next;
  }
}

template class CMulTable<float>;
template class CMulTable<double>;

}  // namespace ringdl
