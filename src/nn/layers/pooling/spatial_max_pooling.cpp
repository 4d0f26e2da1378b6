// SpatialMaxPooling<T>: a direct scan of each window, one input plane at a time (it stays in cache),
// recording the argmax so that backward is a scatter.
#include "ringdl/nn/layers/pooling/spatial_max_pooling.h"

#include <algorithm>
#include <limits>

#include "../../detail/pooled_size.h"

namespace ringdl {

namespace {

struct PoolGeometry {
  int64_t planes, inH, inW, outH, outW, kH, kW, dH, dW, padH, padW;
};

/// Max pooling of every plane, recording each window's argmax (its offset in the plane). KH, KW > 0: a fixed
/// window size, for windows known to lie inside the input, so that the window loops unroll (2x2 and 3x3 are
/// most of what networks use); 0: the sizes in g, with windows clipped at the borders.
template <typename T, int KH, int KW>
void maxPool(const T* input, const PoolGeometry& g, T* output, int32_t* argmax) {
  const int64_t inPlane = g.inH * g.inW, outPlane = g.outH * g.outW;
  for (int64_t p = 0; p < g.planes; ++p) {
    const T* in = input + p * inPlane;
    T* out = output + p * outPlane;
    int32_t* arg = argmax + p * outPlane;
    for (int64_t oy = 0; oy < g.outH; ++oy) {
      const int64_t y0 = oy * g.dH - g.padH;
      const int64_t yStart = KH > 0 ? y0 : std::max<int64_t>(y0, 0);
      const int64_t yEnd = KH > 0 ? y0 + KH : std::min(y0 + g.kH, g.inH);
      for (int64_t ox = 0; ox < g.outW; ++ox) {
        const int64_t x0 = ox * g.dW - g.padW;
        const int64_t xStart = KW > 0 ? x0 : std::max<int64_t>(x0, 0);
        const int64_t xEnd = KW > 0 ? x0 + KW : std::min(x0 + g.kW, g.inW);
        // Branch-free: which element of a window wins is data-dependent, so branches would mispredict about
        // half the time. A NaN wins and stays (as in Torch and PyTorch) so that it propagates.
        int64_t bestAt = yStart * g.inW + xStart;
        T best = -std::numeric_limits<T>::infinity();
        bool nanSeen = false;
        for (int64_t y = yStart; y < yEnd; ++y)
          for (int64_t x = xStart; x < xEnd; ++x) {
            const int64_t at = y * g.inW + x;
            const T v = in[at];
            const bool isNan = v != v;
            const int64_t take = -static_cast<int64_t>(((v > best) & !nanSeen) | isNan);
            bestAt = (at & take) | (bestAt & ~take);
            best = v > best ? v : best;
            nanSeen |= isNan;
          }
        out[oy * g.outW + ox] = in[bestAt];
        arg[oy * g.outW + ox] = static_cast<int32_t>(bestAt);
      }
    }
  }
}

/// The 2x2, stride-2 window without padding (LeNet, VGG, most CNNs), written so that the compiler vectorises
/// the loop over output columns: four loads, then compare-and-select in Torch's order, where a later element
/// wins if it is larger or NaN (so NaN propagates exactly as in the general path).
template <typename T>
void maxPool2x2(const T* input, const PoolGeometry& g, T* output, int32_t* argmax) {
  const int64_t inPlane = g.inH * g.inW, outPlane = g.outH * g.outW;
  for (int64_t p = 0; p < g.planes; ++p) {
    for (int64_t oy = 0; oy < g.outH; ++oy) {
      const T* r0 = input + p * inPlane + 2 * oy * g.inW;
      const T* r1 = r0 + g.inW;
      T* out = output + p * outPlane + oy * g.outW;
      int32_t* arg = argmax + p * outPlane + oy * g.outW;
      const int32_t rowBase = static_cast<int32_t>(2 * oy * g.inW);
      const int32_t inW = static_cast<int32_t>(g.inW);
      for (int64_t ox = 0; ox < g.outW; ++ox) {
        const T a = r0[2 * ox], b = r0[2 * ox + 1], c = r1[2 * ox], d = r1[2 * ox + 1];
        T m = a;
        int32_t k = 0;
        bool t = (b > m) | (b != b);
        m = t ? b : m;
        k = t ? 1 : k;
        t = (c > m) | (c != c);
        m = t ? c : m;
        k = t ? inW : k;
        t = (d > m) | (d != d);
        m = t ? d : m;
        k = t ? inW + 1 : k;
        out[ox] = m;
        arg[ox] = rowBase + static_cast<int32_t>(2 * ox) + k;
      }
    }
  }
}

}  // namespace

template <typename T>
SpatialMaxPooling<T>::SpatialMaxPooling(const SpatialMaxPoolingOptions& options)
    : TensorModule<T>("SpatialMaxPooling"), options_(options) {
  detail::checkPoolWindow("SpatialMaxPooling", options);
}

template <typename T>
void SpatialMaxPooling<T>::checkInput(const Tensor<T>& input) {
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
void SpatialMaxPooling<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  checkInput(input);
  forwardShape_ = input.shape();
  const Tensor<T> x = input.contiguous();
  Shape outShape = input.shape();
  outShape[outShape.size() - 2] = outH_;
  outShape[outShape.size() - 1] = outW_;
  output.resize(outShape);
  argmax_.resize(planes_ * outH_ * outW_);
  const PoolGeometry g{planes_, inH_, inW_, outH_, outW_, kH_, kW_, dH_, dW_, options_.padH, options_.padW};
  const bool inside = options_.padH == 0 && options_.padW == 0 && (outH_ - 1) * dH_ + kH_ <= inH_ &&
                      (outW_ - 1) * dW_ + kW_ <= inW_;
  RINGDL_CHECK_LAYER(inH_ * inW_ < (int64_t{1} << 31), "input planes of ", inH_, "x", inW_,
                     " elements are too large (at most 2^31 elements per plane)");
  if (inside && kH_ == 2 && kW_ == 2 && dH_ == 2 && dW_ == 2)
    maxPool2x2<T>(x.data(), g, output.data(), argmax_.data());
  else if (inside && kH_ == 2 && kW_ == 2)
    maxPool<T, 2, 2>(x.data(), g, output.data(), argmax_.data());
  else if (inside && kH_ == 3 && kW_ == 3)
    maxPool<T, 3, 3>(x.data(), g, output.data(), argmax_.data());
  else
    maxPool<T, 0, 0>(x.data(), g, output.data(), argmax_.data());
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
    const int32_t* arg = argmax_.data() + p * outPlane;
    for (int64_t j = 0; j < outPlane; ++j) gi[arg[j]] += g[j];
  }
}

template class SpatialMaxPooling<float>;
template class SpatialMaxPooling<double>;

}  // namespace ringdl
