// DotProduct<T>: {a, b} -> the dot product of each row, for a and b of one shape [N, D] (output [N]) or [D]
// (output [1], as BigDL gives) (BigDL's DotProduct).
#pragma once

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct DotProductOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class DotProduct : public TableToTensor<T> {
 public:
  DotProduct() : TableToTensor<T>("DotProduct", TableEntries::exactly({"a", "b"}).ofOneShape()) {}
  explicit DotProduct(const DotProductOptions&) : DotProduct() {}
  explicit DotProduct(const Attributes& a) : DotProduct(optionsFrom<DotProductOptions>(a, "DotProduct")) {}

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;
};

extern template class DotProduct<float>;
extern template class DotProduct<double>;

}  // namespace ringdl
