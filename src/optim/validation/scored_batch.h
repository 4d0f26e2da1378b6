// Internal: the checks every class-score validation method makes on a batch (output [N, classes] or one
// record [classes], target N 0-based labels), with errors that name the method, the shapes and the record.
#pragma once

#include <cstdint>
#include <string>

#include "ringdl/tensor/tensor.h"
#include "ringdl/util/error.h"

namespace ringdl::validation_detail {

template <typename T>
struct ScoredBatch {
  Tensor<T> output;  ///< contiguous [n, classes]
  Tensor<T> target;  ///< contiguous, n elements
  int64_t n = 0;
  int64_t classes = 0;

  const T* row(int64_t i) const { return output.data() + i * classes; }
};

template <typename T>
ScoredBatch<T> scoredBatch(const std::string& method, const Tensor<T>& output, const Tensor<T>& target) {
  ScoredBatch<T> b;
  b.output = output.dim() == 1 ? output.contiguous().view({1, output.size(0)}) : output.contiguous();
  RINGDL_CHECK(b.output.dim() == 2, method,
               " needs output of shape [N, classes] (or one record [classes]), got ",
               toString(output.shape()));
  b.n = b.output.size(0);
  b.classes = b.output.size(1);
  b.target = target.contiguous();
  RINGDL_CHECK(b.target.numel() == b.n, method, ": output ", toString(output.shape()), " has ", b.n,
               " records but target ", toString(target.shape()), " has ", b.target.numel(),
               " labels (one 0-based label per record)");
  return b;
}

/// The 0-based label of record i, checked against `classes`.
template <typename T>
int64_t labelAt(const std::string& method, const Tensor<T>& target, int64_t i, int64_t classes) {
  const T label = target.data()[i];
  const int64_t c = static_cast<int64_t>(label);
  RINGDL_CHECK(c >= 0 && c < classes && static_cast<T>(c) == label, method, ": target ", label,
               " at position ", i, " is out of range for ", classes, " classes; labels are 0-based (0..",
               classes - 1, ")");
  return c;
}

/// The index of the first maximum of a row (NaN scores never win).
template <typename T>
int64_t argmax(const T* row, int64_t n) {
  int64_t best = 0;
  for (int64_t j = 1; j < n; ++j)
    if (row[j] > row[best] || (row[best] != row[best] && row[j] == row[j])) best = j;
  return best;
}

}  // namespace ringdl::validation_detail
