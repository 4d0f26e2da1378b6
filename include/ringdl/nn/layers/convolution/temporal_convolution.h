// TemporalConvolution<T>: BigDL's 1-d convolution over a sequence of frames, [N, T, inputFrameSize] or
// [T, inputFrameSize] input.
#pragma once

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

/// BigDL's option names and order.
struct TemporalConvolutionOptions {
  int64_t inputFrameSize = 0, outputFrameSize = 0, kernelW = 0, strideW = 1;
  template <typename V>
  void fields(V& v) {
    v("inputFrameSize", inputFrameSize, kRequired);
    v("outputFrameSize", outputFrameSize, kRequired);
    v("kernelW", kernelW, kRequired);
    v("strideW", strideW);
  }
};

/// Output frame t is weight x (frames t*strideW .. t*strideW + kernelW - 1, concatenated) + bias: output
/// [N, oT, outputFrameSize] with oT = (T - kernelW) / strideW + 1. Weight [outputFrameSize,
/// kernelW * inputFrameSize] (BigDL's layout: frame k of the window is columns k*inputFrameSize ..), bias
/// [outputFrameSize]. The windows of the whole batch are copied into one [N*oT, kernelW*inputFrameSize]
/// matrix, so each pass is one GEMM.
template <typename T>
class TemporalConvolution : public TensorModule<T> {
 public:
  /// BigDL's argument order.
  TemporalConvolution(int64_t inputFrameSize, int64_t outputFrameSize, int64_t kernelW, int64_t strideW = 1)
      : TemporalConvolution(TemporalConvolutionOptions{inputFrameSize, outputFrameSize, kernelW, strideW}) {}
  explicit TemporalConvolution(const TemporalConvolutionOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit TemporalConvolution(const Attributes& a)
      : TemporalConvolution(optionsFrom<TemporalConvolutionOptions>(a, "TemporalConvolution")) {}

  /// Sets the initialisers and re-initialises; default: U(+-1/sqrt(kernelW * inputFrameSize)) for both.
  TemporalConvolution& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const TemporalConvolutionOptions& options() const { return options_; }

  Tensor<T>& weight() { return weight_; }
  Tensor<T>& bias() { return bias_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  void checkBackward(const Tensor<T>& input, const Tensor<T>& gradOutput) const;
  Shape outputShape() const;

  TemporalConvolutionOptions options_;
  InitMethod weightInit_ = InitMethod::defaultUniform(), biasInit_ = InitMethod::defaultUniform();
  Tensor<T> weight_, bias_, gradWeight_, gradBias_;
  int64_t batch_ = 0, frames_ = 0, outFrames_ = 0;
  Shape forwardShape_;
  Tensor<T> windows_;      ///< [N*oT, kernelW*inputFrameSize]: the last forward's windows, reused by backward
  Tensor<T> gradWindows_;  ///< [N*oT, kernelW*inputFrameSize], added back into gradInput frame by frame
};

extern template class TemporalConvolution<float>;
extern template class TemporalConvolution<double>;

}  // namespace ringdl
