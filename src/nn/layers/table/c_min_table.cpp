// CMinTable<T>: forward keeps the winning entry of each element; backward routes gradOutput to it
// (src/nn/detail/table_winner.h, shared with CMaxTable).
#include "ringdl/nn/layers/table/c_min_table.h"

#include "../../detail/table_winner.h"

namespace ringdl {

template <typename T>
void CMinTable<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  detail::selectWinners(inputs, output, winner_, [](T x, T best) { return x < best; });
}

template <typename T>
void CMinTable<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                   std::vector<Tensor<T>>& gradInput) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    Tensor<T>& g = this->gradBuffer(i, inputs[i].shape());
    detail::routeToWinner(gradOutput, winner_, i, g);
    gradInput[i] = g;
  }
}

template class CMinTable<float>;
template class CMinTable<double>;

}  // namespace ringdl
