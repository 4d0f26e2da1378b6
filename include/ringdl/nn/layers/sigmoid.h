// Sigmoid<T>: y = 1 / (1 + exp(-x)), element-wise on any shape.
#pragma once

#include "ringdl/nn/tensor_module.h"

namespace ringdl {

template <typename T>
class Sigmoid : public TensorModule<T> {
 public:
  Sigmoid() : TensorModule<T>("Sigmoid") {}
  explicit Sigmoid(const Attributes&) : Sigmoid() {}

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  /// Uses the layer's own output, so backward must follow the forward of the same input.
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
};

extern template class Sigmoid<float>;
extern template class Sigmoid<double>;

}  // namespace ringdl
