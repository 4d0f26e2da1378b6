// CMinTable<T>: the element-wise minimum over a Table of same-shaped Tensors (BigDL's CMinTable). The
// gradient goes to the entry that won each element; on a tie, to the first of the tied entries (BigDL's
// rule).
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct CMinTableOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class CMinTable : public TableToTensor<T> {
 public:
  CMinTable() : TableToTensor<T>("CMinTable", TableEntries::atLeast(1).ofOneShape()) {}
  explicit CMinTable(const CMinTableOptions&) : CMinTable() {}
  explicit CMinTable(const Attributes& a) : CMinTable(optionsFrom<CMinTableOptions>(a, "CMinTable")) {}

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;

 private:
  std::vector<int32_t> winner_;  // per element of the last forward, the entry holding the minimum
};

extern template class CMinTable<float>;
extern template class CMinTable<double>;

}  // namespace ringdl
