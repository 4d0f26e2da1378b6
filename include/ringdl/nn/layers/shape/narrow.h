// Narrow<T>: BigDL's Narrow(dimension, offset, length) with 0-based dimension and offset: the output is the
// input's entries offset .. offset + length - 1 along dimension, as a view.
#pragma once

#include "ringdl/nn/layers/shape/input_view.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct NarrowOptions {
  int64_t dimension = 0, offset = 0, length = 1;
  template <typename V>
  void fields(V& v) {
    v("dimension", dimension, kRequired);
    v("offset", offset, kRequired);
    v("length", length);
  }
};

template <typename T>
class Narrow : public InputView<T> {
 public:
  /// A negative dimension or offset counts from the end (-1: the last); a negative length leaves that many
  /// entries less one at the end (-1: up to the last entry), as BigDL.
  Narrow(int64_t dimension, int64_t offset, int64_t length = 1)
      : Narrow(NarrowOptions{dimension, offset, length}) {}
  explicit Narrow(const NarrowOptions& options);
  explicit Narrow(const Attributes& a) : Narrow(optionsFrom<NarrowOptions>(a, "Narrow")) {}

  Attributes config() const override { return attributesOf(options_); }
  const NarrowOptions& options() const { return options_; }

 protected:
  Tensor<T> region(const Tensor<T>& x) const override;

 private:
  NarrowOptions options_;
};

extern template class Narrow<float>;
extern template class Narrow<double>;

}  // namespace ringdl
