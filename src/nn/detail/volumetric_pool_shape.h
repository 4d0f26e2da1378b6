// The option checks, input rule and window geometry shared by VolumetricMaxPooling and
// VolumetricAveragePooling: [N, C, T, H, W] or [C, T, H, W] input, Torch's output-size rule per dimension
// (pooled_size.h), so ceilMode gives PyTorch's max_pool3d and avg_pool3d shapes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "pooled_size.h"

namespace ringdl::detail {

/// The checks both layers make of their options on construction.
template <typename Options>
void checkVolumetricWindow(const char* layer, const Options& o) {
  RINGDL_CHECK(o.kT > 0 && o.kW > 0 && o.kH > 0 && o.dT > 0 && o.dW > 0 && o.dH > 0, layer,
               " needs positive window and strides, got kT=", o.kT, " kW=", o.kW, " kH=", o.kH, " dT=", o.dT,
               " dW=", o.dW, " dH=", o.dH);
  RINGDL_CHECK(o.padT >= 0 && o.padW >= 0 && o.padH >= 0 && o.padT <= o.kT / 2 && o.padW <= o.kW / 2 &&
                   o.padH <= o.kH / 2,
               layer, ": padding must be between 0 and half the window, got padT=", o.padT, " padW=", o.padW,
               " padH=", o.padH, " for kT=", o.kT, " kW=", o.kW, " kH=", o.kH);
}

/// One dimension of a volumetric window: size, stride and padding, and the input and output lengths.
struct PoolAxis {
  int64_t k, stride, pad, in, out;
  /// Output position o's window [start, end) clipped to the padded input, before clipping to the input.
  int64_t paddedStart(int64_t o) const { return o * stride - pad; }
  int64_t paddedEnd(int64_t o) const { return std::min(o * stride - pad + k, in + pad); }
};

struct VolumetricShape {
  int64_t planes;  ///< N*C, or C
  PoolAxis t, h, w;
  Shape outShape;
};

/// Checks an input against the options' window and computes the output shape; errors start with `where`.
template <typename Options>
VolumetricShape volumetricShape(const Shape& shape, const Options& o, const std::string& where) {
  const size_t d = shape.size();
  RINGDL_CHECK(d == 4 || d == 5, where, ": expected input of shape [N, C, T, H, W] or [C, T, H, W], got ",
               toString(shape));
  VolumetricShape s{};
  s.planes = d == 5 ? shape[0] * shape[1] : shape[0];
  s.t = {o.kT, o.dT, o.padT, shape[d - 3], 0};
  s.h = {o.kH, o.dH, o.padH, shape[d - 2], 0};
  s.w = {o.kW, o.dW, o.padW, shape[d - 1], 0};
  RINGDL_CHECK(
      s.t.in + 2 * s.t.pad >= s.t.k && s.h.in + 2 * s.h.pad >= s.h.k && s.w.in + 2 * s.w.pad >= s.w.k, where,
      ": the ", o.kT, "x", o.kH, "x", o.kW, " window (kT x kH x kW) is larger than the padded input, ",
      s.t.in + 2 * s.t.pad, "x", s.h.in + 2 * s.h.pad, "x", s.w.in + 2 * s.w.pad, " (input of shape ",
      toString(shape), ", padT=", o.padT, ", padH=", o.padH, ", padW=", o.padW, ")");
  for (PoolAxis* a : {&s.t, &s.h, &s.w}) a->out = pooledSize(a->in, a->k, a->stride, a->pad, o.ceilMode);
  s.outShape = shape;
  s.outShape[d - 3] = s.t.out;
  s.outShape[d - 2] = s.h.out;
  s.outShape[d - 1] = s.w.out;
  return s;
}

}  // namespace ringdl::detail
