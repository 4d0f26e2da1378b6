// SpatialSeparableConvolution<T>: a depthwise SpatialConvolution (nGroup = nInputChannel) followed by a 1x1
// one.
#include "ringdl/nn/layers/convolution/spatial_separable_convolution.h"

namespace ringdl {

template <typename T>
SpatialSeparableConvolution<T>::SpatialSeparableConvolution(const SpatialSeparableConvolutionOptions& options)
    : TensorModule<T>("SpatialSeparableConvolution"), options_(options) {
  const SpatialSeparableConvolutionOptions& o = options;
  RINGDL_CHECK(o.nInputChannel > 0 && o.nOutputChannel > 0 && o.depthMultiplier > 0 && o.kW > 0 && o.kH > 0,
               "SpatialSeparableConvolution needs positive sizes, got nInputChannel=", o.nInputChannel,
               " nOutputChannel=", o.nOutputChannel, " depthMultiplier=", o.depthMultiplier, " kW=", o.kW,
               " kH=", o.kH);
  RINGDL_CHECK(o.sW > 0 && o.sH > 0 && o.pW >= 0 && o.pH >= 0,
               "SpatialSeparableConvolution needs positive strides and non-negative padding, got sW=", o.sW,
               " sH=", o.sH, " pW=", o.pW, " pH=", o.pH);
  const int64_t middle = o.nInputChannel * o.depthMultiplier;
  depth_ = std::make_unique<SpatialConvolution<T>>(o.nInputChannel, middle, o.kW, o.kH, o.sW, o.sH, o.pW,
                                                   o.pH, o.nInputChannel, false);
  point_ = std::make_unique<SpatialConvolution<T>>(middle, o.nOutputChannel, 1, 1, 1, 1, 0, 0, 1, o.hasBias);
  const auto& d = depth_->ownParameters();
  const auto& p = point_->ownParameters();
  this->registerParameter("depthWeight", d[0].weight, d[0].grad);
  this->registerParameter("pointWeight", p[0].weight, p[0].grad);
  if (o.hasBias) this->registerParameter("bias", p[1].weight, p[1].grad);
}

template <typename T>
SpatialSeparableConvolution<T>::~SpatialSeparableConvolution() = default;

template <typename T>
void SpatialSeparableConvolution<T>::reset() {
  depth_->reset();
  point_->reset();
}

template <typename T>
void SpatialSeparableConvolution<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const SpatialSeparableConvolutionOptions& o = options_;
  // Checked here so that errors name this layer and its options, not an unnamed inner convolution.
  RINGDL_CHECK_LAYER((input.dim() == 3 || input.dim() == 4) && input.size(-3) == o.nInputChannel,
                     "expected input of shape [N, ", o.nInputChannel, ", H, W] or [", o.nInputChannel,
                     ", H, W], got ", toString(input.shape()));
  RINGDL_CHECK_LAYER(input.size(-2) + 2 * o.pH >= o.kH && input.size(-1) + 2 * o.pW >= o.kW, "the ", o.kH,
                     "x", o.kW, " kernel (kH x kW) is larger than the padded input, ",
                     input.size(-2) + 2 * o.pH, "x", input.size(-1) + 2 * o.pW, " (input of shape ",
                     toString(input.shape()), ", pH=", o.pH, ", pW=", o.pW, ")");
  // The steps' hooks are called directly: they are parts of this layer, not modules with uses of their own.
  Module<T>&depth = *depth_, &point = *point_;  // their Activity hooks (SpatialConvolution hides them)
  const Tensor<T>& middle = depth.updateOutput(Activity<T>(input)).toTensor();
  output = point.updateOutput(Activity<T>(middle)).toTensor();
  middleFresh_ = false;
}

template <typename T>
void SpatialSeparableConvolution<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                                     Tensor<T>& gradInput) {
  Module<T>&depth = *depth_, &point = *point_;
  gradMiddle_ = point.updateGradInput(depth.output(), Activity<T>(gradOutput)).toTensor();
  middleFresh_ = true;
  gradInput = depth.updateGradInput(Activity<T>(input), Activity<T>(gradMiddle_)).toTensor();
}

template <typename T>
void SpatialSeparableConvolution<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  Module<T>&depth = *depth_, &point = *point_;
  const Activity<T>& middle = depth.output();
  const Activity<T> go(gradOutput);
  // Without a gradInput to compute (a first layer), updateGradInput did not run: the depthwise step still
  // needs the gradient of its output.
  if (!middleFresh_) gradMiddle_ = point.updateGradInput(middle, go).toTensor();
  middleFresh_ = false;
  point.accGradParameters(middle, go);
  depth.accGradParameters(Activity<T>(input), Activity<T>(gradMiddle_));
}

template class SpatialSeparableConvolution<float>;
template class SpatialSeparableConvolution<double>;

}  // namespace ringdl
