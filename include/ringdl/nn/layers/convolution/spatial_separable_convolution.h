// SpatialSeparableConvolution<T>: BigDL's depthwise-separable 2-d convolution: a depthwise convolution with
// depthMultiplier filters per input channel, then a 1x1 (pointwise) convolution with a bias.
#pragma once

#include <memory>

#include "ringdl/nn/layers/convolution/spatial_convolution.h"

namespace ringdl {

/// BigDL's option names and order (its dataFormat is NCHW here).
struct SpatialSeparableConvolutionOptions {
  int64_t nInputChannel = 0, nOutputChannel = 0, depthMultiplier = 1, kW = 0, kH = 0;
  int64_t sW = 1, sH = 1, pW = 0, pH = 0;
  bool hasBias = true;
  template <typename V>
  void fields(V& v) {
    v("nInputChannel", nInputChannel, kRequired);
    v("nOutputChannel", nOutputChannel, kRequired);
    v("depthMultiplier", depthMultiplier);
    v("kW", kW, kRequired);
    v("kH", kH, kRequired);
    v("sW", sW);
    v("sH", sH);
    v("pW", pW);
    v("pH", pH);
    v("hasBias", hasBias);
  }
};

/// Input [N, nInputChannel, H, W] or [nInputChannel, H, W]. The depthwise step gives nInputChannel *
/// depthMultiplier planes (plane c * depthMultiplier + j from input channel c) of size oH = (H + 2*pH - kH) /
/// sH
/// + 1 (likewise oW); the pointwise step mixes them into nOutputChannel planes. Parameters: depthWeight
/// [nInputChannel * depthMultiplier, 1, kH, kW] (PyTorch's depthwise layout, not BigDL's [kH, kW, in,
/// multiplier]), pointWeight [nOutputChannel, nInputChannel * depthMultiplier, 1, 1] and bias
/// [nOutputChannel] with hasBias. Both steps are SpatialConvolution's kernels (the depthwise one grouped by
/// channel).
template <typename T>
class SpatialSeparableConvolution : public TensorModule<T> {
 public:
  /// BigDL's argument order.
  SpatialSeparableConvolution(int64_t nInputChannel, int64_t nOutputChannel, int64_t depthMultiplier,
                              int64_t kW, int64_t kH, int64_t sW = 1, int64_t sH = 1, int64_t pW = 0,
                              int64_t pH = 0, bool hasBias = true)
      : SpatialSeparableConvolution(SpatialSeparableConvolutionOptions{
            nInputChannel, nOutputChannel, depthMultiplier, kW, kH, sW, sH, pW, pH, hasBias}) {}
  explicit SpatialSeparableConvolution(const SpatialSeparableConvolutionOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit SpatialSeparableConvolution(const Attributes& a)
      : SpatialSeparableConvolution(
            optionsFrom<SpatialSeparableConvolutionOptions>(a, "SpatialSeparableConvolution")) {}
  ~SpatialSeparableConvolution() override;

  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const SpatialSeparableConvolutionOptions& options() const { return options_; }

  Tensor<T>& depthWeight() { return depth_->weight(); }
  Tensor<T>& pointWeight() { return point_->weight(); }
  Tensor<T>& bias() { return point_->bias(); }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  SpatialSeparableConvolutionOptions options_;
  /// The two steps; their parameters are registered as this layer's, so they are listed, saved and shared
  /// under this layer's names.
  std::unique_ptr<SpatialConvolution<T>> depth_, point_;
  Tensor<T> gradMiddle_;  ///< the pointwise step's gradInput, kept for the depthwise step's accGradParameters
  bool middleFresh_ = false;  ///< gradMiddle_ is this backward's (updateGradInput ran)
};

extern template class SpatialSeparableConvolution<float>;
extern template class SpatialSeparableConvolution<double>;

}  // namespace ringdl
