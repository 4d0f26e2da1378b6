// Bottle<T>: runs a module that takes nInputDim dimensions on inputs with more, by folding the extra leading
// dimensions into the first one and unfolding the module's output (BigDL's Bottle): Bottle(Linear(4, 2), 2)
// takes [A, B, 4] as [A*B, 4] and gives [A, B, 2]. The module's output must have nOutputDim dimensions. An
// input with at most nInputDim dimensions goes to the module as it is.
#pragma once

#include <optional>

#include "ringdl/nn/container.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct BottleOptions {
  int64_t nInputDim = 2;
  std::optional<int64_t> nOutputDim;  ///< unset: nInputDim
  template <typename V>
  void fields(V& v) {
    v("nInputDim", nInputDim);
    v("nOutputDim", nOutputDim);
  }
};

template <typename T>
class Bottle : public Container<T> {
 public:
  /// nOutputDim < 1: the same as nInputDim.
  explicit Bottle(ModulePtr<T> module, int64_t nInputDim = 2, int64_t nOutputDim = 0);
  explicit Bottle(const BottleOptions& options);
  explicit Bottle(const Attributes& a) : Bottle(optionsFrom<BottleOptions>(a, "Bottle")) {}

  /// Sets the module (once: a Bottle has one child).
  Bottle& add(ModulePtr<T> module) override;
  const ModulePtr<T>& module() const { return this->at(0); }
  Attributes config() const override { return attributesOf(options_); }
  const BottleOptions& options() const { return options_; }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  int64_t nOutputDim() const { return options_.nOutputDim.value_or(options_.nInputDim); }

  BottleOptions options_;
  bool folded_ = false;    // the last forward folded its input
  Tensor<T> foldedInput_;  // what the module was given then
  Shape moduleOutput_;     // and the shape of what it gave
};

extern template class Bottle<float>;
extern template class Bottle<double>;

}  // namespace ringdl
