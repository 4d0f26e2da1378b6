// ConcatTable<T>: applies every child to the same input and outputs the Table of their outputs (BigDL's
// ConcatTable); backward sums the children's gradInputs (Tensors, or Tables entry by entry).
#pragma once

#include <memory>
#include <utility>

#include "ringdl/nn/container.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct ConcatTableOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class ConcatTable : public Container<T> {
 public:
  ConcatTable() : Container<T>("ConcatTable") {}
  explicit ConcatTable(const Attributes& a) : ConcatTable() {
    optionsFrom<ConcatTableOptions>(a, "ConcatTable");
  }

  ConcatTable& add(ModulePtr<T> module) override {
    Container<T>::add(std::move(module));
    return *this;
  }
  /// Constructs and appends a child: c.emplace<Linear<float>>(4, 2).
  template <typename M, typename... Args>
  ConcatTable& emplace(Args&&... args) {
    return add(std::make_shared<M>(std::forward<Args>(args)...));
  }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  Activity<T> sum_;  // the summed gradInput, owned (children's gradInputs are never written into)
};

extern template class ConcatTable<float>;
extern template class ConcatTable<double>;

}  // namespace ringdl
