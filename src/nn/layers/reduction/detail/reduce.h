// The reduction family's shared rules and kernels: BigDL's dimension rule (0-based: negative counts from the
// end; with nInputDims > 0 an input of nInputDims + 1 dimensions is a batch and the dimension moves one on),
// BigDL's squeeze rule (the reduced dimension is dropped unless the input has one dimension, which gives
// [1]), and loops over a contiguous input seen as [outer, size, inner].
#pragma once

#include <cstdint>
#include <string>

#include "../../../detail/table_dimensions.h"
#include "ringdl/tensor/tensor.h"
#include "ringdl/util/error.h"

namespace ringdl::detail {

/// The dimension reduced for this input; an Error naming the layer (`where`) when it is out of range.
inline int64_t reducedDimension(int64_t dimension, int64_t nInputDims, const Shape& shape,
                                const std::string& where) {
  const int64_t rank = static_cast<int64_t>(shape.size());
  const int64_t d = batchShiftedDimension(dimension, nInputDims, rank);
  RINGDL_CHECK(d >= 0 && d < rank, where, ": ", resolvedDimension(dimension, nInputDims, rank),
               " is out of range for an input of shape ", toString(shape), " (", rank, " dimensions)");
  return d;
}

/// The output shape: size 1 at d, or d dropped when squeezing an input of more than one dimension.
inline Shape reducedShape(Shape shape, int64_t d, bool squeeze) {
  if (squeeze && shape.size() > 1)
    shape.erase(shape.begin() + d);
  else
    shape[d] = 1;
  return shape;
}

/// y[o, i] = scale * sum over s of x[o, s, i].
template <typename T>
void sumAlong(const T* x, int64_t outer, int64_t size, int64_t inner, T scale, T* y) {
  for (int64_t o = 0; o < outer; ++o) {
    T* out = y + o * inner;
    const T* in = x + o * size * inner;
    for (int64_t i = 0; i < inner; ++i) out[i] = in[i];
    for (int64_t s = 1; s < size; ++s)
      for (int64_t i = 0; i < inner; ++i) out[i] += in[s * inner + i];
    if (scale != T(1))
      for (int64_t i = 0; i < inner; ++i) out[i] *= scale;
  }
}

/// gx[o, s, i] = scale * gy[o, i].
template <typename T>
void spreadAlong(const T* gy, int64_t outer, int64_t size, int64_t inner, T scale, T* gx) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t s = 0; s < size; ++s)
      for (int64_t i = 0; i < inner; ++i) gx[(o * size + s) * inner + i] = scale * gy[o * inner + i];
}

/// y[o, i] = the extreme over s of x[o, s, i] (Better(a, b): a beats b), its s in arg; a tie goes to the
/// first, and a NaN wins and stays, as in PyTorch.
template <typename T, typename Better>
void extremeAlong(const T* x, int64_t outer, int64_t size, int64_t inner, Better better, T* y, int64_t* arg) {
  for (int64_t o = 0; o < outer; ++o) {
    T* out = y + o * inner;
    int64_t* at = arg + o * inner;
    const T* in = x + o * size * inner;
    for (int64_t i = 0; i < inner; ++i) out[i] = in[i], at[i] = 0;
    for (int64_t s = 1; s < size; ++s)
      for (int64_t i = 0; i < inner; ++i) {
        const T v = in[s * inner + i];
        if ((better(v, out[i]) || v != v) && out[i] == out[i]) out[i] = v, at[i] = s;
      }
  }
}

}  // namespace ringdl::detail
