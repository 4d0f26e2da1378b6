// The input checks and output-size rule shared by SpatialMaxPooling and SpatialAveragePooling (Torch's and
// PyTorch's rule, so that ceilMode gives the same shapes as both).
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include "ringdl/tensor/shape.h"
#include "ringdl/util/error.h"

namespace ringdl::detail {

/// floor((in + 2*pad - k) / stride) + 1, or ceil(...) + 1 in ceilMode; the caller checks in + 2*pad >= k.
/// In ceilMode a last window that would start inside the right padding is dropped, so that every window
/// covers at least one input element.
inline int64_t pooledSize(int64_t in, int64_t k, int64_t stride, int64_t pad, bool ceilMode) {
  int64_t out = (in + 2 * pad - k + (ceilMode ? stride - 1 : 0)) / stride + 1;
  if (ceilMode && (out - 1) * stride >= in + pad) --out;
  return out;
}

template <typename Options, typename = void>
struct hasGlobalPooling : std::false_type {};
template <typename Options>
struct hasGlobalPooling<Options, std::void_t<decltype(Options::globalPooling)>> : std::true_type {};

/// The checks both pooling layers make of their options (kW, kH, dW, dH, padW, padH) on construction.
template <typename Options>
void checkPoolWindow(const char* layer, const Options& o) {
  RINGDL_CHECK(o.kW > 0 && o.kH > 0 && o.dW > 0 && o.dH > 0, layer,
               " needs positive window and stride, got kW=", o.kW, " kH=", o.kH, " dW=", o.dW, " dH=", o.dH);
  // Wider padding would allow windows made only of padding, with nothing to average and no maximum (Torch's
  // rule too).
  RINGDL_CHECK(o.padW >= 0 && o.padH >= 0 && o.padW <= o.kW / 2 && o.padH <= o.kH / 2, layer,
               ": padding must be between 0 and half the window, got padW=", o.padW, " padH=", o.padH,
               " for kW=", o.kW, " kH=", o.kH);
  if constexpr (hasGlobalPooling<Options>::value)
    RINGDL_CHECK(!o.globalPooling || (o.padW == 0 && o.padH == 0), layer,
                 ": globalPooling takes the whole plane as its window and no padding, got padW=", o.padW,
                 " padH=", o.padH);
}

/// The geometry of one pooling input: planes = N*C (or C), and the input and output plane sizes.
struct PoolShape {
  int64_t planes, inH, inW, outH, outW;
};

/// Checks a pooling input of shape [N, C, H, W] or [C, H, W] against the window and computes the output
/// plane size; errors start with `where` (the layer's name and type) and name the shapes.
inline PoolShape poolShape(const Shape& shape, int64_t kH, int64_t kW, int64_t dH, int64_t dW, int64_t padH,
                           int64_t padW, bool ceilMode, const std::string& where) {
  const size_t d = shape.size();
  RINGDL_CHECK(d == 3 || d == 4, where, ": expected input of shape [N, C, H, W] or [C, H, W], got ",
               toString(shape));
  PoolShape s{};
  s.planes = d == 4 ? shape[0] * shape[1] : shape[0];
  s.inH = shape[d - 2];
  s.inW = shape[d - 1];
  RINGDL_CHECK(s.inH + 2 * padH >= kH && s.inW + 2 * padW >= kW, where, ": the ", kH, "x", kW,
               " window (kH x kW) is larger than the padded input, ", s.inH + 2 * padH, "x", s.inW + 2 * padW,
               " (input of shape ", toString(shape), ", padH=", padH, ", padW=", padW, ")");
  s.outH = pooledSize(s.inH, kH, dH, padH, ceilMode);
  s.outW = pooledSize(s.inW, kW, dW, padW, ceilMode);
  return s;
}

}  // namespace ringdl::detail
