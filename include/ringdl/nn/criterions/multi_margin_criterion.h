// MultiMarginCriterion<T>: the multi-class hinge loss of BigDL's MultiMarginCriterion and PyTorch's
// MultiMarginLoss: for a row x of C scores with 0-based label y,
//   sum over i != y of w[y] max(0, margin - x[y] + x[i])^p / C,
// p 1 or 2, w the class weights (none: 1). Input [N, C] or [C]; target [N], [N, 1] or a scalar. The loss is
// summed over the rows and, with sizeAverage, divided by N (the normaliser; PyTorch's mean, which does not
// divide by the weights).
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/criterions/row_criterion.h"

namespace ringdl {

struct MultiMarginCriterionFn {
  static constexpr const char* kName = "MultiMarginCriterion";
  static constexpr bool kLabelPerRow = true;
  int64_t p = 1;
  std::vector<double> weights;  ///< one per class, or empty for none
  double margin = 1.0;
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("p", p);
    v("weights", weights);
    v("margin", margin);
    v("sizeAverage", sizeAverage);
  }
  void check() const;
  void checkClasses(const std::string& where, int64_t classes) const;
  void checkTarget(const std::string& where, const double* t, int64_t classes, int64_t row) const;
  double loss(const double* x, const double* t, int64_t classes) const;
  void grad(const double* x, const double* t, int64_t classes, double* g) const;
};

/// MultiMarginCriterion(p = 1, weights = {}, margin = 1, sizeAverage = true).
template <typename T>
using MultiMarginCriterion = RowCriterion<T, MultiMarginCriterionFn>;
extern template class RowCriterion<float, MultiMarginCriterionFn>;
extern template class RowCriterion<double, MultiMarginCriterionFn>;

}  // namespace ringdl
