// SoftMarginCriterion<T>: the two-class logistic loss log(1 + exp(-x t)) on targets of +1 and -1 (BigDL's
// SoftMarginCriterion, PyTorch's SoftMarginLoss), computed without overflow; divided by the number of
// elements with sizeAverage (the normaliser), else summed.
#pragma once

#include <algorithm>
#include <cmath>

#include "ringdl/nn/criterions/element_wise_criterion.h"

namespace ringdl {

struct SoftMarginCriterionFn {
  static constexpr const char* kName = "SoftMarginCriterion";
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("sizeAverage", sizeAverage);
  }
  double loss(double x, double t) const {
    const double z = -x * t;  // softplus(z), exact for any z
    return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
  }
  double grad(double x, double t) const {
    const double z = -x * t;  // -t sigmoid(z)
    const double s = z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z));
    return -t * s;
  }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kElements : ElementNorm::kSum; }
};

/// SoftMarginCriterion(sizeAverage = true).
template <typename T>
using SoftMarginCriterion = ElementWiseCriterion<T, SoftMarginCriterionFn>;
RINGDL_EXTERN_ELEMENT_WISE_CRITERION(SoftMarginCriterionFn)

}  // namespace ringdl
