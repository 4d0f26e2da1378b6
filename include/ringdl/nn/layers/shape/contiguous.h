// Contiguous<T>: BigDL's Contiguous: the input itself when it is contiguous, otherwise a contiguous copy in a
// buffer the layer reuses (after a Transpose, before code that wants plain row-major memory).
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct ContiguousOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class Contiguous : public TensorModule<T> {
 public:
  Contiguous() : TensorModule<T>("Contiguous") {}
  explicit Contiguous(const ContiguousOptions&) : Contiguous() {}
  explicit Contiguous(const Attributes& a) : Contiguous(optionsFrom<ContiguousOptions>(a, "Contiguous")) {}

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  Tensor<T> outputCopy_, gradCopy_;  // owned buffers, so a copy never lands in a tensor handed in
};

extern template class Contiguous<float>;
extern template class Contiguous<double>;

}  // namespace ringdl
