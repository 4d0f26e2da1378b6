// SpatialAveragePooling<T>: the mean over each kH x kW window of [N, C, H, W] (or [C, H, W]) input.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct SpatialAveragePoolingOptions {
  int64_t kW = 0, kH = 0, dW = 1, dH = 1, padW = 0, padH = 0;
  bool ceilMode = false, countIncludePad = true;
  bool globalPooling = false;
  template <typename V>
  void fields(V& v) {
    v("kW", kW, kRequired);
    v("kH", kH, kRequired);
    v("dW", dW);
    v("dH", dH);
    v("padW", padW);
    v("padH", padH);
    v("ceilMode", ceilMode);
    v("countIncludePad", countIncludePad);
    v("globalPooling", globalPooling);
  }
};

/// Output is [N, C, oH, oW] with oH = floor((H + 2*padH - kH) / dH) + 1 (ceil instead in ceilMode, as in
/// Torch). Padding counts as zeros: with countIncludePad the divisor is the window's size clipped to the
/// padded input, otherwise the number of real input elements in it (PyTorch's avg_pool2d rule).
/// With globalPooling (BigDL's), the window is the whole H x W plane of each input, whatever its size, and
/// the output is [N, C, 1, 1]: kW, kH, dW and dH are then not used, and padding must be 0.
template <typename T>
class SpatialAveragePooling : public TensorModule<T> {
 public:
  /// BigDL's argument order.
  SpatialAveragePooling(int64_t kW, int64_t kH, int64_t dW = 1, int64_t dH = 1, int64_t padW = 0,
                        int64_t padH = 0, bool ceilMode = false, bool countIncludePad = true,
                        bool globalPooling = false)
      : SpatialAveragePooling(SpatialAveragePoolingOptions{kW, kH, dW, dH, padW, padH, ceilMode,
                                                           countIncludePad, globalPooling}) {}
  explicit SpatialAveragePooling(const SpatialAveragePoolingOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit SpatialAveragePooling(const Attributes& a)
      : SpatialAveragePooling(optionsFrom<SpatialAveragePoolingOptions>(a, "SpatialAveragePooling")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SpatialAveragePoolingOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  /// Checks the input's shape and sets the window (kH_ ... dW_: the options', or the plane under
  /// globalPooling), planes_, inH_, inW_, outH_ and outW_.
  void checkInput(const Tensor<T>& input);
  /// The window of output (oy, ox), clipped to the input, and the divisor of its sum.
  struct Window {
    int64_t yStart, yEnd, xStart, xEnd;
    T divisor;
  };
  Window window(int64_t oy, int64_t ox) const;

  SpatialAveragePoolingOptions options_;
  // Geometry of the last input seen: planes_ = N*C.
  int64_t kH_ = 0, kW_ = 0, dH_ = 0, dW_ = 0;
  int64_t planes_ = 0, inH_ = 0, inW_ = 0, outH_ = 0, outW_ = 0;
};

extern template class SpatialAveragePooling<float>;
extern template class SpatialAveragePooling<double>;

}  // namespace ringdl
