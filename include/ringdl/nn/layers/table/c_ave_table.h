// CAveTable<T>: the element-wise mean of a Table of same-shaped Tensors (BigDL's CAveTable). BigDL's inplace
// option is not offered, as for CAddTable: the mean would overwrite entry 0, another node's output in a
// Graph.
#pragma once

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct CAveTableOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class CAveTable : public TableToTensor<T> {
 public:
  CAveTable() : TableToTensor<T>("CAveTable", TableEntries::atLeast(1).ofOneShape()) {}
  explicit CAveTable(const CAveTableOptions&) : CAveTable() {}
  explicit CAveTable(const Attributes& a) : CAveTable(optionsFrom<CAveTableOptions>(a, "CAveTable")) {}

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;
};

extern template class CAveTable<float>;
extern template class CAveTable<double>;

}  // namespace ringdl
