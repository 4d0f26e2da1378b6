// SpatialMaxPooling<T>: the maximum over each kH x kW window of [N, C, H, W] (or [C, H, W]) input.
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

/// BigDL's SpatialMaxPooling has no default stride: dW and dH are required.
struct SpatialMaxPoolingOptions {
  int64_t kW = 0, kH = 0, dW = 0, dH = 0, padW = 0, padH = 0;
  bool ceilMode = false;
  bool globalPooling = false;
  template <typename V>
  void fields(V& v) {
    v("kW", kW, kRequired);
    v("kH", kH, kRequired);
    v("dW", dW, kRequired);
    v("dH", dH, kRequired);
    v("padW", padW);
    v("padH", padH);
    v("ceilMode", ceilMode);
    v("globalPooling", globalPooling);
  }
};

/// Output is [N, C, oH, oW] with oH = floor((H + 2*padH - kH) / dH) + 1 (ceil instead in ceilMode, as in
/// Torch); padding never wins the maximum. Each window's argmax is kept for backward. With globalPooling, the
/// window is the whole H x W plane of each input and the output [N, C, 1, 1]: kW, kH, dW and dH are then not
/// used, and padding must be 0.
template <typename T>
class SpatialMaxPooling : public TensorModule<T> {
 public:
  /// BigDL's argument order.
  SpatialMaxPooling(int64_t kW, int64_t kH, int64_t dW, int64_t dH, int64_t padW = 0, int64_t padH = 0,
                    bool ceilMode = false, bool globalPooling = false)
      : SpatialMaxPooling(SpatialMaxPoolingOptions{kW, kH, dW, dH, padW, padH, ceilMode, globalPooling}) {}
  explicit SpatialMaxPooling(const SpatialMaxPoolingOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit SpatialMaxPooling(const Attributes& a)
      : SpatialMaxPooling(optionsFrom<SpatialMaxPoolingOptions>(a, "SpatialMaxPooling")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SpatialMaxPoolingOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  /// Checks the input's shape and sets the window (kH_ ... dW_: the options', or the plane under
  /// globalPooling), planes_, inH_, inW_, outH_ and outW_.
  void checkInput(const Tensor<T>& input);

  SpatialMaxPoolingOptions options_;
  // Geometry of the last forward: planes_ = N*C.
  int64_t kH_ = 0, kW_ = 0, dH_ = 0, dW_ = 0;
  int64_t planes_ = 0, inH_ = 0, inW_ = 0, outH_ = 0, outW_ = 0;
  Shape forwardShape_;
  /// For each output element, the offset of its maximum within its input plane (y*W + x).
  std::vector<int32_t> argmax_;  // offset of each window's maximum in its plane (planes are < 2^31)
};

extern template class SpatialMaxPooling<float>;
extern template class SpatialMaxPooling<double>;

}  // namespace ringdl
