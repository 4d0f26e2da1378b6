// ConfiguredMethod<T, O>: the family base of optim methods configured by an options struct O with fields()
// (nn/options.h): config() and options() from O, the checks every update() makes, and the per-element
// state buffers each method keeps under its own names.
#pragma once

#include <string>

#include "ringdl/nn/options.h"
#include "ringdl/optim/optim_method.h"
#include "ringdl/util/error.h"

namespace ringdl {

template <typename T, typename O>
class ConfiguredMethod : public OptimMethod<T> {
 public:
  ConfiguredMethod(std::string typeName, const O& options)
      : OptimMethod<T>(std::move(typeName)), options_(options) {}

  Attributes config() const override { return attributesOf(options_); }
  const O& options() const { return options_; }

 protected:
  /// The contiguous, equally sized buffers update() needs; an Error naming the method otherwise.
  void checkBuffers(const Tensor<T>& weights, const Tensor<T>& grads) const {
    RINGDL_CHECK(weights.numel() == grads.numel() && weights.isContiguous() && grads.isContiguous(),
                 this->typeName(), "::update needs contiguous weights and gradients of equal size, got ",
                 weights.numel(), " and ", grads.numel());
  }
  /// The state buffer `name` of n elements, created filled with `init` the first time; one of another size
  /// is an Error (a state restored for another model).
  Tensor<T>& buffer(const std::string& name, int64_t n, T init = 0) {
    auto it = this->state_.tensors.find(name);
    if (it == this->state_.tensors.end())
      it = this->state_.tensors.emplace(name, Tensor<T>::full({n}, init)).first;
    RINGDL_CHECK(it->second.numel() == n && it->second.isContiguous(), this->typeName(), "'s '", name,
                 "' state has ", it->second.numel(), " elements but the model has ", n,
                 " parameters; the optimizer state belongs to another model");
    return it->second;
  }

  O options_;
};

}  // namespace ringdl
