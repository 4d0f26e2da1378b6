// InputView<T>: the shape family's base for layers whose output is a region of their input (Narrow, Select,
// Cropping2D, Cropping3D): forward is a view, never a copy; backward writes gradOutput into that region of a
// zeroed gradient the layer owns.
#pragma once

#include "ringdl/nn/tensor_module.h"

namespace ringdl {

template <typename T>
class InputView : public TensorModule<T> {
 public:
  using TensorModule<T>::TensorModule;

 protected:
  /// The region of x that is the output, as a view of x (narrow, select); checks x's shape with errors that
  /// name the layer. Called on the input in forward and on a zeroed gradient of the input's shape in
  /// backward.
  virtual Tensor<T> region(const Tensor<T>& x) const = 0;

  void updateOutput(const Tensor<T>& input, Tensor<T>& output) final;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) final;

 private:
  Tensor<T> grad_;  // the gradInput handed out: zeros outside the region
};

extern template class InputView<float>;
extern template class InputView<double>;

}  // namespace ringdl
