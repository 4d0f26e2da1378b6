// TransformerCriterion<T>: BigDL's TransformerCriterion: the input through inputTransformer and the target
// through targetTransformer (each a module, or none) before the criterion; backward goes through the input
// transformer. In PyTorch: loss(f(x), g(t)). BigDL's PGCriterion is one, with Sequential(Log,
// MulConstant(-1)) before DotProductCriterion. The transformers are modules without parameters (a config
// keeps options, not weights) that keep the records along dimension 0. Normaliser: the criterion's, on the
// transformed input and target. Config: criterion and its options under "criterion."; inputTransformer and
// targetTransformer (types, absent for none), their options under "inputTransformer." and
// "targetTransformer.", a container's children listed at
// "<key>.children" and each under "<key>.<i>." (criterions/detail/nested_config.h).
#pragma once

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/module.h"

namespace ringdl {

template <typename T>
class TransformerCriterion : public Criterion<T> {
 public:
  explicit TransformerCriterion(CriterionPtr<T> criterion, ModulePtr<T> inputTransformer = nullptr,
                                ModulePtr<T> targetTransformer = nullptr);
  explicit TransformerCriterion(const Attributes& a);

  const CriterionPtr<T>& criterion() const { return criterion_; }
  const ModulePtr<T>& inputTransformer() const { return inputTransformer_; }
  const ModulePtr<T>& targetTransformer() const { return targetTransformer_; }

  Attributes config() const override;
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;
  T updateOutput(const Activity<T>& input, const Activity<T>& target) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& target) override;

 private:
  /// Runs the transformers into input_ and target_.
  void transform(const Activity<T>& input, const Activity<T>& target);

  CriterionPtr<T> criterion_;
  ModulePtr<T> inputTransformer_, targetTransformer_;
  Activity<T> input_, target_;
};

extern template class TransformerCriterion<float>;
extern template class TransformerCriterion<double>;

}  // namespace ringdl
