// MultiLabelMarginCriterion<T>: the multi-label hinge loss of BigDL's MultiLabelMarginCriterion and PyTorch's
// MultiLabelMarginLoss: a row's target lists its 0-based labels, ended by the first -1 (BigDL's 1-based
// targets end at 0); with Y that set,
//   sum over j in Y, i not in Y of max(0, 1 - (x[j] - x[i])) / C.
// Input [N, C] or [C], target of the same shape. Summed over the rows and, with sizeAverage, divided by N
// (the normaliser).
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/criterions/row_criterion.h"

namespace ringdl {

struct MultiLabelMarginCriterionFn {
  static constexpr const char* kName = "MultiLabelMarginCriterion";
  static constexpr bool kLabelPerRow = false;
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("sizeAverage", sizeAverage);
  }
  void checkClasses(const std::string&, int64_t) const {}
  void checkTarget(const std::string& where, const double* t, int64_t classes, int64_t row) const;
  double loss(const double* x, const double* t, int64_t classes) const;
  void grad(const double* x, const double* t, int64_t classes, double* g) const;

 private:
  const std::vector<char>& targetSet(const double* t, int64_t classes) const;
  mutable std::vector<char> isTarget_;  // scratch: is class i in the row's target set
};

/// MultiLabelMarginCriterion(sizeAverage = true).
template <typename T>
using MultiLabelMarginCriterion = RowCriterion<T, MultiLabelMarginCriterionFn>;
extern template class RowCriterion<float, MultiLabelMarginCriterionFn>;
extern template class RowCriterion<double, MultiLabelMarginCriterionFn>;

}  // namespace ringdl
