// LocallyConnected2D<T>: the windows gathered by vol2col (column_convolution.h) and regrouped by position, so
// that each position's filters meet the batch's windows in one GEMM.
#include "ringdl/nn/layers/convolution/locally_connected_2d.h"

#include <algorithm>

#include "detail/column_convolution.h"
#include "ringdl/tensor/math.h"

namespace ringdl {

namespace {

detail::VolumeGeometry geometryOf(const LocallyConnected2DOptions& o, int64_t batch, int64_t outH,
                                  int64_t outW) {
  detail::VolumeGeometry g;
  g.batch = batch;
  g.channels = o.nInputPlane;
  g.image[1] = o.inputHeight;
  g.image[2] = o.inputWidth;
  g.kernel[1] = o.kernelH;
  g.kernel[2] = o.kernelW;
  g.stride[1] = o.strideH;
  g.stride[2] = o.strideW;
  g.pad[1] = o.padH;
  g.pad[2] = o.padW;
  g.positions[1] = outH;
  g.positions[2] = outW;
  return g;
}

}  // namespace

template <typename T>
LocallyConnected2D<T>::LocallyConnected2D(const LocallyConnected2DOptions& options)
    : TensorModule<T>("LocallyConnected2D"), options_(options) {
  const LocallyConnected2DOptions& o = options;
  RINGDL_CHECK(o.nInputPlane > 0 && o.inputWidth > 0 && o.inputHeight > 0 && o.nOutputPlane > 0 &&
                   o.kernelW > 0 && o.kernelH > 0,
               "LocallyConnected2D needs positive sizes, got nInputPlane=", o.nInputPlane,
               " inputWidth=", o.inputWidth, " inputHeight=", o.inputHeight, " nOutputPlane=", o.nOutputPlane,
               " kernelW=", o.kernelW, " kernelH=", o.kernelH);
  RINGDL_CHECK(o.strideW > 0 && o.strideH > 0 && o.padW >= 0 && o.padH >= 0,
               "LocallyConnected2D needs positive strides and non-negative padding, got strideW=", o.strideW,
               " strideH=", o.strideH, " padW=", o.padW, " padH=", o.padH);
  RINGDL_CHECK(o.inputHeight + 2 * o.padH >= o.kernelH && o.inputWidth + 2 * o.padW >= o.kernelW,
               "LocallyConnected2D: the ", o.kernelH, "x", o.kernelW,
               " kernel (kernelH x kernelW) is larger than the padded input, ", o.inputHeight + 2 * o.padH,
               "x", o.inputWidth + 2 * o.padW);
  outH_ = (o.inputHeight + 2 * o.padH - o.kernelH) / o.strideH + 1;
  outW_ = (o.inputWidth + 2 * o.padW - o.kernelW) / o.strideW + 1;
  weight_ = Tensor<T>({outH_ * outW_, o.nOutputPlane, o.nInputPlane * o.kernelH * o.kernelW});
  gradWeight_ = Tensor<T>(weight_.shape());
  this->registerParameter("weight", &weight_, &gradWeight_);
  if (o.withBias) {
    bias_ = Tensor<T>({o.nOutputPlane, outH_, outW_});
    gradBias_ = Tensor<T>(bias_.shape());
    this->registerParameter("bias", &bias_, &gradBias_);
  }
  reset();
}

template <typename T>
LocallyConnected2D<T>& LocallyConnected2D<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void LocallyConnected2D<T>::reset() {
  const int64_t kernel = options_.kernelH * options_.kernelW;
  const int64_t fanIn = options_.nInputPlane * kernel, fanOut = options_.nOutputPlane * kernel;
  weightInit_.apply(weight_, fanIn, fanOut);
  gradWeight_.zero();
  if (options_.withBias) {
    biasInit_.apply(bias_, fanIn, fanOut);
    gradBias_.zero();
  }
}

template <typename T>
Shape LocallyConnected2D<T>::outputShape() const {
  return forwardShape_.size() == 4 ? Shape{batch_, options_.nOutputPlane, outH_, outW_}
                                   : Shape{options_.nOutputPlane, outH_, outW_};
}

template <typename T>
void LocallyConnected2D<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const LocallyConnected2DOptions& o = options_;
  RINGDL_CHECK_LAYER((input.dim() == 3 || input.dim() == 4) && input.size(-3) == o.nInputPlane &&
                         input.size(-2) == o.inputHeight && input.size(-1) == o.inputWidth,
                     "expected input of shape [N, ", o.nInputPlane, ", ", o.inputHeight, ", ", o.inputWidth,
                     "] or [", o.nInputPlane, ", ", o.inputHeight, ", ", o.inputWidth,
                     "] (nInputPlane, inputHeight, inputWidth), got ", toString(input.shape()));
  batch_ = input.dim() == 4 ? input.size(0) : 1;
  forwardShape_ = input.shape();
  const Tensor<T> x = input.contiguous();
  const int64_t P = outH_ * outW_, K = o.nInputPlane * o.kernelH * o.kernelW, N = batch_,
                out = o.nOutputPlane;
  const detail::VolumeGeometry g = geometryOf(o, N, outH_, outW_);
  T* cols = columns_.resize({K, N * P}).data();
  detail::vol2col(x.data(), g, cols);
  // [K, N*P] -> [P, N, K]: each position's windows become one row-major matrix.
  T* win = windows_.resize({P, N, K}).data();
  for (int64_t k = 0; k < K; ++k)
    for (int64_t n = 0; n < N; ++n) {
      const T* src = cols + k * N * P + n * P;
      for (int64_t p = 0; p < P; ++p) win[(p * N + n) * K + k] = src[p];
    }
  T* rows = rows_.resize({P, N, out}).data();
  for (int64_t p = 0; p < P; ++p)
    gemmRaw<T>(false, true, N, out, K, T(1), win + p * N * K, K, weight_.data() + p * out * K, K, T(0),
               rows + p * N * out, out);
  output.resize(outputShape());
  T* y = output.data();
  const T* b = o.withBias ? bias_.data() : nullptr;
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < out; ++c) {
      T* dst = y + (n * out + c) * P;
      for (int64_t p = 0; p < P; ++p) dst[p] = rows[(p * N + n) * out + c] + (b ? b[c * P + p] : T(0));
    }
}

template <typename T>
void LocallyConnected2D<T>::checkBackward(const Tensor<T>& input, const Tensor<T>& gradOutput) const {
  RINGDL_CHECK_LAYER(input.shape() == forwardShape_,
                     "backward needs the input of the last forward, of shape ", toString(forwardShape_),
                     ", got ", toString(input.shape()));
  RINGDL_CHECK_LAYER(gradOutput.shape() == outputShape(), "expected gradOutput of shape ",
                     toString(outputShape()), ", got ", toString(gradOutput.shape()));
}

template <typename T>
void LocallyConnected2D<T>::packGradOutput(const Tensor<T>& gradOutput) {
  const int64_t P = outH_ * outW_, N = batch_, out = options_.nOutputPlane;
  const Tensor<T> go = gradOutput.contiguous();
  T* rows = rows_.resize({P, N, out}).data();
  const T* g = go.data();
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < out; ++c) {
      const T* src = g + (n * out + c) * P;
      for (int64_t p = 0; p < P; ++p) rows[(p * N + n) * out + c] = src[p];
    }
}

template <typename T>
void LocallyConnected2D<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                            Tensor<T>& gradInput) {
  checkBackward(input, gradOutput);
  const LocallyConnected2DOptions& o = options_;
  const int64_t P = outH_ * outW_, K = o.nInputPlane * o.kernelH * o.kernelW, N = batch_,
                out = o.nOutputPlane;
  packGradOutput(gradOutput);
  T* gwin = gradWindows_.resize({P, N, K}).data();
  for (int64_t p = 0; p < P; ++p)
    gemmRaw<T>(false, false, N, K, out, T(1), rows_.data() + p * N * out, out, weight_.data() + p * out * K,
               K, T(0), gwin + p * N * K, K);
  T* cols = columns_.resize({K, N * P}).data();
  for (int64_t k = 0; k < K; ++k)
    for (int64_t n = 0; n < N; ++n) {
      T* dst = cols + k * N * P + n * P;
      for (int64_t p = 0; p < P; ++p) dst[p] = gwin[(p * N + n) * K + k];
    }
  gradInput.resize(input.shape());
  detail::col2vol(cols, geometryOf(o, N, outH_, outW_), gradInput.data());
}

template <typename T>
void LocallyConnected2D<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  checkBackward(input, gradOutput);
  const LocallyConnected2DOptions& o = options_;
  const int64_t P = outH_ * outW_, K = o.nInputPlane * o.kernelH * o.kernelW, N = batch_,
                out = o.nOutputPlane;
  packGradOutput(gradOutput);
  for (int64_t p = 0; p < P; ++p)
    gemmRaw<T>(true, false, out, K, N, T(1), rows_.data() + p * N * out, out, windows_.data() + p * N * K, K,
               T(1), gradWeight_.data() + p * out * K, K);
  if (o.withBias) {
    const Tensor<T> go = gradOutput.contiguous();
    T* gb = gradBias_.data();
    for (int64_t n = 0; n < N; ++n)
      for (int64_t i = 0; i < out * P; ++i) gb[i] += go.data()[n * out * P + i];
  }
}

template class LocallyConnected2D<float>;
template class LocallyConnected2D<double>;

}  // namespace ringdl
