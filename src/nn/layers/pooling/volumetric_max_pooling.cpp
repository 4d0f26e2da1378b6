// VolumetricMaxPooling<T>: a direct scan of each window, one input volume at a time, recording the argmax so
// that backward is a scatter.
#include "ringdl/nn/layers/pooling/volumetric_max_pooling.h"

#include <algorithm>
#include <limits>

#include "../../detail/volumetric_pool_shape.h"

namespace ringdl {

template <typename T>
VolumetricMaxPooling<T>::VolumetricMaxPooling(const VolumetricMaxPoolingOptions& options)
    : TensorModule<T>("VolumetricMaxPooling"), options_(options) {
  detail::checkVolumetricWindow("VolumetricMaxPooling", options_);
}

template <typename T>
void VolumetricMaxPooling<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const detail::VolumetricShape s = detail::volumetricShape(input.shape(), options_, this->where());
  const int64_t inH = s.h.in, inW = s.w.in;
  inVolume_ = s.t.in * inH * inW;
  outVolume_ = s.t.out * s.h.out * s.w.out;
  planes_ = s.planes;
  RINGDL_CHECK_LAYER(inVolume_ < (int64_t{1} << 31), "input volumes of ", inVolume_,
                     " elements are too large (at most 2^31 elements per volume)");
  forwardShape_ = input.shape();
  const Tensor<T> x = input.contiguous();
  output.resize(s.outShape);
  argmax_.resize(static_cast<size_t>(planes_ * outVolume_));
  for (int64_t p = 0; p < planes_; ++p) {
    const T* in = x.data() + p * inVolume_;
    T* out = output.data() + p * outVolume_;
    int32_t* arg = argmax_.data() + p * outVolume_;
    int64_t at = 0;
    for (int64_t ot = 0; ot < s.t.out; ++ot) {
      const int64_t t0 = std::max<int64_t>(s.t.paddedStart(ot), 0), t1 = std::min(s.t.paddedEnd(ot), s.t.in);
      for (int64_t oh = 0; oh < s.h.out; ++oh) {
        const int64_t y0 = std::max<int64_t>(s.h.paddedStart(oh), 0), y1 = std::min(s.h.paddedEnd(oh), inH);
        for (int64_t ow = 0; ow < s.w.out; ++ow, ++at) {
          const int64_t x0 = std::max<int64_t>(s.w.paddedStart(ow), 0), x1 = std::min(s.w.paddedEnd(ow), inW);
          int64_t bestAt = (t0 * inH + y0) * inW + x0;
          T best = -std::numeric_limits<T>::infinity();
          for (int64_t z = t0; z < t1; ++z)
            for (int64_t y = y0; y < y1; ++y) {
              const int64_t row = (z * inH + y) * inW;
              for (int64_t xx = x0; xx < x1; ++xx) {
                const T v = in[row + xx];
                // The first maximum, or the last NaN (nothing is larger than a NaN): PyTorch's rule.
                const bool take = v > best || v != v;
                best = take ? v : best;
                bestAt = take ? row + xx : bestAt;
              }
            }
          out[at] = in[bestAt];
          arg[at] = static_cast<int32_t>(bestAt);
        }
      }
    }
  }
}

template <typename T>
void VolumetricMaxPooling<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                              Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(input.shape() == forwardShape_,
                     "backward needs the input of the last forward, of shape ", toString(forwardShape_),
                     ", got ", toString(input.shape()));
  const Shape& outShape = this->outputTensor().shape();
  RINGDL_CHECK_LAYER(gradOutput.shape() == outShape, "expected gradOutput of shape ", toString(outShape),
                     ", got ", toString(gradOutput.shape()));
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize(input.shape());
  gradInput.zero();
  for (int64_t p = 0; p < planes_; ++p) {
    T* gi = gradInput.data() + p * inVolume_;
    const T* g = go.data() + p * outVolume_;
    const int32_t* arg = argmax_.data() + p * outVolume_;
    for (int64_t j = 0; j < outVolume_; ++j) gi[arg[j]] += g[j];
  }
}

template class VolumetricMaxPooling<float>;
template class VolumetricMaxPooling<double>;

}  // namespace ringdl
