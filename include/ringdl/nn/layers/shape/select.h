// Select<T>: BigDL's Select(dimension, index) with 0-based dimension and index: the input's slice at index
// along dimension, which disappears from the shape, as a view.
#pragma once

#include "ringdl/nn/layers/shape/input_view.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct SelectOptions {
  int64_t dimension = 0, index = 0;
  template <typename V>
  void fields(V& v) {
    v("dimension", dimension, kRequired);
    v("index", index, kRequired);
  }
};

template <typename T>
class Select : public InputView<T> {
 public:
  /// A negative dimension or index counts from the end (-1: the last).
  Select(int64_t dimension, int64_t index) : Select(SelectOptions{dimension, index}) {}
  explicit Select(const SelectOptions& options) : InputView<T>("Select"), options_(options) {}
  explicit Select(const Attributes& a) : Select(optionsFrom<SelectOptions>(a, "Select")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SelectOptions& options() const { return options_; }

 protected:
  Tensor<T> region(const Tensor<T>& x) const override;

 private:
  SelectOptions options_;
};

extern template class Select<float>;
extern template class Select<double>;

}  // namespace ringdl
