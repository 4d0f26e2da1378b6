// MeanSquaredLogarithmicCriterion<T>: BigDL's (Keras') mean squared logarithmic error,
// mean((log(max(t, 1e-7) + 1) - log(max(x, 1e-7) + 1))^2), always averaged over the elements (the
// normaliser); the gradient is 0 where x is below the floor. PyTorch has no module for it (clamp, log1p).
#pragma once

#include <algorithm>
#include <cmath>

#include "ringdl/nn/criterions/element_wise_criterion.h"

namespace ringdl {

struct MeanSquaredLogarithmicCriterionFn {
  static constexpr const char* kName = "MeanSquaredLogarithmicCriterion";
  static constexpr double kEpsilon = 1e-7;  // BigDL's floor under x and t
  template <typename V>
  void fields(V&) {}
  double loss(double x, double t) const {
    const double d = std::log1p(std::max(t, kEpsilon)) - std::log1p(std::max(x, kEpsilon));
    return d * d;
  }
  double grad(double x, double t) const {
    if (x < kEpsilon) return 0.0;
    return -2 * (std::log1p(std::max(t, kEpsilon)) - std::log1p(x)) / (x + 1);
  }
  // Always the mean: BigDL's class has no sizeAverage.
  ElementNorm norm() const { return ElementNorm::kElements; }
};

/// MeanSquaredLogarithmicCriterion(): no options.
template <typename T>
using MeanSquaredLogarithmicCriterion = ElementWiseCriterion<T, MeanSquaredLogarithmicCriterionFn>;
RINGDL_EXTERN_ELEMENT_WISE_CRITERION(MeanSquaredLogarithmicCriterionFn)

}  // namespace ringdl
