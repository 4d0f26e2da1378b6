// CSubTable<T>: {x0, x1} -> x0 - x1, element-wise, for two Tensors of one shape (BigDL's CSubTable).
#pragma once

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct CSubTableOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class CSubTable : public TableToTensor<T> {
 public:
  CSubTable() : TableToTensor<T>("CSubTable", TableEntries::exactly(2).ofOneShape()) {}
  explicit CSubTable(const CSubTableOptions&) : CSubTable() {}
  explicit CSubTable(const Attributes& a) : CSubTable(optionsFrom<CSubTableOptions>(a, "CSubTable")) {}

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;
};

extern template class CSubTable<float>;
extern template class CSubTable<double>;

}  // namespace ringdl
