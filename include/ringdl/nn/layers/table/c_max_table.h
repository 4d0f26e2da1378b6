// CMaxTable<T>: the element-wise maximum over a Table of same-shaped Tensors (BigDL's CMaxTable). The
// gradient goes to the entry that won each element; on a tie, to the first of the tied entries (BigDL's
// rule).
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct CMaxTableOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class CMaxTable : public TableToTensor<T> {
 public:
  CMaxTable() : TableToTensor<T>("CMaxTable", TableEntries::atLeast(1).ofOneShape()) {}
  explicit CMaxTable(const CMaxTableOptions&) : CMaxTable() {}
  explicit CMaxTable(const Attributes& a) : CMaxTable(optionsFrom<CMaxTableOptions>(a, "CMaxTable")) {}

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;

 private:
  std::vector<int32_t> winner_;  // per element of the last forward, the entry holding the maximum
};

extern template class CMaxTable<float>;
extern template class CMaxTable<double>;

}  // namespace ringdl
