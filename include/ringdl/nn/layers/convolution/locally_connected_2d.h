// LocallyConnected2D<T>: BigDL's SpatialConvolution with unshared weights: each output position has its own
// filters and bias, over [N, nInputPlane, inputHeight, inputWidth] or [nInputPlane, inputHeight, inputWidth].
#pragma once

#include <memory>

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

/// BigDL's option names and order.
struct LocallyConnected2DOptions {
  int64_t nInputPlane = 0, inputWidth = 0, inputHeight = 0, nOutputPlane = 0, kernelW = 0, kernelH = 0;
  int64_t strideW = 1, strideH = 1, padW = 0, padH = 0;
  bool withBias = true;
  template <typename V>
  void fields(V& v) {
    v("nInputPlane", nInputPlane, kRequired);
    v("inputWidth", inputWidth, kRequired);
    v("inputHeight", inputHeight, kRequired);
    v("nOutputPlane", nOutputPlane, kRequired);
    v("kernelW", kernelW, kRequired);
    v("kernelH", kernelH, kRequired);
    v("strideW", strideW);
    v("strideH", strideH);
    v("padW", padW);
    v("padH", padH);
    v("withBias", withBias);
  }
};

/// Output [N, nOutputPlane, oH, oW] with oH = (inputHeight + 2*padH - kernelH) / strideH + 1 (likewise oW);
/// output position p = oy*oW + ox is weight[p] [nOutputPlane, nInputPlane*kernelH*kernelW] times the window
/// at p (im2col's order: plane, row, column) plus bias[:, oy, ox]. Weight [oH*oW, nOutputPlane,
/// nInputPlane*kernelH*kernelW] and bias [nOutputPlane, oH, oW] (BigDL's layouts). The windows of the whole
/// batch are gathered once per pass, then one GEMM per output position over the batch.
template <typename T>
class LocallyConnected2D : public TensorModule<T> {
 public:
  /// BigDL's argument order.
  LocallyConnected2D(int64_t nInputPlane, int64_t inputWidth, int64_t inputHeight, int64_t nOutputPlane,
                     int64_t kernelW, int64_t kernelH, int64_t strideW = 1, int64_t strideH = 1,
                     int64_t padW = 0, int64_t padH = 0, bool withBias = true)
      : LocallyConnected2D(LocallyConnected2DOptions{nInputPlane, inputWidth, inputHeight, nOutputPlane,
                                                     kernelW, kernelH, strideW, strideH, padW, padH,
                                                     withBias}) {}
  explicit LocallyConnected2D(const LocallyConnected2DOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit LocallyConnected2D(const Attributes& a)
      : LocallyConnected2D(optionsFrom<LocallyConnected2DOptions>(a, "LocallyConnected2D")) {}

  /// Sets the initialisers and re-initialises; default: U(+-1/sqrt(nInputPlane*kernelH*kernelW)) for both.
  LocallyConnected2D& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const LocallyConnected2DOptions& options() const { return options_; }

  Tensor<T>& weight() { return weight_; }
  Tensor<T>& bias() { return bias_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  void checkBackward(const Tensor<T>& input, const Tensor<T>& gradOutput) const;
  Shape outputShape() const;
  /// gradOutput [N, out, P] as [P, N, out] in gradRows_.
  void packGradOutput(const Tensor<T>& gradOutput);

  LocallyConnected2DOptions options_;
  int64_t outH_ = 0, outW_ = 0, batch_ = 0;
  InitMethod weightInit_ = InitMethod::defaultUniform(), biasInit_ = InitMethod::defaultUniform();
  Tensor<T> weight_, bias_, gradWeight_, gradBias_;
  Shape forwardShape_;
  Tensor<T> columns_;      ///< im2col's [K, N*P] (scratch)
  Tensor<T> windows_;      ///< the last forward's windows as [P, N, K], reused by accGradParameters
  Tensor<T> rows_;         ///< [P, N, out]: forward's GEMM results, then gradOutput regrouped
  Tensor<T> gradWindows_;  ///< [P, N, K]
};

extern template class LocallyConnected2D<float>;
extern template class LocallyConnected2D<double>;

}  // namespace ringdl
