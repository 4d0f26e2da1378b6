// ClassNLLCriterion<T>: the negative log-likelihood of 0-based class labels given log-probabilities (BigDL's
// ClassNLLCriterion, PyTorch's NLLLoss): input [N, C] or [C], target [N], [N, 1] or a scalar of class
// indices; optionally a paddingValue whose rows are left out (PyTorch's ignore_index).
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct ClassNLLCriterionOptions {
  std::vector<double> weights;  ///< one per class, or empty for none
  bool sizeAverage = true;
  /// BigDL's paddingValue (PyTorch's ignore_index): rows whose target is this value add nothing to the loss,
  /// the normaliser or the gradient. Unset (the default): every target must be a class; BigDL's default -1 is
  /// not taken, so that a stray -1 stays an error rather than a silently skipped row.
  std::optional<int64_t> paddingValue;
  template <typename V>
  void fields(V& v) {
    v("weights", weights);
    v("sizeAverage", sizeAverage);
    v("paddingValue", paddingValue);
  }
};

template <typename T>
class ClassNLLCriterion : public TensorCriterion<T> {
 public:
  /// weights: one per class, or empty for none. sizeAverage: divide by the summed weight of the targets (N
  /// when unweighted), as PyTorch's reduction='mean'; otherwise return the weighted sum.
  explicit ClassNLLCriterion(Tensor<T> weights = Tensor<T>(), bool sizeAverage = true);
  explicit ClassNLLCriterion(const ClassNLLCriterionOptions& options);
  explicit ClassNLLCriterion(const Attributes& a)
      : ClassNLLCriterion(optionsFrom<ClassNLLCriterionOptions>(a, "ClassNLLCriterion")) {}

  Attributes config() const override { return attributesOf(options_); }
  const ClassNLLCriterionOptions& options() const { return options_; }
  const Tensor<T>& weights() const { return weights_; }
  bool sizeAverage() const { return options_.sizeAverage; }
  /// The summed weight of the targets (N when unweighted), padded rows left out, with sizeAverage;
  /// std::nullopt without.
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;

 protected:
  T updateOutput(const Tensor<T>& input, const Tensor<T>& target) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) override;

 private:
  ClassNLLCriterionOptions options_;
  Tensor<T> weights_;            // options_.weights as a tensor, for the kernels
  std::vector<int64_t> labels_;  // reused across batches
};

extern template class ClassNLLCriterion<float>;
extern template class ClassNLLCriterion<double>;

}  // namespace ringdl
