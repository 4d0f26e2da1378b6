// CAveTable<T>: the sum scaled by 1/n; every entry's gradient is gradOutput / n, computed once and shared.
#include "ringdl/nn/layers/table/c_ave_table.h"

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
void CAveTable<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  output.resize(inputs[0].shape());
  output.copyFrom(inputs[0]);
  for (size_t i = 1; i < inputs.size(); ++i) axpy(T(1), inputs[i], output);
  scale(T(1) / static_cast<T>(inputs.size()), output);
}

template <typename T>
void CAveTable<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                   std::vector<Tensor<T>>& gradInput) {
  Tensor<T>& g = this->gradBuffer(0, gradOutput.shape());
  g.copyFrom(gradOutput);
  scale(T(1) / static_cast<T>(inputs.size()), g);
  for (Tensor<T>& entry : gradInput) entry = g;
}

template class CAveTable<float>;
template class CAveTable<double>;

}  // namespace ringdl
