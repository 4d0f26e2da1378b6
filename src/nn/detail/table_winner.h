// Element-wise selection among a Table's entries, shared by CMaxTable and CMinTable: the winning value and
// entry of each element in forward, and gradOutput routed to the winner in backward.
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/tensor/tensor.h"

namespace ringdl::detail {

/// output[k] = the value of the entry `better` prefers at element k, winner[k] = that entry. A later entry
/// replaces the current winner only when strictly better, so a tie goes to the first entry holding the value.
template <typename T, typename Better>
void selectWinners(const std::vector<Tensor<T>>& inputs, Tensor<T>& output, std::vector<int32_t>& winner,
                   Better better) {
  output.resize(inputs[0].shape());
  output.copyFrom(inputs[0]);
  const int64_t n = output.numel();
  winner.assign(static_cast<size_t>(n), 0);
  T* y = output.data();
  int32_t* w = winner.data();
  for (size_t i = 1; i < inputs.size(); ++i) {
    const T* x = inputs[i].data();
    const int32_t entry = static_cast<int32_t>(i);
    for (int64_t k = 0; k < n; ++k) {
      if (better(x[k], y[k])) {
        y[k] = x[k];
        w[k] = entry;
      }
    }
  }
}

/// Entry i's gradient: gradOutput where entry i won, 0 elsewhere.
template <typename T>
void routeToWinner(const Tensor<T>& gradOutput, const std::vector<int32_t>& winner, size_t i,
                   Tensor<T>& grad) {
  const T* go = gradOutput.data();
  const int32_t* w = winner.data();
  const int32_t entry = static_cast<int32_t>(i);
  T* g = grad.data();
  const int64_t n = grad.numel();
  for (int64_t k = 0; k < n; ++k) g[k] = w[k] == entry ? go[k] : T(0);
}

}  // namespace ringdl::detail
