// Flatten<T>: BigDL's Keras-style Flatten: keeps the batch dimension and flattens the rest, [N, d1, ..., dk]
// to [N, d1 * ... * dk]; a view whenever the input is contiguous.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct FlattenOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class Flatten : public TensorModule<T> {
 public:
  Flatten() : TensorModule<T>("Flatten") {}
  explicit Flatten(const FlattenOptions&) : Flatten() {}
  explicit Flatten(const Attributes& a) : Flatten(optionsFrom<FlattenOptions>(a, "Flatten")) {}

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
};

extern template class Flatten<float>;
extern template class Flatten<double>;

}  // namespace ringdl
