// Identity<T>: BigDL's Identity: the output is the input, Tensor or Table, and gradInput is gradOutput, both
// passed on without a copy (a branch that keeps its input in a ConcatTable or a Graph).
#pragma once

#include "ringdl/nn/module.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct IdentityOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class Identity : public Module<T> {
 public:
  Identity() : Module<T>("Identity") {}
  explicit Identity(const IdentityOptions&) : Identity() {}
  explicit Identity(const Attributes& a) : Identity(optionsFrom<IdentityOptions>(a, "Identity")) {}

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;
};

extern template class Identity<float>;
extern template class Identity<double>;

}  // namespace ringdl
