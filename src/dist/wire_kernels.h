// The element loops the ring all-reduce runs on each segment (internal to src/dist): add a received segment
// into the buffer, in the native type or decoded from a 16-bit wire.
#pragma once

#include <cstdint>

namespace ringdl::detail {

/// dst[i] += src[i]
void addInto(float* dst, const float* src, int64_t n);
void addInto(double* dst, const double* src, int64_t n);
/// dst[i] += decode(src[i]), in float32.
void addBf16Into(float* dst, const uint16_t* src, int64_t n);
void addFp16Into(float* dst, const uint16_t* src, int64_t n);

}  // namespace ringdl::detail
