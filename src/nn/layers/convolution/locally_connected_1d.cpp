// LocallyConnected1D<T>: one GEMM per output frame over the whole batch. The windows are read in place: frame
// t's window of sample n starts at n*nInputFrame*F + t*strideW*F, so the batch's windows are a row-major
// matrix with leading dimension nInputFrame*F.
#include "ringdl/nn/layers/convolution/locally_connected_1d.h"

#include <algorithm>

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
LocallyConnected1D<T>::LocallyConnected1D(const LocallyConnected1DOptions& options)
    : TensorModule<T>("LocallyConnected1D"), options_(options) {
  const LocallyConnected1DOptions& o = options;
  RINGDL_CHECK(
      o.nInputFrame > 0 && o.inputFrameSize > 0 && o.outputFrameSize > 0 && o.kernelW > 0 && o.strideW > 0,
      "LocallyConnected1D needs positive sizes and stride, got nInputFrame=", o.nInputFrame,
      " inputFrameSize=", o.inputFrameSize, " outputFrameSize=", o.outputFrameSize, " kernelW=", o.kernelW,
      " strideW=", o.strideW);
  RINGDL_CHECK(o.kernelW <= o.nInputFrame, "LocallyConnected1D: kernelW=", o.kernelW,
               " is longer than the input, nInputFrame=", o.nInputFrame);
  outFrames_ = (o.nInputFrame - o.kernelW) / o.strideW + 1;
  weight_ = Tensor<T>({outFrames_, o.outputFrameSize, o.kernelW * o.inputFrameSize});
  gradWeight_ = Tensor<T>(weight_.shape());
  this->registerParameter("weight", &weight_, &gradWeight_);
  if (o.withBias) {
    bias_ = Tensor<T>({outFrames_, o.outputFrameSize});
    gradBias_ = Tensor<T>(bias_.shape());
    this->registerParameter("bias", &bias_, &gradBias_);
  }
  reset();
}

template <typename T>
LocallyConnected1D<T>& LocallyConnected1D<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void LocallyConnected1D<T>::reset() {
  const int64_t fanIn = options_.kernelW * options_.inputFrameSize,
                fanOut = options_.kernelW * options_.outputFrameSize;
  weightInit_.apply(weight_, fanIn, fanOut);
  gradWeight_.zero();
  if (options_.withBias) {
    biasInit_.apply(bias_, fanIn, fanOut);
    gradBias_.zero();
  }
}

template <typename T>
Shape LocallyConnected1D<T>::outputShape() const {
  return forwardShape_.size() == 3 ? Shape{batch_, outFrames_, options_.outputFrameSize}
                                   : Shape{outFrames_, options_.outputFrameSize};
}

template <typename T>
void LocallyConnected1D<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t frames = options_.nInputFrame, F = options_.inputFrameSize, out = options_.outputFrameSize;
  RINGDL_CHECK_LAYER(
      (input.dim() == 2 || input.dim() == 3) && input.size(-2) == frames && input.size(-1) == F,
      "expected input of shape [N, ", frames, ", ", F, "] or [", frames, ", ", F,
      "] (nInputFrame x inputFrameSize), got ", toString(input.shape()));
  batch_ = input.dim() == 3 ? input.size(0) : 1;
  forwardShape_ = input.shape();
  const Tensor<T> x = input.contiguous();
  output.resize(outputShape());
  const int64_t window = options_.kernelW * F, ldx = frames * F, ldy = outFrames_ * out;
  T* y = output.data();
  for (int64_t t = 0; t < outFrames_; ++t) {
    T* yt = y + t * out;
    for (int64_t n = 0; n < batch_; ++n) {
      T* row = yt + n * ldy;
      if (options_.withBias)
        std::copy(bias_.data() + t * out, bias_.data() + (t + 1) * out, row);
      else
        std::fill(row, row + out, T(0));
    }
    // y_t [N, out] += x_t [N, window] w_t^T
    gemmRaw<T>(false, true, batch_, out, window, T(1), x.data() + t * options_.strideW * F, ldx,
               weight_.data() + t * out * window, window, T(1), yt, ldy);
  }
}

template <typename T>
void LocallyConnected1D<T>::checkBackward(const Tensor<T>& input, const Tensor<T>& gradOutput) const {
  RINGDL_CHECK_LAYER(input.shape() == forwardShape_,
                     "backward needs the input of the last forward, of shape ", toString(forwardShape_),
                     ", got ", toString(input.shape()));
  RINGDL_CHECK_LAYER(gradOutput.shape() == outputShape(), "expected gradOutput of shape ",
                     toString(outputShape()), ", got ", toString(gradOutput.shape()));
}

template <typename T>
void LocallyConnected1D<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                            Tensor<T>& gradInput) {
  checkBackward(input, gradOutput);
  const int64_t F = options_.inputFrameSize, out = options_.outputFrameSize;
  const int64_t window = options_.kernelW * F, ldx = options_.nInputFrame * F, ldy = outFrames_ * out;
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize(input.shape());
  gradInput.zero();
  // Windows overlap when strideW < kernelW: each frame's GEMM adds into its window of gradInput.
  for (int64_t t = 0; t < outFrames_; ++t)
    gemmRaw<T>(false, false, batch_, window, out, T(1), go.data() + t * out, ldy,
               weight_.data() + t * out * window, window, T(1), gradInput.data() + t * options_.strideW * F,
               ldx);
}

template <typename T>
void LocallyConnected1D<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  checkBackward(input, gradOutput);
  const int64_t F = options_.inputFrameSize, out = options_.outputFrameSize;
  const int64_t window = options_.kernelW * F, ldx = options_.nInputFrame * F, ldy = outFrames_ * out;
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  for (int64_t t = 0; t < outFrames_; ++t)
    gemmRaw<T>(true, false, out, window, batch_, T(1), go.data() + t * out, ldy,
               x.data() + t * options_.strideW * F, ldx, T(1), gradWeight_.data() + t * out * window, window);
  if (options_.withBias) {
    T* gb = gradBias_.data();
    const T* g = go.data();
    for (int64_t n = 0; n < batch_; ++n)
      for (int64_t i = 0; i < ldy; ++i) gb[i] += g[n * ldy + i];
  }
}

template class LocallyConnected1D<float>;
template class LocallyConnected1D<double>;

}  // namespace ringdl
