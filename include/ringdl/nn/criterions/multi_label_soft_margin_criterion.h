// MultiLabelSoftMarginCriterion<T>: a sigmoid and a binary cross-entropy on every class of a row (BigDL's
// MultiLabelSoftMarginCriterion, PyTorch's MultiLabelSoftMarginLoss): for scores x and targets t in [0, 1]
// (1: the class is present),
//   -sum over c of w[c] (t[c] log sigmoid(x[c]) + (1 - t[c]) log sigmoid(-x[c])) / C,
// computed without overflow; w the class weights (none: 1). Input [N, C] or [C], target of the same shape.
// Summed over the rows and, with sizeAverage, divided by N (the normaliser; PyTorch's mean).
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/criterions/row_criterion.h"

namespace ringdl {

struct MultiLabelSoftMarginCriterionFn {
  static constexpr const char* kName = "MultiLabelSoftMarginCriterion";
  static constexpr bool kLabelPerRow = false;
  std::vector<double> weights;  ///< one per class, or empty for none
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("weights", weights);
    v("sizeAverage", sizeAverage);
  }
  void checkClasses(const std::string& where, int64_t classes) const;
  void checkTarget(const std::string& where, const double* t, int64_t classes, int64_t row) const;
  double loss(const double* x, const double* t, int64_t classes) const;
  void grad(const double* x, const double* t, int64_t classes, double* g) const;
};

/// MultiLabelSoftMarginCriterion(weights = {}, sizeAverage = true).
template <typename T>
using MultiLabelSoftMarginCriterion = RowCriterion<T, MultiLabelSoftMarginCriterionFn>;
extern template class RowCriterion<float, MultiLabelSoftMarginCriterionFn>;
extern template class RowCriterion<double, MultiLabelSoftMarginCriterionFn>;

}  // namespace ringdl
