// Reverse<T>: BigDL's Reverse(dimension): the input in reverse order along dimension (0-based); backward
// reverses the gradient.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct ReverseOptions {
  int64_t dimension = 0;
  template <typename V>
  void fields(V& v) {
    v("dimension", dimension);
  }
};

template <typename T>
class Reverse : public TensorModule<T> {
 public:
  /// A negative dimension counts from the end. (BigDL's isInplace is not offered: the output is a buffer of
  /// the layer's own.)
  explicit Reverse(int64_t dimension = 0) : Reverse(ReverseOptions{dimension}) {}
  explicit Reverse(const ReverseOptions& options) : TensorModule<T>("Reverse"), options_(options) {}
  explicit Reverse(const Attributes& a) : Reverse(optionsFrom<ReverseOptions>(a, "Reverse")) {}

  Attributes config() const override { return attributesOf(options_); }
  const ReverseOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  void reversedInto(const Tensor<T>& x, Tensor<T>& buffer, Tensor<T>& out) const;

  ReverseOptions options_;
  Tensor<T> out_, grad_;
};

extern template class Reverse<float>;
extern template class Reverse<double>;

}  // namespace ringdl
