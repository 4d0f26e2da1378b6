// Sequential<T>: a container that feeds each child's output to the next.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "ringdl/nn/module.h"

namespace ringdl {

template <typename T>
class Sequential : public Module<T> {
 public:
  Sequential() : Module<T>("Sequential") {}

  /// Appends a module; an unnamed child is named by its position ("0", "1", ...), which is also its
  /// parameter-name prefix ("3.weight").
  Sequential& add(ModulePtr<T> module);
  /// Constructs and appends a module: seq.emplace<Linear<float>>(784, 10).
  template <typename M, typename... Args>
  Sequential& emplace(Args&&... args) {
    return add(std::make_shared<M>(std::forward<Args>(args)...));
  }

  size_t size() const { return modules_.size(); }
  const ModulePtr<T>& at(size_t i) const { return modules_.at(i); }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;
  void accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) override;
  std::vector<Module<T>*> children() override;

 private:
  std::vector<ModulePtr<T>> modules_;
};

extern template class Sequential<float>;
extern template class Sequential<double>;

}  // namespace ringdl
