// SmoothL1Criterion<T>: the Huber-like loss of BigDL's SmoothL1Criterion and PyTorch's SmoothL1Loss, with
// PyTorch's beta (BigDL's is fixed at 1, the default): 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta,
// for d = x - t (beta = 0 is the L1 loss); divided by the number of elements with sizeAverage (the
// normaliser), else summed.
#pragma once

#include <algorithm>
#include <cmath>

#include "ringdl/nn/criterions/element_wise_criterion.h"

namespace ringdl {

struct SmoothL1CriterionFn {
  static constexpr const char* kName = "SmoothL1Criterion";
  bool sizeAverage = true;
  double beta = 1.0;
  template <typename V>
  void fields(V& v) {
    v("sizeAverage", sizeAverage);
    v("beta", beta);
  }
  void check() const {
    RINGDL_CHECK(beta >= 0, kName, ": beta must be >= 0 (the width of the quadratic part), got ", beta);
  }
  double loss(double x, double t) const {
    const double d = std::abs(x - t);
    return d < beta ? 0.5 * d * d / beta : d - 0.5 * beta;
  }
  double grad(double x, double t) const {
    const double d = x - t;
    if (std::abs(d) < beta) return d / beta;
    return d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0;
  }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kElements : ElementNorm::kSum; }
};

/// SmoothL1Criterion(sizeAverage = true, beta = 1).
template <typename T>
using SmoothL1Criterion = ElementWiseCriterion<T, SmoothL1CriterionFn>;
RINGDL_EXTERN_ELEMENT_WISE_CRITERION(SmoothL1CriterionFn)

}  // namespace ringdl
