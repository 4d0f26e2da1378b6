// SpatialZeroPadding<T>: BigDL's SpatialZeroPadding(padLeft, padRight, padTop, padBottom): zeros around each
// plane of [C, H, W] or [N, C, H, W]; a negative pad crops instead, as in Torch.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct SpatialZeroPaddingOptions {
  int64_t padLeft = 0, padRight = 0, padTop = 0, padBottom = 0;
  template <typename V>
  void fields(V& v) {
    v("padLeft", padLeft, kRequired);
    v("padRight", padRight, kRequired);
    v("padTop", padTop, kRequired);
    v("padBottom", padBottom, kRequired);
  }
};

template <typename T>
class SpatialZeroPadding : public TensorModule<T> {
 public:
  SpatialZeroPadding(int64_t padLeft, int64_t padRight, int64_t padTop, int64_t padBottom)
      : SpatialZeroPadding(SpatialZeroPaddingOptions{padLeft, padRight, padTop, padBottom}) {}
  explicit SpatialZeroPadding(const SpatialZeroPaddingOptions& options)
      : TensorModule<T>("SpatialZeroPadding"), options_(options) {}
  explicit SpatialZeroPadding(const Attributes& a)
      : SpatialZeroPadding(optionsFrom<SpatialZeroPaddingOptions>(a, "SpatialZeroPadding")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SpatialZeroPaddingOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  /// The part of the input that is kept and where it lands in the output, along H and W.
  struct Overlap {
    int64_t inY, inX, outY, outX, h, w;
    Shape outShape;
  };
  Overlap overlap(const Tensor<T>& input) const;

  SpatialZeroPaddingOptions options_;
  Tensor<T> out_, grad_;
};

extern template class SpatialZeroPadding<float>;
extern template class SpatialZeroPadding<double>;

}  // namespace ringdl
