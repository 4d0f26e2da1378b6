// SpatialCrossMapLRN<T>: the window adds whole H x W planes (contiguous runs), size of them per channel,
// directly rather than as a running sum, whose subtractions would lose the small squares in float.
#include "ringdl/nn/layers/normalization/spatial_cross_map_lrn.h"

#include <algorithm>
#include <cstring>

namespace ringdl {

namespace {
SpatialCrossMapLRNOptions checked(const SpatialCrossMapLRNOptions& o) {
  RINGDL_CHECK(o.size >= 1, "SpatialCrossMapLRN: size (channels in the window) must be >= 1, got ", o.size);
  RINGDL_CHECK(o.alpha >= 0, "SpatialCrossMapLRN: alpha must be >= 0, got ", o.alpha);
  RINGDL_CHECK(o.k > 0, "SpatialCrossMapLRN: k must be > 0 (the divisor's base), got ", o.k);
  return o;
}
}  // namespace

template <typename T>
SpatialCrossMapLRN<T>::SpatialCrossMapLRN(const SpatialCrossMapLRNOptions& options)
    : LocalResponseNorm<T>("SpatialCrossMapLRN", checked(options).k, options.alpha / options.size,
                           options.beta),
      options_(options) {}

template <typename T>
void SpatialCrossMapLRN<T>::sumPlanes(const T* in, T* out, const Plane& p, int64_t before, int64_t after) {
  const int64_t area = p.area();
  for (int64_t f = 0; f < p.channels; ++f) {
    T* o = out + f * area;
    std::memset(o, 0, sizeof(T) * area);
    const int64_t first = std::max<int64_t>(0, f - before), last = std::min(p.channels - 1, f + after);
    for (int64_t l = first; l <= last; ++l) {
      const T* src = in + l * area;
      for (int64_t i = 0; i < area; ++i) o[i] += src[i];
    }
  }
}

// Channel f's window is f - size/2 .. f + (size - 1)/2 (PyTorch's padding of size/2 before and (size - 1)/2
// after), so channel l is in the windows of f = l - (size - 1)/2 .. l + size/2: the same for odd sizes.
template <typename T>
void SpatialCrossMapLRN<T>::windowSum(const T* in, T* out, const Plane& p) {
  sumPlanes(in, out, p, options_.size / 2, (options_.size - 1) / 2);
}

template <typename T>
void SpatialCrossMapLRN<T>::windowSumTransposed(const T* in, T* out, const Plane& p) {
  sumPlanes(in, out, p, (options_.size - 1) / 2, options_.size / 2);
}

template class SpatialCrossMapLRN<float>;
template class SpatialCrossMapLRN<double>;

}  // namespace ringdl
