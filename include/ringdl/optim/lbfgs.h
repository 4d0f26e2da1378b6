// LBFGS<T>: BigDL's (and Torch's) limited-memory BFGS, as torch.optim.LBFGS: each step runs up to maxIter
// iterations, each a two-loop recursion over the last nCorrection curvature pairs, then a step of
// learningRate along the direction (the very first one scaled to min(1, 1 / |g|_1)), or, with lineSearch
// "strong_wolfe", a step found by a line search satisfying the strong Wolfe conditions (Nocedal & Wright,
// algorithms 3.5 and 3.6, with cubic interpolation; PyTorch's line_search_fn="strong_wolfe"). A step stops
// early when max |g| <= tolFun, when the step or the change of the loss is below tolX, or after maxEval
// evaluations. It evaluates the loss several times per step, so it is driven by optimize(); update() runs
// one iteration with the gradient given (PyTorch's max_iter = 1, no line search). Its history and step
// length are in its state, so a resumed run continues exactly. It needs dot products over the whole
// parameter vector, so it is not sharded and not one of several per-submodule methods.
#pragma once

#include <string>

#include "ringdl/optim/configured_method.h"

namespace ringdl {

struct LBFGSOptions {
  double learningRate = 1.0;
  int64_t maxIter = 20;       ///< iterations per step
  int64_t maxEval = 0;        ///< loss evaluations per step (0: no limit, BigDL's; PyTorch's maxIter * 5 / 4)
  double tolFun = 1e-5;       ///< stop when max |g| <= tolFun (PyTorch's tolerance_grad)
  double tolX = 1e-9;         ///< stop when the step or the loss changes less (PyTorch's tolerance_change)
  int64_t nCorrection = 100;  ///< curvature pairs kept (PyTorch's history_size)
  std::string lineSearch = "none";  ///< "none" or "strong_wolfe"

  /// The keys of config() and checkpoints; ringdl's config spells them in snake_case.
  template <typename V>
  void fields(V& v) {
    v("learningRate", learningRate);
    v("maxIter", maxIter);
    v("maxEval", maxEval);
    v("tolFun", tolFun);
    v("tolX", tolX);
    v("nCorrection", nCorrection);
    v("lineSearch", lineSearch);
  }
};

template <typename T>
class LBFGS : public ConfiguredMethod<T, LBFGSOptions> {
 public:
  explicit LBFGS(const LBFGSOptions& options = {});
  explicit LBFGS(const Attributes& config) : LBFGS(optionsFrom<LBFGSOptions>(config, "LBFGS")) {}

  double optimize(const LossFunction& feval, Tensor<T>& weights, Tensor<T>& grads) override;
  bool evaluatesOnce() const override { return false; }
  void update(Tensor<T>& weights, const Tensor<T>& grads) override;
  std::string elementwiseProblem() const override {
    return "LBFGS needs dot products over the whole parameter vector and evaluates the whole model several "
           "times per step";
  }

 private:
  double run(const LossFunction& feval, Tensor<T>& weights, Tensor<T>& grads, int64_t maxIter);
  /// PyTorch's _strong_wolfe from weights x along d, starting at step t with loss f, gradient g and
  /// directional derivative gtd; leaves the weights at x and returns the step, its loss and its gradient.
  double strongWolfe(const LossFunction& feval, Tensor<T>& weights, Tensor<T>& grads, const Tensor<T>& d,
                     double t, double f, const Tensor<T>& g, double gtd, double& fNew, Tensor<T>& gNew,
                     int64_t& evals);
};

extern template class LBFGS<float>;
extern template class LBFGS<double>;

}  // namespace ringdl
