// CDivTable<T>: {x0, x1} -> x0 / x1, element-wise, for two Tensors of one shape (BigDL's CDivTable). A zero
// in x1 gives inf or nan, as in BigDL and PyTorch: the divisor is data, not checked.
#pragma once

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct CDivTableOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class CDivTable : public TableToTensor<T> {
 public:
  CDivTable() : TableToTensor<T>("CDivTable", TableEntries::exactly(2).ofOneShape()) {}
  explicit CDivTable(const CDivTableOptions&) : CDivTable() {}
  explicit CDivTable(const Attributes& a) : CDivTable(optionsFrom<CDivTableOptions>(a, "CDivTable")) {}

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;
};

extern template class CDivTable<float>;
extern template class CDivTable<double>;

}  // namespace ringdl
