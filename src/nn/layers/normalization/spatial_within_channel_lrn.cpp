// SpatialWithinChannelLRN<T>: the square window sum is separable, so each plane is summed along its rows and
// then the row sums along the columns, both as shifted contiguous runs: 2 size additions per value instead
// of size^2.
#include "ringdl/nn/layers/normalization/spatial_within_channel_lrn.h"

#include <algorithm>
#include <cstring>

namespace ringdl {

namespace {
SpatialWithinChannelLRNOptions checked(const SpatialWithinChannelLRNOptions& o) {
  RINGDL_CHECK(o.size >= 1 && o.size % 2 == 1,
               "SpatialWithinChannelLRN: size (the window's side) must be odd ", "and >= 1, got ", o.size);
  RINGDL_CHECK(o.alpha >= 0, "SpatialWithinChannelLRN: alpha must be >= 0, got ", o.alpha);
  return o;
}
}  // namespace

template <typename T>
SpatialWithinChannelLRN<T>::SpatialWithinChannelLRN(const SpatialWithinChannelLRNOptions& options)
    : LocalResponseNorm<T>("SpatialWithinChannelLRN", 1.0,
                           checked(options).alpha / static_cast<double>(options.size * options.size),
                           options.beta),
      options_(options) {}

template <typename T>
void SpatialWithinChannelLRN<T>::windowSum(const T* in, T* out, const Plane& p) {
  const int64_t h = p.height, w = p.width, area = p.area(), pad = (options_.size - 1) / 2;
  rows_.resize(area);
  for (int64_t f = 0; f < p.channels; ++f) {
    const T* src = in + f * area;
    T* dst = out + f * area;
    // rows_[r][j] = sum of src[r][j + d] over |d| <= pad and 0 <= j + d < w.
    std::memset(rows_.data(), 0, sizeof(T) * area);
    for (int64_t r = 0; r < h; ++r) {
      const T* s = src + r * w;
      T* o = rows_.data() + r * w;
      for (int64_t d = -pad; d <= pad; ++d) {
        const int64_t first = std::max<int64_t>(0, -d), last = std::min(w, w - d);
        for (int64_t j = first; j < last; ++j) o[j] += s[j + d];
      }
    }
    // dst[r][j] = sum of rows_[r + d][j] over |d| <= pad and 0 <= r + d < h.
    std::memset(dst, 0, sizeof(T) * area);
    for (int64_t r = 0; r < h; ++r) {
      T* o = dst + r * w;
      const int64_t first = std::max<int64_t>(0, r - pad), last = std::min(h - 1, r + pad);
      for (int64_t q = first; q <= last; ++q) {
        const T* s = rows_.data() + q * w;
        for (int64_t j = 0; j < w; ++j) o[j] += s[j];
      }
    }
  }
}

template class SpatialWithinChannelLRN<float>;
template class SpatialWithinChannelLRN<double>;

}  // namespace ringdl
