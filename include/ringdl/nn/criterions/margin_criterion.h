// MarginCriterion<T>: BigDL's (Torch's) hinge loss on targets of +1 and -1, element by element:
// max(0, margin - x t), squared with squared = true; divided by the number of elements with sizeAverage
// (the normaliser), else summed. PyTorch has no module for it (torch.clamp(margin - x * t, min=0)).
#pragma once

#include <algorithm>
#include <cmath>

#include "ringdl/nn/criterions/element_wise_criterion.h"

namespace ringdl {

struct MarginCriterionFn {
  static constexpr const char* kName = "MarginCriterion";
  double margin = 1.0;
  bool sizeAverage = true;
  bool squared = false;
  template <typename V>
  void fields(V& v) {
    v("margin", margin);
    v("sizeAverage", sizeAverage);
    v("squared", squared);
  }
  double loss(double x, double t) const {
    const double z = margin - x * t;
    return z > 0 ? (squared ? z * z : z) : 0.0;
  }
  double grad(double x, double t) const {
    const double z = margin - x * t;
    return z > 0 ? (squared ? -2 * t * z : -t) : 0.0;
  }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kElements : ElementNorm::kSum; }
};

/// MarginCriterion(margin = 1, sizeAverage = true, squared = false).
template <typename T>
using MarginCriterion = ElementWiseCriterion<T, MarginCriterionFn>;
RINGDL_EXTERN_ELEMENT_WISE_CRITERION(MarginCriterionFn)

}  // namespace ringdl
