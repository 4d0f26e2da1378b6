// ReLU<T>: y = max(x, 0), element-wise on any shape.
#pragma once

#include "ringdl/nn/tensor_module.h"

namespace ringdl {

template <typename T>
class ReLU : public TensorModule<T> {
 public:
  ReLU() : TensorModule<T>("ReLU") {}
  explicit ReLU(const Attributes&) : ReLU() {}

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
};

extern template class ReLU<float>;
extern template class ReLU<double>;

}  // namespace ringdl
