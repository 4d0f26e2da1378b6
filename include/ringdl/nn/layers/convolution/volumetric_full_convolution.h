// VolumetricFullConvolution<T>: BigDL's 3-d transposed convolution with output padding (adj) and groups, over
// [N, C, T, H, W] or [C, T, H, W] input.
#pragma once

#include "ringdl/nn/layers/convolution/detail/volume_convolution.h"
#include "ringdl/nn/options.h"

namespace ringdl {

/// BigDL's option names and order.
struct VolumetricFullConvolutionOptions {
  int64_t nInputPlane = 0, nOutputPlane = 0, kT = 0, kW = 0, kH = 0;
  int64_t dT = 1, dW = 1, dH = 1, padT = 0, padW = 0, padH = 0, adjT = 0, adjW = 0, adjH = 0, nGroup = 1;
  bool noBias = false;
  template <typename V>
  void fields(V& v) {
    v("nInputPlane", nInputPlane, kRequired);
    v("nOutputPlane", nOutputPlane, kRequired);
    v("kT", kT, kRequired);
    v("kW", kW, kRequired);
    v("kH", kH, kRequired);
    v("dT", dT);
    v("dW", dW);
    v("dH", dH);
    v("padT", padT);
    v("padW", padW);
    v("padH", padH);
    v("adjT", adjT);
    v("adjW", adjW);
    v("adjH", adjH);
    v("nGroup", nGroup);
    v("noBias", noBias);
  }
};

/// The adjoint of VolumetricConvolution (PyTorch's conv_transpose3d): oT = (T - 1) * dT - 2 * padT + kT +
/// adjT (likewise oH, oW). Weight [nInputPlane, nOutputPlane/nGroup, kT, kH, kW] (PyTorch's layout), bias
/// [nOutputPlane] unless noBias. One GEMM per group over the whole batch and a col2vol.
template <typename T>
class VolumetricFullConvolution : public detail::VolumeConvolution<T> {
 public:
  /// BigDL's argument order.
  VolumetricFullConvolution(int64_t nInputPlane, int64_t nOutputPlane, int64_t kT, int64_t kW, int64_t kH,
                            int64_t dT = 1, int64_t dW = 1, int64_t dH = 1, int64_t padT = 0,
                            int64_t padW = 0, int64_t padH = 0, int64_t adjT = 0, int64_t adjW = 0,
                            int64_t adjH = 0, int64_t nGroup = 1, bool noBias = false)
      : VolumetricFullConvolution(VolumetricFullConvolutionOptions{nInputPlane, nOutputPlane, kT, kW, kH, dT,
                                                                   dW, dH, padT, padW, padH, adjT, adjW, adjH,
                                                                   nGroup, noBias}) {}
  explicit VolumetricFullConvolution(const VolumetricFullConvolutionOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit VolumetricFullConvolution(const Attributes& a)
      : VolumetricFullConvolution(
            optionsFrom<VolumetricFullConvolutionOptions>(a, "VolumetricFullConvolution")) {}

  Attributes config() const override { return attributesOf(options_); }
  const VolumetricFullConvolutionOptions& options() const { return options_; }

 private:
  VolumetricFullConvolutionOptions options_;
};

extern template class VolumetricFullConvolution<float>;
extern template class VolumetricFullConvolution<double>;

}  // namespace ringdl
