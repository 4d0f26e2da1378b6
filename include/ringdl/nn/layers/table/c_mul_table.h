// CMulTable<T>: the element-wise product of a Table of same-shaped Tensors (BigDL's CMulTable).
#pragma once

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct CMulTableOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class CMulTable : public TableToTensor<T> {
 public:
  CMulTable() : TableToTensor<T>("CMulTable", TableEntries::atLeast(1).ofOneShape()) {}
  explicit CMulTable(const CMulTableOptions&) : CMulTable() {}
  explicit CMulTable(const Attributes& a) : CMulTable(optionsFrom<CMulTableOptions>(a, "CMulTable")) {}

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;

 private:
  Tensor<T> suffix_;  // backward's running product of the later entries
};

extern template class CMulTable<float>;
extern template class CMulTable<double>;

}  // namespace ringdl
