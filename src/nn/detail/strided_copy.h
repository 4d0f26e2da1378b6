// Copies and sums between two views of one shape with any strides: the outer dimensions are walked as an
// odometer and the last one is a plain loop (a memcpy when both are contiguous along it), so a slice of a
// large tensor costs a pass over the slice and never a gather into a temporary (Tensor::copyFrom's fallback).
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "ringdl/tensor/tensor.h"
#include "ringdl/util/error.h"

namespace ringdl::detail {

/// f(dstRow, srcRow, n, dstStride, srcStride) for every row along the last dimension of dst and src (one
/// shape; a 0-d view is one row of one element).
template <typename T, typename S, typename F>
void forEachRow(Tensor<T>& dst, const Tensor<S>& src, F&& f) {
  RINGDL_CHECK(dst.shape() == src.shape(), "strided copy between shapes ", toString(dst.shape()), " and ",
               toString(src.shape()));
  if (dst.numel() == 0) return;
  const int64_t rank = dst.dim();
  if (rank == 0) {
    f(dst.data(), src.data(), int64_t{1}, int64_t{1}, int64_t{1});
    return;
  }
  const int64_t n = dst.size(rank - 1), ds = dst.stride(rank - 1), ss = src.stride(rank - 1);
  std::vector<int64_t> index(rank - 1, 0);
  T* d = dst.data();
  const S* s = src.data();
  while (true) {
    f(d, s, n, ds, ss);
    int64_t k = rank - 2;
    for (; k >= 0; --k) {
      if (++index[k] < dst.size(k)) {
        d += dst.stride(k);
        s += src.stride(k);
        break;
      }
      d -= (dst.size(k) - 1) * dst.stride(k);
      s -= (src.size(k) - 1) * src.stride(k);
      index[k] = 0;
    }
    if (k < 0) return;
  }
}

/// dst = src, element by element (views of one shape).
template <typename T>
void copyStrided(Tensor<T>& dst, const Tensor<T>& src) {
  forEachRow(dst, src, [](T* d, const T* s, int64_t n, int64_t ds, int64_t ss) {
    if (ds == 1 && ss == 1) {
      std::memcpy(d, s, sizeof(T) * n);
      return;
    }
    for (int64_t i = 0; i < n; ++i) d[i * ds] = s[i * ss];
  });
}

/// dst += src, element by element (views of one shape).
template <typename T>
void addStrided(Tensor<T>& dst, const Tensor<T>& src) {
  forEachRow(dst, src, [](T* d, const T* s, int64_t n, int64_t ds, int64_t ss) {
    for (int64_t i = 0; i < n; ++i) d[i * ds] += s[i * ss];
  });
}

}  // namespace ringdl::detail
