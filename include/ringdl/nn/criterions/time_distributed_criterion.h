// TimeDistributedCriterion<T>: a criterion applied at every time step of a sequence (BigDL's
// TimeDistributedCriterion): input [N, T, ...] and target [N, T, ...] are sliced along dimension (0-based,
// 1 by default: BigDL's 2), the criterion runs on each step's [N, ...] and [N, ...], and the losses are
// summed, or averaged over the T steps with sizeAverage. In PyTorch: sum over t of loss(x[:, t], y[:, t]) (/
// T). Normaliser: the criterion's per-step one n (the same at every step), times T with sizeAverage;
// std::nullopt when the criterion sums. Steps whose normalisers differ (class weights with averaging) are an
// Error there. Config: sizeAverage, dimension, criterion (its type) and its options under "criterion.".
#pragma once

#include <vector>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct TimeDistributedCriterionOptions {
  bool sizeAverage = false;
  int64_t dimension = 1;  ///< the time dimension, 0-based (BigDL's 2); never 0, the records
  template <typename V>
  void fields(V& v) {
    v("sizeAverage", sizeAverage);
    v("dimension", dimension);
  }
};

template <typename T>
class TimeDistributedCriterion : public Criterion<T> {
 public:
  explicit TimeDistributedCriterion(CriterionPtr<T> criterion, bool sizeAverage = false,
                                    int64_t dimension = 1);
  explicit TimeDistributedCriterion(const Attributes& a);

  const CriterionPtr<T>& criterion() const { return criterion_; }
  const TimeDistributedCriterionOptions& options() const { return options_; }

  Attributes config() const override;
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;
  T updateOutput(const Activity<T>& input, const Activity<T>& target) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& target) override;

 private:
  int64_t steps(const Activity<T>& input, const Activity<T>& target) const;
  Tensor<T> step(const Tensor<T>& x, int64_t t) const { return x.select(options_.dimension, t).contiguous(); }

  TimeDistributedCriterionOptions options_;
  CriterionPtr<T> criterion_;
};

extern template class TimeDistributedCriterion<float>;
extern template class TimeDistributedCriterion<double>;

}  // namespace ringdl
