// Concat<T>: applies every child to the same input and concatenates their output Tensors along one dimension
// (BigDL's Concat, dimension 0-based and counted on the whole tensor, batch included: 1 joins the channels of
// [N, C, H, W]); backward gives each child its slice of gradOutput and sums their gradInputs.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "ringdl/nn/container.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct ConcatOptions {
  int64_t dimension = 0;
  template <typename V>
  void fields(V& v) {
    v("dimension", dimension, kRequired);
  }
};

template <typename T>
class Concat : public Container<T> {
 public:
  explicit Concat(int64_t dimension) : Concat(ConcatOptions{dimension}) {}
  explicit Concat(const ConcatOptions& options);
  explicit Concat(const Attributes& a) : Concat(optionsFrom<ConcatOptions>(a, "Concat")) {}

  Concat& add(ModulePtr<T> module) override {
    Container<T>::add(std::move(module));
    return *this;
  }
  /// Constructs and appends a child: c.emplace<SpatialConvolution<float>>(3, 8, 1, 1).
  template <typename M, typename... Args>
  Concat& emplace(Args&&... args) {
    return add(std::make_shared<M>(std::forward<Args>(args)...));
  }
  Attributes config() const override { return attributesOf(options_); }
  const ConcatOptions& options() const { return options_; }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  ConcatOptions options_;
  std::vector<int64_t> offsets_;     // per child: where its output starts along the dimension; then the total
  std::vector<Tensor<T>> gathered_;  // per child: its part of gradOutput when it is not a view (owned)
  Activity<T> sum_;                  // the summed gradInput, owned
};

extern template class Concat<float>;
extern template class Concat<double>;

}  // namespace ringdl
