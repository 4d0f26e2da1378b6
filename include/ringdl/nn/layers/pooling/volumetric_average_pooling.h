// VolumetricAveragePooling<T>: the mean over each kT x kH x kW window of [N, C, T, H, W] (or [C, T, H, W])
// input.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

/// BigDL's VolumetricAveragePooling; strides are required.
struct VolumetricAveragePoolingOptions {
  int64_t kT = 0, kW = 0, kH = 0, dT = 0, dW = 0, dH = 0, padT = 0, padW = 0, padH = 0;
  bool countIncludePad = true, ceilMode = false;
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
    v("countIncludePad", countIncludePad);
    v("ceilMode", ceilMode);
  }
};

/// Output sizes as VolumetricMaxPooling's. Padding counts as zeros: with countIncludePad the divisor is the
/// window's size clipped to the padded input, otherwise the number of real input elements in it (PyTorch's
/// avg_pool3d rule, SpatialAveragePooling's in three dimensions).
template <typename T>
class VolumetricAveragePooling : public TensorModule<T> {
 public:
  /// BigDL's argument order.
  VolumetricAveragePooling(int64_t kT, int64_t kW, int64_t kH, int64_t dT, int64_t dW, int64_t dH,
                           int64_t padT = 0, int64_t padW = 0, int64_t padH = 0, bool countIncludePad = true,
                           bool ceilMode = false)
      : VolumetricAveragePooling(VolumetricAveragePoolingOptions{kT, kW, kH, dT, dW, dH, padT, padW, padH,
                                                                 countIncludePad, ceilMode}) {}
  explicit VolumetricAveragePooling(const VolumetricAveragePoolingOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit VolumetricAveragePooling(const Attributes& a)
      : VolumetricAveragePooling(
            optionsFrom<VolumetricAveragePoolingOptions>(a, "VolumetricAveragePooling")) {}

  Attributes config() const override { return attributesOf(options_); }
  const VolumetricAveragePoolingOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  VolumetricAveragePoolingOptions options_;
};

extern template class VolumetricAveragePooling<float>;
extern template class VolumetricAveragePooling<double>;

}  // namespace ringdl
