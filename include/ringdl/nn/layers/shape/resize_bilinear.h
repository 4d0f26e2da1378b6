// ResizeBilinear<T>: BigDL's ResizeBilinear(outputHeight, outputWidth, alignCorners): bilinear resizing of
// [N, C, H, W] with TensorFlow's (and BigDL's) sampling: output pixel y reads input row y * scale, scale =
// in / out, or (in - 1) / (out - 1) with alignCorners; no half-pixel offset (PyTorch's align_corners=False
// differs).
#pragma once

#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct ResizeBilinearOptions {
  int64_t outputHeight = 1, outputWidth = 1;
  bool alignCorners = false;
  template <typename V>
  void fields(V& v) {
    v("outputHeight", outputHeight, kRequired);
    v("outputWidth", outputWidth, kRequired);
    v("alignCorners", alignCorners);
  }
};

template <typename T>
class ResizeBilinear : public TensorModule<T> {
 public:
  ResizeBilinear(int64_t outputHeight, int64_t outputWidth, bool alignCorners = false)
      : ResizeBilinear(ResizeBilinearOptions{outputHeight, outputWidth, alignCorners}) {}
  explicit ResizeBilinear(const ResizeBilinearOptions& options);
  explicit ResizeBilinear(const Attributes& a)
      : ResizeBilinear(optionsFrom<ResizeBilinearOptions>(a, "ResizeBilinear")) {}

  Attributes config() const override { return attributesOf(options_); }
  const ResizeBilinearOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  /// Where an output row (or column) reads: the two input rows and the weight of the second.
  struct Tap {
    int64_t lo, hi;
    double frac;
  };
  std::vector<Tap> taps(int64_t in, int64_t out) const;
  void checkInput(const Tensor<T>& input) const;

  ResizeBilinearOptions options_;
  Tensor<T> out_, grad_;
};

extern template class ResizeBilinear<float>;
extern template class ResizeBilinear<double>;

}  // namespace ringdl
