// Sequential<T>: a container that feeds each child's output to the next.
#pragma once

#include <memory>
#include <utility>

#include "ringdl/nn/container.h"

namespace ringdl {

template <typename T>
class Sequential : public Container<T> {
 public:
  Sequential() : Container<T>("Sequential") {}
  explicit Sequential(const Attributes&) : Sequential() {}

  Sequential& add(ModulePtr<T> module) override {
    Container<T>::add(std::move(module));
    return *this;
  }
  /// Constructs and appends a module: seq.emplace<Linear<float>>(784, 10).
  template <typename M, typename... Args>
  Sequential& emplace(Args&&... args) {
    return add(std::make_shared<M>(std::forward<Args>(args)...));
  }

  /// The first child never needs its gradInput when the container's is not needed; nor, through any leading
  /// children without trainable parameters (Reshape, activations, frozen layers), does the first child with
  /// trainable parameters: backward stops there, so frozen leading layers cost no backward at all.
  void setGradInputNeeded(bool needed) override;

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;
  void accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  /// The children's forwards in order; with fuse, a convolution absorbs the layers nn/fusion.h names.
  const Activity<T>& forwardChildren(const Activity<T>& input, bool fuse);
};

extern template class Sequential<float>;
extern template class Sequential<double>;

}  // namespace ringdl
