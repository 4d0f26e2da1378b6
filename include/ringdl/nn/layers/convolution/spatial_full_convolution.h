// SpatialFullConvolution<T>: BigDL's 2-d transposed convolution ("deconvolution") with output padding (adj)
// and groups, over [N, C, H, W] or [C, H, W] input.
#pragma once

#include "ringdl/nn/layers/convolution/detail/volume_convolution.h"
#include "ringdl/nn/options.h"

namespace ringdl {

/// BigDL's option names and order.
struct SpatialFullConvolutionOptions {
  int64_t nInputPlane = 0, nOutputPlane = 0, kW = 0, kH = 0;
  int64_t dW = 1, dH = 1, padW = 0, padH = 0, adjW = 0, adjH = 0, nGroup = 1;
  bool noBias = false;
  template <typename V>
  void fields(V& v) {
    v("nInputPlane", nInputPlane, kRequired);
    v("nOutputPlane", nOutputPlane, kRequired);
    v("kW", kW, kRequired);
    v("kH", kH, kRequired);
    v("dW", dW);
    v("dH", dH);
    v("padW", padW);
    v("padH", padH);
    v("adjW", adjW);
    v("adjH", adjH);
    v("nGroup", nGroup);
    v("noBias", noBias);
  }
};

/// The adjoint of SpatialConvolution (PyTorch's conv_transpose2d): output [N, nOutputPlane, oH, oW] with
/// oH = (H - 1) * dH - 2 * padH + kH + adjH (likewise oW); adj adds rows and columns at the bottom and right
/// that only the bias reaches. Weight [nInputPlane, nOutputPlane/nGroup, kH, kW] (PyTorch's layout, the same
/// memory as BigDL's [nGroup, in/nGroup, out/nGroup, kH, kW]), bias [nOutputPlane] unless noBias. Forward is
/// one GEMM per group over the whole batch and a col2im; BigDL's Table input {input, size} is not taken.
template <typename T>
class SpatialFullConvolution : public detail::VolumeConvolution<T> {
 public:
  /// BigDL's argument order.
  SpatialFullConvolution(int64_t nInputPlane, int64_t nOutputPlane, int64_t kW, int64_t kH, int64_t dW = 1,
                         int64_t dH = 1, int64_t padW = 0, int64_t padH = 0, int64_t adjW = 0,
                         int64_t adjH = 0, int64_t nGroup = 1, bool noBias = false)
      : SpatialFullConvolution(SpatialFullConvolutionOptions{nInputPlane, nOutputPlane, kW, kH, dW, dH, padW,
                                                             padH, adjW, adjH, nGroup, noBias}) {}
  explicit SpatialFullConvolution(const SpatialFullConvolutionOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit SpatialFullConvolution(const Attributes& a)
      : SpatialFullConvolution(optionsFrom<SpatialFullConvolutionOptions>(a, "SpatialFullConvolution")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SpatialFullConvolutionOptions& options() const { return options_; }

 private:
  SpatialFullConvolutionOptions options_;
};

extern template class SpatialFullConvolution<float>;
extern template class SpatialFullConvolution<double>;

}  // namespace ringdl
