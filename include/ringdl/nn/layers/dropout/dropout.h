// Dropout<T>: BigDL's Dropout(initP, inplace, scale): in training zeroes each element with probability p and
// (with scale) multiplies the survivors by 1/(1-p) (inverted dropout); in evaluate() it is the identity (or,
// without scale, multiplies by 1-p). The mask comes from Random::global(), so a run is reproducible from its
// seed.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct DropoutOptions {
  double p = 0.5;
  bool inplace = false, scale = true;
  template <typename V>
  void fields(V& v) {
    v("p", p);
    v("inplace", inplace);
    v("scale", scale);
  }
};

template <typename T>
class Dropout : public TensorModule<T> {
 public:
  /// p in [0, 1). inplace: the output overwrites a contiguous input and gradInput overwrites gradOutput,
  /// saving memory; do not use it after a layer whose backward reads its own output (Tanh, Sigmoid, SoftMax,
  /// LogSoftMax), since that output is what gets overwritten.
  explicit Dropout(double p = 0.5, bool inplace = false, bool scale = true)
      : Dropout(DropoutOptions{p, inplace, scale}) {}
  explicit Dropout(const DropoutOptions& options);
  explicit Dropout(const Attributes& a) : Dropout(optionsFrom<DropoutOptions>(a, "Dropout")) {}

  Dropout& setP(double p);
  double p() const { return options_.p; }
  bool inplace() const { return options_.inplace; }
  bool scale() const { return options_.scale; }
  Attributes config() const override { return attributesOf(options_); }
  const DropoutOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  /// output = x * factor, into x itself when in place.
  void scaleInto(const Tensor<T>& x, Tensor<T>& out, T factor);

  DropoutOptions options_;
  Tensor<T> noise_;  // the training mask: 0 or the survivor scale, per element
};

extern template class Dropout<float>;
extern template class Dropout<double>;

}  // namespace ringdl
