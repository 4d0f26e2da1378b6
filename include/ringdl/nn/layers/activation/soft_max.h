// SoftMax<T>: a numerically stable (max-subtracted) softmax over the class dimension: the last dimension of
// [C] or [N, C], the channel dimension of [C, H, W] or [N, C, H, W] (BigDL's rule; PyTorch's dim=0 / dim=1).
// SoftMin<T>: softmax(-x) over the same dimension.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

/// SoftMax and SoftMin take no options; the struct is there so that an Attributes with any key is refused.
struct SoftMaxOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class SoftMax : public TensorModule<T> {
 public:
  SoftMax() : TensorModule<T>("SoftMax") {}
  explicit SoftMax(const SoftMaxOptions&) : SoftMax() {}
  explicit SoftMax(const Attributes& a) : SoftMax(optionsFrom<SoftMaxOptions>(a, "SoftMax")) {}

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  /// Uses the layer's own output, so backward must follow the forward of the same input.
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  /// For SoftMin.
  explicit SoftMax(const char* typeName) : TensorModule<T>(typeName) {}
};

template <typename T>
class SoftMin : public SoftMax<T> {
 public:
  SoftMin() : SoftMax<T>("SoftMin") {}
  explicit SoftMin(const SoftMaxOptions&) : SoftMin() {}
  explicit SoftMin(const Attributes& a) : SoftMin(optionsFrom<SoftMaxOptions>(a, "SoftMin")) {}

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  Tensor<T> negated_;
};

extern template class SoftMax<float>;
extern template class SoftMax<double>;
extern template class SoftMin<float>;
extern template class SoftMin<double>;

}  // namespace ringdl
