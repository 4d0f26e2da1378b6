// The input rule of the row-wise pair layers (DotProduct, CosineDistance, PairwiseDistance): a and b of one
// shape, [N, D] (a batch of N rows) or [D] (one row, output [1], as in BigDL).
#pragma once

#include <cstdint>
#include <string>

#include "ringdl/tensor/tensor.h"
#include "ringdl/util/error.h"

namespace ringdl::detail {

struct Rows {
  int64_t count;  // N, or 1 for a [D] input
  int64_t width;  // D
};

/// The rows of a (a's shape is b's: the Table check has seen to it); `where` names the layer.
template <typename T>
Rows rowsOf(const Tensor<T>& a, const std::string& where) {
  RINGDL_CHECK(a.dim() == 1 || a.dim() == 2, where, ": takes {a, b} of shape [N, D] or [D], got ",
               toString(a.shape()));
  return a.dim() == 1 ? Rows{1, a.size(0)} : Rows{a.size(0), a.size(1)};
}

}  // namespace ringdl::detail
