// TemporalConvolution<T>: the windows of the whole batch as one matrix, then one GEMM per pass.
#include "ringdl/nn/layers/convolution/temporal_convolution.h"

#include <algorithm>
#include <cstring>

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
TemporalConvolution<T>::TemporalConvolution(const TemporalConvolutionOptions& options)
    : TensorModule<T>("TemporalConvolution"), options_(options) {
  RINGDL_CHECK(
      options.inputFrameSize > 0 && options.outputFrameSize > 0 && options.kernelW > 0 && options.strideW > 0,
      "TemporalConvolution needs positive sizes and stride, got inputFrameSize=", options.inputFrameSize,
      " outputFrameSize=", options.outputFrameSize, " kernelW=", options.kernelW,
      " strideW=", options.strideW);
  weight_ = Tensor<T>({options.outputFrameSize, options.kernelW * options.inputFrameSize});
  gradWeight_ = Tensor<T>(weight_.shape());
  bias_ = Tensor<T>({options.outputFrameSize});
  gradBias_ = Tensor<T>({options.outputFrameSize});
  this->registerParameter("weight", &weight_, &gradWeight_);
  this->registerParameter("bias", &bias_, &gradBias_);
  reset();
}

template <typename T>
TemporalConvolution<T>& TemporalConvolution<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void TemporalConvolution<T>::reset() {
  const int64_t fanIn = options_.kernelW * options_.inputFrameSize,
                fanOut = options_.kernelW * options_.outputFrameSize;
  weightInit_.apply(weight_, fanIn, fanOut);
  biasInit_.apply(bias_, fanIn, fanOut);
  gradWeight_.zero();
  gradBias_.zero();
}

template <typename T>
Shape TemporalConvolution<T>::outputShape() const {
  return forwardShape_.size() == 3 ? Shape{batch_, outFrames_, options_.outputFrameSize}
                                   : Shape{outFrames_, options_.outputFrameSize};
}

template <typename T>
void TemporalConvolution<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t F = options_.inputFrameSize, kW = options_.kernelW, s = options_.strideW;
  RINGDL_CHECK_LAYER((input.dim() == 2 || input.dim() == 3) && input.size(-1) == F,
                     "expected input of shape [N, T, ", F, "] or [T, ", F, "] (frames of inputFrameSize=", F,
                     "), got ", toString(input.shape()));
  batch_ = input.dim() == 3 ? input.size(0) : 1;
  frames_ = input.size(-2);
  RINGDL_CHECK_LAYER(frames_ >= kW, "input of shape ", toString(input.shape()), " has ", frames_,
                     " frames, fewer than kernelW=", kW);
  outFrames_ = (frames_ - kW) / s + 1;
  forwardShape_ = input.shape();
  const Tensor<T> x = input.contiguous();
  const int64_t window = kW * F, rows = batch_ * outFrames_, out = options_.outputFrameSize;
  T* w = windows_.resize({rows, window}).data();
  // A window is kernelW consecutive frames: one contiguous run of the input.
  for (int64_t n = 0; n < batch_; ++n)
    for (int64_t t = 0; t < outFrames_; ++t)
      std::memcpy(w + (n * outFrames_ + t) * window, x.data() + (n * frames_ + t * s) * F,
                  sizeof(T) * window);
  output.resize(outputShape());
  T* y = output.data();
  const T* b = bias_.data();
  for (int64_t r = 0; r < rows; ++r) std::copy(b, b + out, y + r * out);
  gemmRaw<T>(false, true, rows, out, window, T(1), w, window, weight_.data(), window, T(1), y, out);
}

template <typename T>
void TemporalConvolution<T>::checkBackward(const Tensor<T>& input, const Tensor<T>& gradOutput) const {
  RINGDL_CHECK_LAYER(input.shape() == forwardShape_,
                     "backward needs the input of the last forward, of shape ", toString(forwardShape_),
                     ", got ", toString(input.shape()));
  RINGDL_CHECK_LAYER(gradOutput.shape() == outputShape(), "expected gradOutput of shape ",
                     toString(outputShape()), ", got ", toString(gradOutput.shape()));
}

template <typename T>
void TemporalConvolution<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                             Tensor<T>& gradInput) {
  checkBackward(input, gradOutput);
  const int64_t F = options_.inputFrameSize, kW = options_.kernelW, s = options_.strideW;
  const int64_t window = kW * F, rows = batch_ * outFrames_, out = options_.outputFrameSize;
  const Tensor<T> go = gradOutput.contiguous();
  T* gw = gradWindows_.resize({rows, window}).data();
  gemmRaw<T>(false, false, rows, window, out, T(1), go.data(), out, weight_.data(), window, T(0), gw, window);
  gradInput.resize(input.shape());
  gradInput.zero();
  T* gi = gradInput.data();
  for (int64_t n = 0; n < batch_; ++n)
    for (int64_t t = 0; t < outFrames_; ++t) {
      T* d = gi + (n * frames_ + t * s) * F;
      const T* g = gw + (n * outFrames_ + t) * window;
      for (int64_t i = 0; i < window; ++i) d[i] += g[i];
    }
}

template <typename T>
void TemporalConvolution<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  checkBackward(input, gradOutput);
  const int64_t window = options_.kernelW * options_.inputFrameSize, rows = batch_ * outFrames_,
                out = options_.outputFrameSize;
  const Tensor<T> go = gradOutput.contiguous();
  // gradWeight [out, window] += gradOutput^T [out, rows] x windows [rows, window]
  gemmRaw<T>(true, false, out, window, rows, T(1), go.data(), out, windows_.data(), window, T(1),
             gradWeight_.data(), window);
  T* gb = gradBias_.data();
  const T* g = go.data();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t o = 0; o < out; ++o) gb[o] += g[r * out + o];
}

template class TemporalConvolution<float>;
template class TemporalConvolution<double>;

}  // namespace ringdl
