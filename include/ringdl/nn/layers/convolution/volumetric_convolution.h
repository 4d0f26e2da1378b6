// VolumetricConvolution<T>: BigDL's 3-d convolution over [N, C, T, H, W] or [C, T, H, W] input.
#pragma once

#include "ringdl/nn/layers/convolution/detail/volume_convolution.h"
#include "ringdl/nn/options.h"

namespace ringdl {

/// BigDL's option names and order.
struct VolumetricConvolutionOptions {
  int64_t nInputPlane = 0, nOutputPlane = 0, kT = 0, kW = 0, kH = 0;
  int64_t dT = 1, dW = 1, dH = 1, padT = 0, padW = 0, padH = 0;
  bool withBias = true;
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
    v("withBias", withBias);
  }
};

/// Weight [nOutputPlane, nInputPlane, kT, kH, kW] (PyTorch's and BigDL's layout), bias [nOutputPlane]; output
/// [N, nOutputPlane, oT, oH, oW] with oT = (T + 2 * padT - kT) / dT + 1 (likewise oH, oW). vol2col over the
/// whole batch and one GEMM per pass.
template <typename T>
class VolumetricConvolution : public detail::VolumeConvolution<T> {
 public:
  /// BigDL's argument order (kT, kW, kH: time, width, height).
  VolumetricConvolution(int64_t nInputPlane, int64_t nOutputPlane, int64_t kT, int64_t kW, int64_t kH,
                        int64_t dT = 1, int64_t dW = 1, int64_t dH = 1, int64_t padT = 0, int64_t padW = 0,
                        int64_t padH = 0, bool withBias = true)
      : VolumetricConvolution(VolumetricConvolutionOptions{nInputPlane, nOutputPlane, kT, kW, kH, dT, dW, dH,
                                                           padT, padW, padH, withBias}) {}
  explicit VolumetricConvolution(const VolumetricConvolutionOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit VolumetricConvolution(const Attributes& a)
      : VolumetricConvolution(optionsFrom<VolumetricConvolutionOptions>(a, "VolumetricConvolution")) {}

  Attributes config() const override { return attributesOf(options_); }
  const VolumetricConvolutionOptions& options() const { return options_; }

 private:
  VolumetricConvolutionOptions options_;
};

extern template class VolumetricConvolution<float>;
extern template class VolumetricConvolution<double>;

}  // namespace ringdl
