// TimeDistributedMaskCriterion<T>: a criterion applied at every time step of padded sequences (BigDL's
// TimeDistributedMaskCriterion): input [N, T, ...], target [N, T] (or [N, T, ...]); a record (n, t) whose
// target equals paddingValue (every element of it) is padding and is left out. At each step the criterion
// runs on the records that are not padding; its loss is weighted back to a sum (times its normaliser, when it
// has one) and the steps' sums are divided by the number M of records that are not padding. With
// ClassNLLCriterion that is PyTorch's nll_loss(ignore_index = paddingValue) over all steps.
// paddingValue is -1 by default (0-based labels; BigDL's 1-based default is 0).
// Normaliser: M, which adds up over the parts of a split batch.
// Config: paddingValue, criterion (its type) and its options under "criterion.".
#pragma once

#include <vector>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct TimeDistributedMaskCriterionOptions {
  double paddingValue = -1;
  template <typename V>
  void fields(V& v) {
    v("paddingValue", paddingValue);
  }
};

template <typename T>
class TimeDistributedMaskCriterion : public Criterion<T> {
 public:
  explicit TimeDistributedMaskCriterion(CriterionPtr<T> criterion, double paddingValue = -1);
  explicit TimeDistributedMaskCriterion(const Attributes& a);

  const CriterionPtr<T>& criterion() const { return criterion_; }
  const TimeDistributedMaskCriterionOptions& options() const { return options_; }

  Attributes config() const override;
  /// The number of records (n, t) that are not padding.
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;
  T updateOutput(const Activity<T>& input, const Activity<T>& target) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& target) override;

 private:
  /// Checks shapes; fills keep_ (per step, the records that are not padding); returns the count M.
  int64_t read(const Tensor<T>& input, const Tensor<T>& target) const;
  /// Step t's input and target rows that are not padding.
  void gather(const Tensor<T>& input, const Tensor<T>& target, int64_t t);

  TimeDistributedMaskCriterionOptions options_;
  CriterionPtr<T> criterion_;
  mutable std::vector<std::vector<int64_t>> keep_;
  Tensor<T> stepInput_, stepTarget_;
};

extern template class TimeDistributedMaskCriterion<float>;
extern template class TimeDistributedMaskCriterion<double>;

}  // namespace ringdl
