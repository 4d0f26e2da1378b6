// VolumetricAveragePooling<T>: a direct sum over each window, one input volume at a time; backward spreads
// each gradient evenly over its window.
#include "ringdl/nn/layers/pooling/volumetric_average_pooling.h"

#include <algorithm>

#include "../../detail/volumetric_pool_shape.h"

namespace ringdl {

namespace {

/// A window along one axis, clipped to the input, and its length clipped to the padded input only.
struct Span {
  int64_t start, end, padded;
};
Span spanOf(const detail::PoolAxis& a, int64_t o) {
  const int64_t start = a.paddedStart(o), end = a.paddedEnd(o);
  return {std::max<int64_t>(start, 0), std::min(end, a.in), end - start};
}

/// Calls f(offset of the window's first element in the volume, its spans, divisor) for each output position
/// in order. In ceilMode a last window may run past the padding; that part counts for nothing, not even with
/// countIncludePad.
template <typename F>
void forEachWindow(const detail::VolumetricShape& s, bool countIncludePad, F&& f) {
  int64_t at = 0;
  for (int64_t ot = 0; ot < s.t.out; ++ot) {
    const Span t = spanOf(s.t, ot);
    for (int64_t oh = 0; oh < s.h.out; ++oh) {
      const Span h = spanOf(s.h, oh);
      for (int64_t ow = 0; ow < s.w.out; ++ow, ++at) {
        const Span w = spanOf(s.w, ow);
        const int64_t size = countIncludePad ? t.padded * h.padded * w.padded
                                             : (t.end - t.start) * (h.end - h.start) * (w.end - w.start);
        f(at, t, h, w, size);
      }
    }
  }
}

}  // namespace

template <typename T>
VolumetricAveragePooling<T>::VolumetricAveragePooling(const VolumetricAveragePoolingOptions& options)
    : TensorModule<T>("VolumetricAveragePooling"), options_(options) {
  detail::checkVolumetricWindow("VolumetricAveragePooling", options_);
}

template <typename T>
void VolumetricAveragePooling<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const detail::VolumetricShape s = detail::volumetricShape(input.shape(), options_, this->where());
  const Tensor<T> x = input.contiguous();
  output.resize(s.outShape);
  const int64_t inH = s.h.in, inW = s.w.in, inVolume = s.t.in * inH * inW;
  const int64_t outVolume = s.t.out * s.h.out * s.w.out;
  for (int64_t p = 0; p < s.planes; ++p) {
    const T* in = x.data() + p * inVolume;
    T* out = output.data() + p * outVolume;
    forEachWindow(s, options_.countIncludePad,
                  [&](int64_t at, const Span& t, const Span& h, const Span& w, int64_t n) {
                    T sum = T(0);
                    for (int64_t z = t.start; z < t.end; ++z)
                      for (int64_t y = h.start; y < h.end; ++y) {
                        const T* row = in + (z * inH + y) * inW;
                        for (int64_t xx = w.start; xx < w.end; ++xx) sum += row[xx];
                      }
                    out[at] = sum / static_cast<T>(n);
                  });
  }
}

template <typename T>
void VolumetricAveragePooling<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                                  Tensor<T>& gradInput) {
  const detail::VolumetricShape s = detail::volumetricShape(input.shape(), options_, this->where());
  RINGDL_CHECK_LAYER(gradOutput.shape() == s.outShape, "expected gradOutput of shape ", toString(s.outShape),
                     ", got ", toString(gradOutput.shape()));
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize(input.shape());
  gradInput.zero();
  const int64_t inH = s.h.in, inW = s.w.in, inVolume = s.t.in * inH * inW;
  const int64_t outVolume = s.t.out * s.h.out * s.w.out;
  for (int64_t p = 0; p < s.planes; ++p) {
    T* gi = gradInput.data() + p * inVolume;
    const T* g = go.data() + p * outVolume;
    forEachWindow(s, options_.countIncludePad,
                  [&](int64_t at, const Span& t, const Span& h, const Span& w, int64_t n) {
                    const T share = g[at] / static_cast<T>(n);
                    for (int64_t z = t.start; z < t.end; ++z)
                      for (int64_t y = h.start; y < h.end; ++y) {
                        T* row = gi + (z * inH + y) * inW;
                        for (int64_t xx = w.start; xx < w.end; ++xx) row[xx] += share;
                      }
                  });
  }
}

template class VolumetricAveragePooling<float>;
template class VolumetricAveragePooling<double>;

}  // namespace ringdl
