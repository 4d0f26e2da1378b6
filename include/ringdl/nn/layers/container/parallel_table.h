// ParallelTable<T>: child i applied to entry i of a Table input; the output is the Table of their outputs
// (BigDL's ParallelTable, entries 0-based) and backward goes entry by entry.
#pragma once

#include <memory>
#include <utility>

#include "ringdl/nn/container.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct ParallelTableOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class ParallelTable : public Container<T> {
 public:
  ParallelTable() : Container<T>("ParallelTable") {}
  explicit ParallelTable(const Attributes& a) : ParallelTable() {
    optionsFrom<ParallelTableOptions>(a, "ParallelTable");
  }

  ParallelTable& add(ModulePtr<T> module) override {
    Container<T>::add(std::move(module));
    return *this;
  }
  /// Constructs and appends a child: p.emplace<Linear<float>>(4, 2).
  template <typename M, typename... Args>
  ParallelTable& emplace(Args&&... args) {
    return add(std::make_shared<M>(std::forward<Args>(args)...));
  }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  /// The Table of one entry per child that `what` (input or gradOutput) must be; an Error otherwise.
  const std::vector<Activity<T>>& entries(const Activity<T>& a, const char* what) const;
};

extern template class ParallelTable<float>;
extern template class ParallelTable<double>;

}  // namespace ringdl
