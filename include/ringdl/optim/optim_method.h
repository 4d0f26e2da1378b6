// OptimMethod<T>: an update rule on the flat weight and gradient buffers (BigDL's OptimMethod). Its state
// (step count, momentum buffers, Adam moments) is a typed struct of named tensors, so checkpoints keep it
// whole.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "ringdl/nn/attributes.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl {

template <typename T>
struct OptimState {
  int64_t step = 0;                          ///< updates applied so far
  std::map<std::string, Tensor<T>> tensors;  ///< per-element buffers ("momentum", "m", "v", ...)
};

template <typename T>
class OptimMethod {
 public:
  explicit OptimMethod(std::string typeName) : typeName_(std::move(typeName)) {}
  virtual ~OptimMethod() = default;

  /// Applies one update to weights in place, given the gradient of the loss (same size, both contiguous).
  virtual void update(Tensor<T>& weights, const Tensor<T>& grads) = 0;
  /// The learning rate the next update() will use (after decay and schedules).
  virtual double currentLearningRate() const = 0;
  /// Hyper-parameters, enough to rebuild this method with createOptimMethod() (optim/registry.h).
  virtual Attributes config() const = 0;

  const std::string& typeName() const { return typeName_; }
  const OptimState<T>& state() const { return state_; }
  /// Restores a saved state; buffer sizes are checked against the weights at the next update().
  void setState(OptimState<T> state) { state_ = std::move(state); }

 protected:
  OptimState<T> state_;

 private:
  std::string typeName_;
};

template <typename T>
using OptimMethodPtr = std::shared_ptr<OptimMethod<T>>;

}  // namespace ringdl
