// SpatialDilatedConvolution<T>: BigDL's name for a 2-d convolution whose kernel taps are dilationW x
// dilationH apart (atrous convolution); SpatialConvolution with its dilation options, under BigDL's option
// names.
#pragma once

#include "ringdl/nn/layers/convolution/spatial_convolution.h"

namespace ringdl {

/// BigDL's SpatialDilatedConvolution options (names and order); always with a bias and one group, as BigDL.
struct SpatialDilatedConvolutionOptions {
  int64_t nInputPlane = 0, nOutputPlane = 0, kW = 0, kH = 0;
  int64_t dW = 1, dH = 1, padW = 0, padH = 0, dilationW = 1, dilationH = 1;
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
    v("dilationW", dilationW);
    v("dilationH", dilationH);
  }
  /// The same convolution in SpatialConvolution's terms.
  SpatialConvolutionOptions convolution() const {
    SpatialConvolutionOptions o{nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH, 1, true};
    o.dilationW = dilationW;
    o.dilationH = dilationH;
    return o;
  }
};

/// Weight [nOutputPlane, nInputPlane, kH, kW], bias [nOutputPlane]; input [N, C, H, W] or [C, H, W]; output
/// oH = (H + 2*padH - dilationH*(kH-1) - 1) / dH + 1 (likewise oW). The kernels are SpatialConvolution's
/// (im2col + GEMM, oneDNN for float), so everything said there holds here.
template <typename T>
class SpatialDilatedConvolution : public SpatialConvolution<T> {
 public:
  /// BigDL's argument order.
  SpatialDilatedConvolution(int64_t nInputPlane, int64_t nOutputPlane, int64_t kW, int64_t kH, int64_t dW = 1,
                            int64_t dH = 1, int64_t padW = 0, int64_t padH = 0, int64_t dilationW = 1,
                            int64_t dilationH = 1)
      : SpatialDilatedConvolution(SpatialDilatedConvolutionOptions{nInputPlane, nOutputPlane, kW, kH, dW, dH,
                                                                   padW, padH, dilationW, dilationH}) {}
  explicit SpatialDilatedConvolution(const SpatialDilatedConvolutionOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit SpatialDilatedConvolution(const Attributes& a)
      : SpatialDilatedConvolution(
            optionsFrom<SpatialDilatedConvolutionOptions>(a, "SpatialDilatedConvolution")) {}

  Attributes config() const override { return attributesOf(dilatedOptions_); }
  const SpatialDilatedConvolutionOptions& dilatedOptions() const { return dilatedOptions_; }

 private:
  SpatialDilatedConvolutionOptions dilatedOptions_;
};

extern template class SpatialDilatedConvolution<float>;
extern template class SpatialDilatedConvolution<double>;

}  // namespace ringdl
