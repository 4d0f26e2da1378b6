// Row-wise affine maps y = x W^T + b on raw contiguous buffers, one GEMM each, for the linear layers built
// from one or more Linear-shaped weights (Maxout, Highway).
#pragma once

#include <cstdint>

#include "ringdl/tensor/math.h"

namespace ringdl::detail {

/// y[n, out] = x[n, in] W[out, in]^T + b[out] (b may be null).
template <typename T>
void affineForward(int64_t n, int64_t in, int64_t out, const T* x, const T* w, const T* b, T* y) {
  if (b)
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < out; ++j) y[i * out + j] = b[j];
  gemmRaw<T>(false, true, n, out, in, T(1), x, in, w, in, b ? T(1) : T(0), y, out);
}

/// gx[n, in] = beta gx + g[n, out] W[out, in].
template <typename T>
void affineGradInput(int64_t n, int64_t in, int64_t out, const T* g, const T* w, T beta, T* gx) {
  gemmRaw<T>(false, false, n, in, out, T(1), g, out, w, in, beta, gx, in);
}

/// gW[out, in] += g^T x; gb[out] += the column sums of g (gb may be null).
template <typename T>
void affineAccGrad(int64_t n, int64_t in, int64_t out, const T* x, const T* g, T* gw, T* gb) {
  gemmRaw<T>(true, false, out, in, n, T(1), g, out, x, in, T(1), gw, in);
  if (gb)
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < out; ++j) gb[j] += g[i * out + j];
}

}  // namespace ringdl::detail
