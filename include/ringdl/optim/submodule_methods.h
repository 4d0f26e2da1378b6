// SubmoduleMethods<T>: an optim method per submodule (BigDL's Optimizer.setOptimMethods(name -> method)),
// itself an OptimMethod, so the engines, checkpoints and resumes treat it as any other:
//
//   optimizer.setOptimMethods({{"features", sgd}, {"classifier", adam}});   // or, with the rest under one:
//   optimizer.setOptimMethod(std::make_shared<SubmoduleMethods<float>>(
//       std::vector<SubmoduleMethod<float>>{{"classifier", adam}}, sgd));
//
// A submodule is named by its path (Module::findModule: "classifier", "block1.conv2"); it owns every
// parameter whose name is its path or starts with its path and a dot. Each method updates its submodule's
// elements of the flat buffers (a contiguous range, as getParameters() lays a module's parameters out) with
// its own options, schedule and state; parameters no submodule owns go to the rest method, and without one
// are an Error naming them. A method whose parameters are not one range (the rest, between submodules) gets
// them packed into buffers of its own for the update and copied back. Paths that overlap or name no parameter are Errors too (at the start of
// training, when the engine gives the parameter layout).
//
// The state of method i lives in this method's state under "<i>/<name>" (tensors, scalars and schedule
// state alike), so a checkpoint holds every method's state and a resumed run continues bit for bit. LBFGS,
// which evaluates the loss several times per step, cannot be one of several methods; shard_optimizer_state
// cannot split the methods' ranges across ranks (elementwiseProblem says so).
#pragma once

#include <string>
#include <vector>

#include "ringdl/optim/optim_method.h"

namespace ringdl {

/// One submodule path and the method that updates its parameters.
template <typename T>
struct SubmoduleMethod {
  std::string path;
  OptimMethodPtr<T> method;
};

template <typename T>
class SubmoduleMethods : public OptimMethod<T> {
 public:
  /// `rest` (may be null) updates the parameters no entry owns.
  explicit SubmoduleMethods(std::vector<SubmoduleMethod<T>> entries, OptimMethodPtr<T> rest = nullptr);
  /// Rebuilds from config() (the optim registry's constructor): "paths" (the rest's is ""), "methods"
  /// (their types) with method i's options under "methods.<i>.", "schedules" (their schedules' types) with
  /// schedule i's options under "schedules.<i>.".
  explicit SubmoduleMethods(const Attributes& config);

  void update(Tensor<T>& weights, const Tensor<T>& grads) override;
  void setParameterLayout(const std::vector<ParamSpan>& layout) override;
  std::string elementwiseProblem() const override;
  bool evaluatesOnce() const override { return true; }
  /// The rest method's rate, else the first entry's (for log lines; each method keeps its own).
  double currentLearningRate() const override;
  void updateHyperParameter(const TrainingState& training) override;
  Attributes config() const override;

  /// The entries, the rest method last with path "" when there is one.
  const std::vector<SubmoduleMethod<T>>& methods() const { return entries_; }

 private:
  struct Part {
    std::vector<ParamSpan> spans;  ///< its parameters' places in the flat buffers, in order
    int64_t size = 0;
    bool contiguous = true;        ///< one range: updated through views, no copies
    Tensor<T> weights, grads;      ///< the packed buffers otherwise
  };
  void init();
  // Method i's part of state_ given to it, and taken back after it ran.
  void lend(size_t i);
  void takeBack(size_t i);

  std::vector<SubmoduleMethod<T>> entries_;  ///< the rest last, path ""
  std::vector<Part> parts_;                  ///< each entry's parameters, from setParameterLayout
};

extern template class SubmoduleMethods<float>;
extern template class SubmoduleMethods<double>;

}  // namespace ringdl
