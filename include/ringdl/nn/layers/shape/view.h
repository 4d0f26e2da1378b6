// View<T>: BigDL's View(sizes): views each sample with the given sizes (one may be -1, inferred), prepending
// a batch dimension when the input holds several samples; a copy-free view whenever the input is contiguous.
#pragma once

#include <utility>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct ViewOptions {
  Shape sizes;
  int64_t numInputDims = 0;  ///< see View::setNumInputDims
  template <typename V>
  void fields(V& v) {
    v("sizes", sizes, kRequired);
    v("numInputDims", numInputDims);
  }
};

template <typename T>
class View : public TensorModule<T> {
 public:
  /// sizes: positive, except at most one -1.
  explicit View(Shape sizes) : View(ViewOptions{std::move(sizes)}) {}
  explicit View(ViewOptions options);
  explicit View(const Attributes& a) : View(optionsFrom<ViewOptions>(a, "View")) {}

  /// The number of trailing input dimensions that make up one sample (0, the default: all of them). With it
  /// set, leading dimensions are always the batch, so View({-1}).setNumInputDims(3) flattens [N, C, H, W] to
  /// [N, C*H*W] even when N is 1.
  View& setNumInputDims(int64_t numInputDims);
  int64_t numInputDims() const { return options_.numInputDims; }
  const Shape& sizes() const { return options_.sizes; }
  Attributes config() const override { return attributesOf(options_); }
  const ViewOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  /// The output shape for this input, with the batch size (if any) prepended and -1 resolved.
  Shape outputShape(const Tensor<T>& input) const;

  ViewOptions options_;
  int64_t knownElements_ = 1;  // product of the sizes other than -1
  bool infers_ = false;        // one size is -1
};

extern template class View<float>;
extern template class View<double>;

}  // namespace ringdl
