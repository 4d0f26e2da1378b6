// CategoricalCrossEntropy<T>: BigDL's (Keras') categorical cross-entropy of probabilities and one-hot
// targets: input [N, C] or [C] of probabilities (a SoftMax's output), target of the same shape, one-hot (a
// row's label is its first largest entry); per row log(sum_c p_c) - log p_label, averaged over the rows.
// BigDL computes it as CrossEntropyCriterion on log p, which is the same; PyTorch:
// F.cross_entropy(torch.log(p), t.argmax(1)).
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

template <typename T>
class CategoricalCrossEntropy : public TensorCriterion<T> {
 public:
  CategoricalCrossEntropy() : TensorCriterion<T>("CategoricalCrossEntropy") {}
  /// No options; `a` must be empty (the registry's constructor).
  explicit CategoricalCrossEntropy(const Attributes& a);

  /// The number of rows (1 for a [C] input).
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;

 protected:
  T updateOutput(const Tensor<T>& input, const Tensor<T>& target) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) override;

 private:
  /// Checks the shapes and the probabilities, fills labels_; returns the number of rows.
  int64_t readLabels(const Tensor<T>& input, const Tensor<T>& target);
  std::vector<int64_t> labels_;
};

extern template class CategoricalCrossEntropy<float>;
extern template class CategoricalCrossEntropy<double>;

}  // namespace ringdl
