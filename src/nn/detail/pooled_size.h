// The output-size rule shared by SpatialMaxPooling and SpatialAveragePooling (Torch's and PyTorch's rule, so
// that ceilMode gives the same shapes as both).
#pragma once

#include <cstdint>

namespace ringdl::detail {

/// floor((in + 2*pad - k) / stride) + 1, or ceil(...) + 1 in ceilMode; the caller checks in + 2*pad >= k.
/// In ceilMode a last window that would start inside the right padding is dropped, so that every window
/// covers at least one input element.
inline int64_t pooledSize(int64_t in, int64_t k, int64_t stride, int64_t pad, bool ceilMode) {
  int64_t out = (in + 2 * pad - k + (ceilMode ? stride - 1 : 0)) / stride + 1;
  if (ceilMode && (out - 1) * stride >= in + pad) --out;
  return out;
}

}  // namespace ringdl::detail
