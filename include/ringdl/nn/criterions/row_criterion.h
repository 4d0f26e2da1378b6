// RowCriterion<T, Fn>: the base of the criterions whose loss is a sum of one term per record, a row of class
// scores [N, C] (or one row [C]) with a target per row: MultiMarginCriterion, MultiLabelMarginCriterion and
// MultiLabelSoftMarginCriterion. The base checks the shapes, runs the rows and keeps sizeAverage; a criterion
// is a functor over one row:
//
//   struct MultiMarginCriterionFn {
//     static constexpr const char* kName = "MultiMarginCriterion";
//     static constexpr bool kLabelPerRow = true;  // target [N], [N, 1] or a scalar; else [N, C] as the input
//     bool sizeAverage = true;
//     template <typename V> void fields(V& v) { ... }
//     void checkClasses(const std::string& where, int64_t classes) const;  // e.g. one weight per class
//     void checkTarget(const std::string& where, const double* t, int64_t classes, int64_t row) const;
//     double loss(const double* x, const double* t, int64_t classes) const;
//     void grad(const double* x, const double* t, int64_t classes, double* g) const;  // the row's gradient
//   };
//
// Rows are read into double, so a functor is written once for both scalar types. The loss is the sum of the
// rows' terms, divided by the number of records N with sizeAverage: batchNormalizer() is N then (it adds up
// over the parts of a split batch), std::nullopt without.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

template <typename T, typename Fn>
class RowCriterion : public TensorCriterion<T> {
 public:
  using Options = Fn;

  explicit RowCriterion(Fn fn = Fn{});
  /// Rebuilds from config() (the criterion registry's constructor).
  explicit RowCriterion(const Attributes& a) : RowCriterion(optionsFrom<Fn>(a, Fn::kName)) {}

  Attributes config() const override { return attributesOf(fn_); }
  const Fn& options() const { return fn_; }

  /// The number of records with sizeAverage, std::nullopt without.
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;

 protected:
  T updateOutput(const Tensor<T>& input, const Tensor<T>& target) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) override;

 private:
  /// Checks the shapes and the targets; copies both into x_ and t_; returns the number of rows.
  int64_t read(const Tensor<T>& input, const Tensor<T>& target);

  Fn fn_;
  int64_t classes_ = 0;
  std::vector<double> x_, t_, g_;  // the batch in double, the gradient of a row
};

}  // namespace ringdl
