// VolumetricMaxPooling<T>: the maximum over each kT x kH x kW window of [N, C, T, H, W] (or [C, T, H, W])
// input.
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

/// BigDL's VolumetricMaxPooling; strides are required (SpatialMaxPooling's rule), ceilMode is BigDL's ceil().
struct VolumetricMaxPoolingOptions {
  int64_t kT = 0, kW = 0, kH = 0, dT = 0, dW = 0, dH = 0, padT = 0, padW = 0, padH = 0;
  bool ceilMode = false;
  template <typename V>
  void fields(V& v) {
    v("kT", kT, kRequired);
    v("kW", kW, kRequired);
    v("kH", kH, kRequired);
    v("dT", dT, kRequired);
    v("dW", dW, kRequired);
    v("dH", dH, kRequired);
    v("padT", padT);
    v("padW", padW);
    v("padH", padH);
    v("ceilMode", ceilMode);
  }
};

/// Output [N, C, oT, oH, oW], each of oT = floor((T + 2*padT - kT) / dT) + 1 (ceil in ceilMode, a last window
/// starting in the padding dropped: PyTorch's max_pool3d); padding never wins. Each window's argmax (the
/// first maximum, or the last NaN, as in PyTorch) is kept for backward.
template <typename T>
class VolumetricMaxPooling : public TensorModule<T> {
 public:
  /// BigDL's argument order.
  VolumetricMaxPooling(int64_t kT, int64_t kW, int64_t kH, int64_t dT, int64_t dW, int64_t dH,
                       int64_t padT = 0, int64_t padW = 0, int64_t padH = 0, bool ceilMode = false)
      : VolumetricMaxPooling(
            VolumetricMaxPoolingOptions{kT, kW, kH, dT, dW, dH, padT, padW, padH, ceilMode}) {}
  explicit VolumetricMaxPooling(const VolumetricMaxPoolingOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit VolumetricMaxPooling(const Attributes& a)
      : VolumetricMaxPooling(optionsFrom<VolumetricMaxPoolingOptions>(a, "VolumetricMaxPooling")) {}

  Attributes config() const override { return attributesOf(options_); }
  const VolumetricMaxPoolingOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  VolumetricMaxPoolingOptions options_;
  Shape forwardShape_;
  int64_t planes_ = 0, inVolume_ = 0, outVolume_ = 0;
  std::vector<int32_t> argmax_;  ///< per output element, the offset of its maximum in its input volume
};

extern template class VolumetricMaxPooling<float>;
extern template class VolumetricMaxPooling<double>;

}  // namespace ringdl
