// Pixel values back to bytes: the inverse of scalePixels, for writers of byte formats (CIFAR-10, uint8 HDF5,
// raw SequenceFile records).
#pragma once

#include <cstddef>

namespace ringdl {

/// Writes the bytes k of values that are exactly k / 255 in T (what scalePixels, loadIdxDataSet and the image
/// decoders give for 8-bit pixels) to `out`, and returns true; returns false at the first value that is not
/// one of those 256 values (out is then partly written). `out` may hold n bytes.
template <typename T>
bool pixelBytes(const T* values, size_t n, unsigned char* out);

/// The position of the first value that is not k / 255 (n if every one is).
template <typename T>
size_t firstNonPixel(const T* values, size_t n);

extern template bool pixelBytes(const float*, size_t, unsigned char*);
extern template bool pixelBytes(const double*, size_t, unsigned char*);
extern template size_t firstNonPixel(const float*, size_t);
extern template size_t firstNonPixel(const double*, size_t);

}  // namespace ringdl
