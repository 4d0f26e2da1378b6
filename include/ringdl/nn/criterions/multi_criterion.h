// MultiCriterion<T>: a weighted sum of criterions on the same input and target (BigDL's MultiCriterion,
// Torch's; in PyTorch, w1 * loss1(x, t) + w2 * loss2(x, t)). add(criterion, weight = 1) appends one.
// Normaliser: the inner criterions' common one (they must agree, see detail::commonNormalizer); a
// MultiCriterion without criterions is an Error on forward.
// Config (registry, checkpoints): criterions (their types), weights, and each one's options under
// "criterions.<i>." (criterions/detail/nested_config.h).
#pragma once

#include <vector>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

/// MultiCriterion's own option (its criterions are kept beside it, see the file comment).
struct MultiCriterionOptions {
  std::vector<double> weights;  ///< one per criterion; empty: 1 each
  template <typename V>
  void fields(V& v) {
    v("weights", weights);
  }
};

template <typename T>
class MultiCriterion : public Criterion<T> {
 public:
  MultiCriterion() : Criterion<T>("MultiCriterion") {}
  explicit MultiCriterion(const Attributes& a);

  MultiCriterion& add(CriterionPtr<T> criterion, double weight = 1.0);
  size_t size() const { return criterions_.size(); }
  const CriterionPtr<T>& at(size_t i) const { return criterions_.at(i); }
  const std::vector<double>& weights() const { return weights_; }

  Attributes config() const override;
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;
  T updateOutput(const Activity<T>& input, const Activity<T>& target) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& target) override;

 private:
  std::vector<CriterionPtr<T>> criterions_;
  std::vector<double> weights_;
};

extern template class MultiCriterion<float>;
extern template class MultiCriterion<double>;

}  // namespace ringdl
