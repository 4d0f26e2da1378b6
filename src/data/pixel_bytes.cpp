// Pixel values back to bytes, checked to be exactly the values scalePixels gives.
#include "ringdl/data/pixel_bytes.h"

#include <cmath>

namespace ringdl {

namespace {

// The byte k whose scaled value k / 255 (correctly rounded in T, as scalePixels computes it) is v, or -1.
template <typename T>
int pixelOf(T v) {
  if (!(v >= T(0) && v <= T(1))) return -1;  // NaN too
  const long k = std::lround(static_cast<double>(v) * 255.0);
  return static_cast<T>(k) / T(255) == v ? static_cast<int>(k) : -1;
}

}  // namespace

template <typename T>
bool pixelBytes(const T* values, size_t n, unsigned char* out) {
  for (size_t i = 0; i < n; ++i) {
    const int k = pixelOf(values[i]);
    if (k < 0) return false;
    out[i] = static_cast<unsigned char>(k);
  }
  return true;
}

template <typename T>
size_t firstNonPixel(const T* values, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (pixelOf(values[i]) < 0) return i;
  return n;
}

template bool pixelBytes(const float*, size_t, unsigned char*);
template bool pixelBytes(const double*, size_t, unsigned char*);
template size_t firstNonPixel(const float*, size_t);
template size_t firstNonPixel(const double*, size_t);

}  // namespace ringdl
