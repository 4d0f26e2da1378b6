// Max-subtracted softmax and log-softmax over one dimension of a tensor viewed as [outer, dim, inner], shared
// by SoftMax, LogSoftMax and CrossEntropyCriterion.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "ringdl/tensor/math.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl::detail {

/// Splits a contiguous tensor into [outer, dim, inner] around the reduced dimension d.
struct SoftMaxGeometry {
  int64_t outer = 1, dim = 1, inner = 1;
};

/// The dimension SoftMax and LogSoftMax reduce, as in BigDL: the last one of a vector [C] or a batch [N, C],
/// the channel dimension of an image [C, H, W] or a batch of images [N, C, H, W]; -1 for other ranks.
inline int64_t softMaxDim(int64_t rank) {
  switch (rank) {
    case 1:
      return 0;
    case 2:
      return 1;
    case 3:
      return 0;
    case 4:
      return 1;
    default:
      return -1;
  }
}

inline SoftMaxGeometry softMaxGeometry(const Shape& shape, int64_t d) {
  SoftMaxGeometry g;
  for (int64_t i = 0; i < d; ++i) g.outer *= shape[i];
  g.dim = shape[d];
  for (size_t i = d + 1; i < shape.size(); ++i) g.inner *= shape[i];
  return g;
}

/// out = softmax(x) or log_softmax(x) over g.dim. x and out hold g.outer*g.dim*g.inner values; out may not
/// alias x. scratch is resized and used for exp() in the log case, so that the exponentials go through one
/// vectorised expMap call over the whole tensor instead of one call per row. For image inputs (inner > 1) the
/// loops run channel-outer, position-inner with per-position accumulators, so every access is unit-stride.
template <typename T>
void softMaxForward(const T* x, T* out, const SoftMaxGeometry& g, bool log, Tensor<T>& scratch) {
  const int64_t n = g.outer * g.dim * g.inner, block = g.dim * g.inner;
  if (n == 0) return;
  std::vector<T> acc(g.inner);  // per-position maximum, then sum
  // Pass 1: out = x - max over the reduced dimension, so that exp() never overflows.
  for (int64_t o = 0; o < g.outer; ++o) {
    const T* xo = x + o * block;
    T* yo = out + o * block;
    if (g.inner == 1) {
      const T m = *std::max_element(xo, xo + g.dim);
      for (int64_t c = 0; c < g.dim; ++c) yo[c] = xo[c] - m;
      continue;
    }
    std::copy(xo, xo + g.inner, acc.begin());
    for (int64_t c = 1; c < g.dim; ++c)
      for (int64_t s = 0; s < g.inner; ++s) acc[s] = std::max(acc[s], xo[c * g.inner + s]);
    for (int64_t c = 0; c < g.dim; ++c)
      for (int64_t s = 0; s < g.inner; ++s) yo[c * g.inner + s] = xo[c * g.inner + s] - acc[s];
  }
  // Pass 2: one vectorised exp over everything.
  T* e = out;
  if (log) {
    scratch.resize({n});
    e = scratch.data();
  }
  expMap(out, e, n);
  // Pass 3: normalise by the sum of exponentials (at least 1, from the maximum itself).
  for (int64_t o = 0; o < g.outer; ++o) {
    const T* eo = e + o * block;
    T* yo = out + o * block;
    if (g.inner == 1) {
      T sum = T(0);
      for (int64_t c = 0; c < g.dim; ++c) sum += eo[c];
      if (log) {
        const T logSum = std::log(sum);
        for (int64_t c = 0; c < g.dim; ++c) yo[c] -= logSum;
      } else {
        const T inv = T(1) / sum;
        for (int64_t c = 0; c < g.dim; ++c) yo[c] *= inv;
      }
      continue;
    }
    std::fill(acc.begin(), acc.end(), T(0));
    for (int64_t c = 0; c < g.dim; ++c)
      for (int64_t s = 0; s < g.inner; ++s) acc[s] += eo[c * g.inner + s];
    if (log) {
      for (T& a : acc) a = std::log(a);
      for (int64_t c = 0; c < g.dim; ++c)
        for (int64_t s = 0; s < g.inner; ++s) yo[c * g.inner + s] -= acc[s];
    } else {
      for (T& a : acc) a = T(1) / a;
      for (int64_t c = 0; c < g.dim; ++c)
        for (int64_t s = 0; s < g.inner; ++s) yo[c * g.inner + s] *= acc[s];
    }
  }
}

}  // namespace ringdl::detail
