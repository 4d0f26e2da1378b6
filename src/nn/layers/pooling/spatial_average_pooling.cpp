// SpatialAveragePooling<T>: a direct sum over each window, one input plane at a time; backward spreads each
// gradient evenly over its window.
#include "ringdl/nn/layers/pooling/spatial_average_pooling.h"

#include <algorithm>

#include "../../detail/pooled_size.h"

namespace ringdl {

template <typename T>
SpatialAveragePooling<T>::SpatialAveragePooling(const SpatialAveragePoolingOptions& options)
    : TensorModule<T>("SpatialAveragePooling"), options_(options) {
  detail::checkPoolWindow("SpatialAveragePooling", options);
}

template <typename T>
void SpatialAveragePooling<T>::checkInput(const Tensor<T>& input) {
  const size_t d = input.dim();
  const bool global = options_.globalPooling && (d == 3 || d == 4);
  kH_ = global ? input.shape()[d - 2] : options_.kH;
  kW_ = global ? input.shape()[d - 1] : options_.kW;
  dH_ = global ? 1 : options_.dH;
  dW_ = global ? 1 : options_.dW;
  const detail::PoolShape s = detail::poolShape(input.shape(), kH_, kW_, dH_, dW_, options_.padH,
                                                options_.padW, options_.ceilMode, this->where());
  planes_ = s.planes;
  inH_ = s.inH;
  inW_ = s.inW;
  outH_ = s.outH;
  outW_ = s.outW;
}

template <typename T>
typename SpatialAveragePooling<T>::Window SpatialAveragePooling<T>::window(int64_t oy, int64_t ox) const {
  // In ceilMode the last window may run past the right padding; that part counts for nothing, not even with
  // countIncludePad.
  int64_t yStart = oy * dH_ - options_.padH, xStart = ox * dW_ - options_.padW;
  int64_t yEnd = std::min(yStart + kH_, inH_ + options_.padH),
          xEnd = std::min(xStart + kW_, inW_ + options_.padW);
  const int64_t paddedSize = (yEnd - yStart) * (xEnd - xStart);
  yStart = std::max<int64_t>(yStart, 0);
  xStart = std::max<int64_t>(xStart, 0);
  yEnd = std::min(yEnd, inH_);
  xEnd = std::min(xEnd, inW_);
  const int64_t size = options_.countIncludePad ? paddedSize : (yEnd - yStart) * (xEnd - xStart);
  return {yStart, yEnd, xStart, xEnd, static_cast<T>(size)};
}

template <typename T>
void SpatialAveragePooling<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  checkInput(input);
  const Tensor<T> x = input.contiguous();
  Shape outShape = input.shape();
  outShape[outShape.size() - 2] = outH_;
  outShape[outShape.size() - 1] = outW_;
  output.resize(outShape);
  const int64_t inPlane = inH_ * inW_, outPlane = outH_ * outW_;
  for (int64_t p = 0; p < planes_; ++p) {
    const T* in = x.data() + p * inPlane;
    T* out = output.data() + p * outPlane;
    for (int64_t oy = 0; oy < outH_; ++oy)
      for (int64_t ox = 0; ox < outW_; ++ox) {
        const Window w = window(oy, ox);
        T s = T(0);
        for (int64_t y = w.yStart; y < w.yEnd; ++y)
          for (int64_t xx = w.xStart; xx < w.xEnd; ++xx) s += in[y * inW_ + xx];
        out[oy * outW_ + ox] = s / w.divisor;
      }
  }
}

template <typename T>
void SpatialAveragePooling<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                               Tensor<T>& gradInput) {
  checkInput(input);
  Shape outShape = input.shape();
  outShape[outShape.size() - 2] = outH_;
  outShape[outShape.size() - 1] = outW_;
  RINGDL_CHECK_LAYER(gradOutput.shape() == outShape, "expected gradOutput of shape ", toString(outShape),
                     ", got ", toString(gradOutput.shape()));
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize(input.shape());
  gradInput.zero();
  const int64_t inPlane = inH_ * inW_, outPlane = outH_ * outW_;
  for (int64_t p = 0; p < planes_; ++p) {
    T* gi = gradInput.data() + p * inPlane;
    const T* g = go.data() + p * outPlane;
    for (int64_t oy = 0; oy < outH_; ++oy)
      for (int64_t ox = 0; ox < outW_; ++ox) {
        const Window w = window(oy, ox);
        const T share = g[oy * outW_ + ox] / w.divisor;
        for (int64_t y = w.yStart; y < w.yEnd; ++y)
          for (int64_t xx = w.xStart; xx < w.xEnd; ++xx) gi[y * inW_ + xx] += share;
      }
  }
}

template class SpatialAveragePooling<float>;
template class SpatialAveragePooling<double>;

}  // namespace ringdl
