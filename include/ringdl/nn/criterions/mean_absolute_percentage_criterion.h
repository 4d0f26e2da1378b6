// MeanAbsolutePercentageCriterion<T>: BigDL's (Keras') mean absolute percentage error,
// 100 * mean(|x - t| / max(|t|, 1e-7)), always averaged over the elements (the normaliser); its gradient is
// 0 where x equals t. PyTorch has no module for it (composed from abs and clamp).
#pragma once

#include <algorithm>
#include <cmath>

#include "ringdl/nn/criterions/element_wise_criterion.h"

namespace ringdl {

struct MeanAbsolutePercentageCriterionFn {
  static constexpr const char* kName = "MeanAbsolutePercentageCriterion";
  static constexpr double kEpsilon = 1e-7;  // BigDL's floor under |t|
  template <typename V>
  void fields(V&) {}
  double loss(double x, double t) const { return 100 * std::abs(x - t) / std::max(std::abs(t), kEpsilon); }
  double grad(double x, double t) const {
    return x == t ? 0.0 : (x > t ? 100.0 : -100.0) / std::max(std::abs(t), kEpsilon);
  }
  // Always the mean: BigDL's class has no sizeAverage.
  ElementNorm norm() const { return ElementNorm::kElements; }
};

/// MeanAbsolutePercentageCriterion(): no options.
template <typename T>
using MeanAbsolutePercentageCriterion = ElementWiseCriterion<T, MeanAbsolutePercentageCriterionFn>;
RINGDL_EXTERN_ELEMENT_WISE_CRITERION(MeanAbsolutePercentageCriterionFn)

}  // namespace ringdl
