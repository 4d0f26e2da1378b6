// Nearest-neighbour upsampling by integer factors, shared by UpSampling1D, 2D and 3D: a contiguous x seen as
// [outer, D1, D2, D3, inner] (unused dimensions of size 1, factor 1) gives [outer, D1*f1, D2*f2, D3*f3,
// inner], each output row copied from the input row it falls in; the gradient sums every output row into its
// source.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

namespace ringdl::detail {

struct NearestGeometry {
  int64_t outer = 1, inner = 1;
  std::array<int64_t, 3> size{1, 1, 1}, factor{1, 1, 1};
};

template <typename T>
void upsampleNearest(const T* x, const NearestGeometry& g, T* y) {
  const auto& [d1, d2, d3] = g.size;
  const auto& [f1, f2, f3] = g.factor;
  const int64_t inner = g.inner;
  for (int64_t o = 0; o < g.outer; ++o) {
    const T* xo = x + o * d1 * d2 * d3 * inner;
    for (int64_t a = 0; a < d1 * f1; ++a)
      for (int64_t b = 0; b < d2 * f2; ++b) {
        const T* row = xo + ((a / f1) * d2 + b / f2) * d3 * inner;
        if (f3 == 1) {
          std::memcpy(y, row, sizeof(T) * d3 * inner);
          y += d3 * inner;
          continue;
        }
        for (int64_t c = 0; c < d3 * f3; ++c, y += inner)
          std::memcpy(y, row + (c / f3) * inner, sizeof(T) * inner);
      }
  }
}

template <typename T>
void upsampleNearestBackward(const T* gy, const NearestGeometry& g, T* gx) {
  const auto& [d1, d2, d3] = g.size;
  const auto& [f1, f2, f3] = g.factor;
  const int64_t inner = g.inner;
  std::memset(gx, 0, sizeof(T) * g.outer * d1 * d2 * d3 * inner);
  for (int64_t o = 0; o < g.outer; ++o) {
    T* go = gx + o * d1 * d2 * d3 * inner;
    for (int64_t a = 0; a < d1 * f1; ++a)
      for (int64_t b = 0; b < d2 * f2; ++b) {
        T* row = go + ((a / f1) * d2 + b / f2) * d3 * inner;
        for (int64_t c = 0; c < d3 * f3; ++c, gy += inner) {
          T* dst = row + (c / f3) * inner;
          for (int64_t i = 0; i < inner; ++i) dst[i] += gy[i];
        }
      }
  }
}

}  // namespace ringdl::detail
