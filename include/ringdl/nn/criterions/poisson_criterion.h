// PoissonCriterion<T>: BigDL's (Keras') Poisson loss on a predicted rate x > 0, mean(x - t log(x + 1e-7)),
// always averaged over the elements (the normaliser): PyTorch's PoissonNLLLoss(log_input=False) with eps
// 1e-7. The gradient is the exact 1 - t / (x + 1e-7) (BigDL's leaves the 1e-7 out).
#pragma once

#include <algorithm>
#include <cmath>

#include "ringdl/nn/criterions/element_wise_criterion.h"

namespace ringdl {

struct PoissonCriterionFn {
  static constexpr const char* kName = "PoissonCriterion";
  static constexpr double kEpsilon = 1e-7;
  template <typename V>
  void fields(V&) {}
  double loss(double x, double t) const { return x - t * std::log(x + kEpsilon); }
  double grad(double x, double t) const { return 1 - t / (x + kEpsilon); }
  // Always the mean: BigDL's class has no sizeAverage.
  ElementNorm norm() const { return ElementNorm::kElements; }
};

/// PoissonCriterion(): no options.
template <typename T>
using PoissonCriterion = ElementWiseCriterion<T, PoissonCriterionFn>;
RINGDL_EXTERN_ELEMENT_WISE_CRITERION(PoissonCriterionFn)

}  // namespace ringdl
