// PGCriterion<T>: BigDL's policy-gradient loss, -sum(t log x), for x the probabilities of a policy's actions
// (a softmax output, > 0) and t the reward on each sampled action (0 elsewhere). With sizeAverage the sum
// is divided by the number of records, dimension 0 of an [N, A] input (the normaliser), as BigDL's
// DotProductCriterion does; a single [A] record is not divided. PyTorch: -(t * x.log()).sum().
#pragma once

#include <algorithm>
#include <cmath>

#include "ringdl/nn/criterions/element_wise_criterion.h"

namespace ringdl {

struct PGCriterionFn {
  static constexpr const char* kName = "PGCriterion";
  bool sizeAverage = false;
  template <typename V>
  void fields(V& v) {
    v("sizeAverage", sizeAverage);
  }
  double loss(double x, double t) const { return t == 0 ? 0.0 : -t * std::log(x); }
  double grad(double x, double t) const { return -t / x; }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kRows : ElementNorm::kSum; }
};

/// PGCriterion(sizeAverage = false).
template <typename T>
using PGCriterion = ElementWiseCriterion<T, PGCriterionFn>;
RINGDL_EXTERN_ELEMENT_WISE_CRITERION(PGCriterionFn)

}  // namespace ringdl
