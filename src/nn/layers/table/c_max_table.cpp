// CMaxTable<T>: forward keeps the winning entry of each element; backward routes gradOutput to it
// (src/nn/detail/table_winner.h, shared with CMinTable).
#include "ringdl/nn/layers/table/c_max_table.h"

#include "../../detail/table_winner.h"

namespace ringdl {

template <typename T>
void CMaxTable<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  detail::selectWinners(inputs, output, winner_, [](T x, T best) { return x > best; });
}

template <typename T>
void CMaxTable<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                   std::vector<Tensor<T>>& gradInput) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    Tensor<T>& g = this->gradBuffer(i, inputs[i].shape());
    detail::routeToWinner(gradOutput, winner_, i, g);
    gradInput[i] = g;
  }
}

template class CMaxTable<float>;
template class CMaxTable<double>;

}  // namespace ringdl
