// CAddTable<T>: the element-wise sum of a Table of same-shaped Tensors (BigDL's CAddTable), as a residual
// connection adds a block's output to its input.
#pragma once

#include "ringdl/nn/module.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct CAddTableOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class CAddTable : public Module<T> {
 public:
  CAddTable() : Module<T>("CAddTable") {}
  explicit CAddTable(const Attributes& a) : CAddTable() { optionsFrom<CAddTableOptions>(a, "CAddTable"); }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;
};

extern template class CAddTable<float>;
extern template class CAddTable<double>;

}  // namespace ringdl
