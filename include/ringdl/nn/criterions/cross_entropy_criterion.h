// CrossEntropyCriterion<T>: LogSoftMax followed by ClassNLLCriterion, fused (BigDL's CrossEntropyCriterion,
// PyTorch's CrossEntropyLoss): input [N, C] or [C] of scores, target [N], [N, 1] or a scalar of 0-based
// labels.
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/nn/criterion.h"

namespace ringdl {

template <typename T>
class CrossEntropyCriterion : public TensorCriterion<T> {
 public:
  /// weights and sizeAverage as in ClassNLLCriterion.
  explicit CrossEntropyCriterion(Tensor<T> weights = Tensor<T>(), bool sizeAverage = true);
  explicit CrossEntropyCriterion(const Attributes& a);

  Attributes config() const override;
  const Tensor<T>& weights() const { return weights_; }
  bool sizeAverage() const { return sizeAverage_; }
  /// The summed weight of the targets with sizeAverage (N when unweighted), std::nullopt without.
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;

 protected:
  T updateOutput(const Tensor<T>& input, const Tensor<T>& target) override;
  /// Uses the log-probabilities of the last forward, so it must follow the forward of the same input.
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) override;

 private:
  Tensor<T> weights_;
  bool sizeAverage_;
  Tensor<T> logProb_, scratch_;  // log-softmax of the last input; exponentials
  std::vector<int64_t> labels_;
};

extern template class CrossEntropyCriterion<float>;
extern template class CrossEntropyCriterion<double>;

}  // namespace ringdl
