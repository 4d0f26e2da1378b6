// Tanh<T>: y = tanh(x), element-wise on any shape.
#pragma once

#include "ringdl/nn/tensor_module.h"

namespace ringdl {

template <typename T>
class Tanh : public TensorModule<T> {
 public:
  Tanh() : TensorModule<T>("Tanh") {}
  explicit Tanh(const Attributes&) : Tanh() {}

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  /// Uses the layer's own output, so backward must follow the forward of the same input.
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
};

extern template class Tanh<float>;
extern template class Tanh<double>;

}  // namespace ringdl
