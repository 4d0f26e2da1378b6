// OptimMethod<T>: an update rule on the flat weight and gradient buffers (BigDL's OptimMethod). Its state
// (step count, momentum buffers, Adam moments, the schedule's state) is a typed struct of named tensors, so
// checkpoints keep it whole. Every method owns a learning-rate schedule (optim/learning_rate_schedule.h,
// BigDL's learningRateSchedule; Default unless set), which gives the learning rate of each update from the
// method's learningRate and learningRateDecay options: a method reads currentLearningRate() in update() and
// needs no code of its own for schedules.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ringdl/nn/attributes.h"
#include "ringdl/optim/learning_rate_schedule.h"
#include "ringdl/optim/training_state.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl {

template <typename T>
struct OptimState {
  int64_t step = 0;                          ///< updates applied so far
  std::map<std::string, Tensor<T>> tensors;  ///< per-element buffers ("momentum", "m", "v", ...)
  /// Numbers that are not per element, kept in double so a resumed run continues bit for bit (LBFGS's step
  /// length and curvature scale).
  std::map<std::string, double> scalars;
  /// The learning-rate schedule's state: the epoch last reported ("epoch") and what the schedule keeps
  /// (Plateau's best value and counters).
  ScheduleState schedule;
};

/// One parameter tensor's place in the flat buffers: elements [begin, end), under its dotted name.
struct ParamSpan {
  std::string name;
  int64_t begin = 0;
  int64_t end = 0;
  int64_t size() const { return end - begin; }
};

/// Evaluates the loss at the current weights and writes its gradient into the gradient buffer given with
/// them (BigDL's feval, PyTorch's closure).
using LossFunction = std::function<double()>;

template <typename T>
class OptimMethod {
 public:
  explicit OptimMethod(std::string typeName)
      : typeName_(std::move(typeName)), schedule_(std::make_shared<schedule::Default>()) {}
  virtual ~OptimMethod() = default;

  /// Applies one update to weights in place, given the gradient of the loss (same size, both contiguous).
  virtual void update(Tensor<T>& weights, const Tensor<T>& grads) = 0;
  /// One training step (BigDL's optimize(feval, parameter)): feval() evaluates the loss at `weights` and
  /// fills `grads`. Methods that evaluate several times per step (LBFGS) override it; the rest evaluate once
  /// and update(). Returns the loss of the first evaluation, at the weights the step started from.
  virtual double optimize(const LossFunction& feval, Tensor<T>& weights, Tensor<T>& grads) {
    const double loss = feval();
    update(weights, grads);
    return loss;
  }
  /// Where each parameter tensor lies in the buffers update() is given; engines call it before training.
  /// Per-tensor methods (LarsSGD) need it; without it the whole buffer counts as one tensor.
  virtual void setParameterLayout(const std::vector<ParamSpan>& layout) { (void)layout; }
  /// Whether update() treats every element on its own given its state, so a slice of the buffers can be
  /// updated by itself (DistriOptions::shardOptimizerState, per-submodule methods). Otherwise the reason
  /// why not, for an error message.
  virtual std::string elementwiseProblem() const { return ""; }
  /// Whether a step evaluates the loss once (feval, then update()); LBFGS evaluates it several times.
  virtual bool evaluatesOnce() const { return true; }
  /// The learning rate the next update() will use: the schedule's, from the learningRate and
  /// learningRateDecay options of config() (a method without a learningRate option is an Error here).
  virtual double currentLearningRate() const;
  /// Sets the learning-rate schedule (BigDL's learningRateSchedule); nullptr restores Default.
  OptimMethod& setLearningRateSchedule(LearningRateSchedulePtr schedule);
  const LearningRateSchedulePtr& learningRateSchedule() const { return schedule_; }
  /// Called by the training engine before every update with where training stands: notes the epoch and lets
  /// the schedule follow the loss and validation results (Plateau).
  virtual void updateHyperParameter(const TrainingState& training);
  /// Hyper-parameters, enough to rebuild this method with createOptimMethod() (optim/registry.h).
  virtual Attributes config() const = 0;

  const std::string& typeName() const { return typeName_; }
  const OptimState<T>& state() const { return state_; }
  /// Restores a saved state; buffer sizes are checked against the weights at the next update().
  void setState(OptimState<T> state) { state_ = std::move(state); }

 protected:
  OptimState<T> state_;

 private:
  ScheduleContext scheduleContext() const;

  std::string typeName_;
  LearningRateSchedulePtr schedule_;
};

template <typename T>
using OptimMethodPtr = std::shared_ptr<OptimMethod<T>>;

extern template class OptimMethod<float>;
extern template class OptimMethod<double>;

}  // namespace ringdl
