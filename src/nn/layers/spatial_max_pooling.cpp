// SpatialMaxPooling<T>: a direct scan of each window, one input plane at a time (it stays in cache),
// recording the argmax so that backward is a scatter.
#include "ringdl/nn/layers/spatial_max_pooling.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "../detail/pooled_size.h"

namespace ringdl {

template <typename T>
SpatialMaxPooling<T>::SpatialMaxPooling(int64_t kW, int64_t kH, int64_t dW, int64_t dH, int64_t padW,
                                        int64_t padH, bool ceilMode)
    : TensorModule<T>("SpatialMaxPooling"),
      kW_(kW),
      kH_(kH),
      dW_(dW),
      dH_(dH),
      padW_(padW),
      padH_(padH),
      ceilMode_(ceilMode) {
  RINGDL_CHECK(kW > 0 && kH > 0 && dW > 0 && dH > 0,
               "SpatialMaxPooling needs positive window and stride, got kW=", kW, " kH=", kH, " dW=", dW,
               " dH=", dH);
  // Wider padding would allow windows made only of padding, whose maximum is undefined (Torch's rule too).
  RINGDL_CHECK(padW >= 0 && padH >= 0 && padW <= kW / 2 && padH <= kH / 2,
               "SpatialMaxPooling: padding must be between 0 and half the window, got padW=", padW,
               " padH=", padH, " for kW=", kW, " kH=", kH);
}

template <typename T>
SpatialMaxPooling<T>::SpatialMaxPooling(const Attributes& a)
    : SpatialMaxPooling(a.get<int64_t>("kW"), a.get<int64_t>("kH"), a.get<int64_t>("dW"),
                        a.get<int64_t>("dH"), a.getOr<int64_t>("padW", 0), a.getOr<int64_t>("padH", 0),
                        a.getOr<bool>("ceilMode", false)) {}

template <typename T>
Attributes SpatialMaxPooling<T>::config() const {
  return Attributes()
      .set("kW", kW_)
      .set("kH", kH_)
      .set("dW", dW_)
      .set("dH", dH_)
      .set("padW", padW_)
      .set("padH", padH_)
      .set("ceilMode", ceilMode_);
}

template <typename T>
void SpatialMaxPooling<T>::checkInput(const Tensor<T>& input) {
  const int64_t d = input.dim();
  RINGDL_CHECK_LAYER(d == 3 || d == 4, "expected input of shape [N, C, H, W] or [C, H, W], got ",
                     toString(input.shape()));
  planes_ = d == 4 ? input.size(0) * input.size(1) : input.size(0);
  inH_ = input.size(-2);
  inW_ = input.size(-1);
  RINGDL_CHECK_LAYER(inH_ + 2 * padH_ >= kH_ && inW_ + 2 * padW_ >= kW_, "the ", kH_, "x", kW_,
                     " window (kH x kW) is larger than the padded input, ", inH_ + 2 * padH_, "x",
                     inW_ + 2 * padW_, " (input of shape ", toString(input.shape()), ", padH=", padH_,
                     ", padW=", padW_, ")");
  outH_ = detail::pooledSize(inH_, kH_, dH_, padH_, ceilMode_);
  outW_ = detail::pooledSize(inW_, kW_, dW_, padW_, ceilMode_);
}

template <typename T>
void SpatialMaxPooling<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  checkInput(input);
  forwardShape_ = input.shape();
  const Tensor<T> x = input.contiguous();
  Shape outShape = input.shape();
  outShape[outShape.size() - 2] = outH_;
  outShape[outShape.size() - 1] = outW_;
  output.resize(outShape);
  argmax_.resize(planes_ * outH_ * outW_);
  const int64_t inPlane = inH_ * inW_, outPlane = outH_ * outW_;
  for (int64_t p = 0; p < planes_; ++p) {
    const T* in = x.data() + p * inPlane;
    T* out = output.data() + p * outPlane;
    int64_t* arg = argmax_.data() + p * outPlane;
    for (int64_t oy = 0; oy < outH_; ++oy) {
      const int64_t yStart = std::max<int64_t>(oy * dH_ - padH_, 0);
      const int64_t yEnd = std::min(oy * dH_ - padH_ + kH_, inH_);
      for (int64_t ox = 0; ox < outW_; ++ox) {
        const int64_t xStart = std::max<int64_t>(ox * dW_ - padW_, 0);
        const int64_t xEnd = std::min(ox * dW_ - padW_ + kW_, inW_);
        T best = -std::numeric_limits<T>::infinity();
        int64_t bestAt = yStart * inW_ + xStart;
        for (int64_t y = yStart; y < yEnd; ++y)
          for (int64_t xx = xStart; xx < xEnd; ++xx) {
            const T v = in[y * inW_ + xx];
            // NaN wins, as in Torch and PyTorch, so that it propagates instead of vanishing.
            if (v > best || std::isnan(v)) best = v, bestAt = y * inW_ + xx;
          }
        out[oy * outW_ + ox] = best;
        arg[oy * outW_ + ox] = bestAt;
      }
    }
  }
}

template <typename T>
void SpatialMaxPooling<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
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
  const int64_t inPlane = inH_ * inW_, outPlane = outH_ * outW_;
  for (int64_t p = 0; p < planes_; ++p) {
    T* gi = gradInput.data() + p * inPlane;
    const T* g = go.data() + p * outPlane;
    const int64_t* arg = argmax_.data() + p * outPlane;
    for (int64_t j = 0; j < outPlane; ++j) gi[arg[j]] += g[j];
  }
}

template class SpatialMaxPooling<float>;
template class SpatialMaxPooling<double>;

}  // namespace ringdl
