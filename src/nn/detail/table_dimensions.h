// Dimensions for the table layers: BigDL's rule for JoinTable's and SplitTable's dimension, 0-based (a
// negative dimension counts from the end; otherwise, when nInputDims > 0 and the input has exactly nInputDims
// + 1 dimensions, the first one is a batch and the dimension moves one to the right), and a shape seen as
// [outer, size(d), inner] around a dimension d.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "ringdl/tensor/shape.h"

namespace ringdl::detail {

/// The dimension the layer works on for an input of `rank` dimensions (the caller checks its range).
inline int64_t batchShiftedDimension(int64_t dimension, int64_t nInputDims, int64_t rank) {
  if (dimension < 0) return dimension + rank;
  if (nInputDims > 0 && rank == nInputDims + 1) return dimension + 1;
  return dimension;
}

/// How the layer's dimension was resolved, for messages: "dimension 1", "dimension -1 (counted from the
/// end)", or "dimension 0 (1 past the batch dimension: nInputDims is 2 and the input has 3 dimensions)".
inline std::string resolvedDimension(int64_t dimension, int64_t nInputDims, int64_t rank) {
  const int64_t d = batchShiftedDimension(dimension, nInputDims, rank);
  std::string s = "dimension " + std::to_string(dimension);
  if (dimension < 0) return s + " (counted from the end)";
  if (d != dimension)
    return s + " (" + std::to_string(d) + " past the batch dimension: nInputDims is " +
           std::to_string(nInputDims) + " and the input has " + std::to_string(rank) + " dimensions)";
  return s;
}

/// The number of elements before and after dimension d of a shape: the shape as [outer, shape[d], inner].
inline std::pair<int64_t, int64_t> outerInner(const Shape& shape, int64_t d) {
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < d; ++i) outer *= shape[i];
  for (size_t i = d + 1; i < shape.size(); ++i) inner *= shape[i];
  return {outer, inner};
}

}  // namespace ringdl::detail
