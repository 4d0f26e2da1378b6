// CAddTable<T>: the element-wise sum of a Table of same-shaped Tensors (BigDL's CAddTable), as a residual
// connection adds a block's output to its input. BigDL's inplace option (the sum overwrites entry 0) is not
// offered: in a Graph, entry 0 is another node's output, which other nodes may still read.
#pragma once

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct CAddTableOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class CAddTable : public TableToTensor<T> {
 public:
  CAddTable() : TableToTensor<T>("CAddTable", TableEntries::atLeast(1).ofOneShape()) {}
  explicit CAddTable(const CAddTableOptions&) : CAddTable() {}
  explicit CAddTable(const Attributes& a) : CAddTable(optionsFrom<CAddTableOptions>(a, "CAddTable")) {}

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;
};

extern template class CAddTable<float>;
extern template class CAddTable<double>;

}  // namespace ringdl
