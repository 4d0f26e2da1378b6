// CAddTable<T>: one pass summing the entries; each entry's gradient is the output's gradient.
#include "ringdl/nn/layers/table/c_add_table.h"

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
void CAddTable<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  output.resize(inputs[0].shape());
  output.copyFrom(inputs[0]);
  for (size_t i = 1; i < inputs.size(); ++i) axpy(T(1), inputs[i], output);
}

template <typename T>
void CAddTable<T>::updateGradInput(const std::vector<Tensor<T>>& /*inputs*/, const Tensor<T>& gradOutput,
                                   std::vector<Tensor<T>>& gradInput) {
  // Every entry's gradient is gradOutput itself: shared, not copied.
  for (Tensor<T>& g : gradInput) g = gradOutput;
}

template class CAddTable<float>;
template class CAddTable<double>;

}  // namespace ringdl
