// FlattenTable<T>: BigDL's FlattenTable: a Table nested to any depth becomes the flat Table of its Tensors,
// in depth-first order, shared rather than copied; backward gives the gradients the input's nesting back.
#pragma once

#include "ringdl/nn/module.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct FlattenTableOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class FlattenTable : public Module<T> {
 public:
  FlattenTable() : Module<T>("FlattenTable") {}
  explicit FlattenTable(const FlattenTableOptions&) : FlattenTable() {}
  explicit FlattenTable(const Attributes& a)
      : FlattenTable(optionsFrom<FlattenTableOptions>(a, "FlattenTable")) {}

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;
};

extern template class FlattenTable<float>;
extern template class FlattenTable<double>;

}  // namespace ringdl
