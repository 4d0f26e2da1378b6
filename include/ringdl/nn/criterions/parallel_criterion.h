// ParallelCriterion<T>: criterion i on entry i of a Table input and of a Table target, weighted and summed
// (BigDL's ParallelCriterion, Torch's); with repeatTarget every criterion gets the whole target instead. In
// PyTorch: sum of w_i * loss_i(x[i], t[i]). add(criterion, weight = 1) appends one; input entries past the
// criterions get a zero gradient. Normaliser: the inner criterions' common one on their entries (they must
// agree, see detail::commonNormalizer).
// Config: repeatTarget, criterions (their types), weights, and each one's options under "criterions.<i>.".
#pragma once

#include <vector>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

/// ParallelCriterion's own options (its criterions are kept beside them, see the file comment).
struct ParallelCriterionOptions {
  std::vector<double> weights;  ///< one per criterion; empty: 1 each
  bool repeatTarget = false;
  template <typename V>
  void fields(V& v) {
    v("weights", weights);
    v("repeatTarget", repeatTarget);
  }
};

template <typename T>
class ParallelCriterion : public Criterion<T> {
 public:
  explicit ParallelCriterion(bool repeatTarget = false)
      : Criterion<T>("ParallelCriterion"), repeatTarget_(repeatTarget) {}
  explicit ParallelCriterion(const Attributes& a);

  ParallelCriterion& add(CriterionPtr<T> criterion, double weight = 1.0);
  size_t size() const { return criterions_.size(); }
  const CriterionPtr<T>& at(size_t i) const { return criterions_.at(i); }
  bool repeatTarget() const { return repeatTarget_; }

  Attributes config() const override;
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;
  T updateOutput(const Activity<T>& input, const Activity<T>& target) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& target) override;

 private:
  void check(const Activity<T>& input, const Activity<T>& target) const;
  const Activity<T>& targetOf(const Activity<T>& target, size_t i) const {
    return repeatTarget_ ? target : target.toTable()[i];
  }

  bool repeatTarget_;
  std::vector<CriterionPtr<T>> criterions_;
  std::vector<double> weights_;
};

extern template class ParallelCriterion<float>;
extern template class ParallelCriterion<double>;

}  // namespace ringdl
