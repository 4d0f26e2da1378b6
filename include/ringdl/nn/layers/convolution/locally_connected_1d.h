// LocallyConnected1D<T>: BigDL's TemporalConvolution with unshared weights: each output frame has its own
// weight and bias, over [N, nInputFrame, inputFrameSize] or [nInputFrame, inputFrameSize] input.
#pragma once

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

/// BigDL's option names and order.
struct LocallyConnected1DOptions {
  int64_t nInputFrame = 0, inputFrameSize = 0, outputFrameSize = 0, kernelW = 0, strideW = 1;
  bool withBias = true;
  template <typename V>
  void fields(V& v) {
    v("nInputFrame", nInputFrame, kRequired);
    v("inputFrameSize", inputFrameSize, kRequired);
    v("outputFrameSize", outputFrameSize, kRequired);
    v("kernelW", kernelW, kRequired);
    v("strideW", strideW);
    v("withBias", withBias);
  }
};

/// Output frame t = weight[t] x (frames t*strideW .. t*strideW + kernelW - 1, concatenated) + bias[t]: output
/// [N, oT, outputFrameSize] with oT = (nInputFrame - kernelW) / strideW + 1. Weight [oT, outputFrameSize,
/// kernelW * inputFrameSize] and bias [oT, outputFrameSize] (BigDL's layouts). One GEMM per output frame over
/// the whole batch, reading the windows in place.
template <typename T>
class LocallyConnected1D : public TensorModule<T> {
 public:
  /// BigDL's argument order.
  LocallyConnected1D(int64_t nInputFrame, int64_t inputFrameSize, int64_t outputFrameSize, int64_t kernelW,
                     int64_t strideW = 1, bool withBias = true)
      : LocallyConnected1D(LocallyConnected1DOptions{nInputFrame, inputFrameSize, outputFrameSize, kernelW,
                                                     strideW, withBias}) {}
  explicit LocallyConnected1D(const LocallyConnected1DOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit LocallyConnected1D(const Attributes& a)
      : LocallyConnected1D(optionsFrom<LocallyConnected1DOptions>(a, "LocallyConnected1D")) {}

  /// Sets the initialisers and re-initialises; default: U(+-1/sqrt(kernelW * inputFrameSize)) for both.
  LocallyConnected1D& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const LocallyConnected1DOptions& options() const { return options_; }

  Tensor<T>& weight() { return weight_; }
  Tensor<T>& bias() { return bias_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  void checkBackward(const Tensor<T>& input, const Tensor<T>& gradOutput) const;
  Shape outputShape() const;

  LocallyConnected1DOptions options_;
  int64_t outFrames_ = 0, batch_ = 0;
  InitMethod weightInit_ = InitMethod::defaultUniform(), biasInit_ = InitMethod::defaultUniform();
  Tensor<T> weight_, bias_, gradWeight_, gradBias_;
  Shape forwardShape_;
};

extern template class LocallyConnected1D<float>;
extern template class LocallyConnected1D<double>;

}  // namespace ringdl
