// CrossEntropyCriterion<T>: LogSoftMax followed by ClassNLLCriterion, fused (BigDL's CrossEntropyCriterion,
// PyTorch's CrossEntropyLoss, with its label_smoothing): input [N, C] or [C] of scores, target [N], [N, 1] or
// a scalar of 0-based labels.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/criterions/class_nll_criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

/// ClassNLLCriterion's options (weights, sizeAverage, paddingValue) and label smoothing.
struct CrossEntropyCriterionOptions {
  std::vector<double> weights;  ///< one per class, or empty for none
  bool sizeAverage = true;
  std::optional<int64_t> paddingValue;  ///< as ClassNLLCriterion's: rows with this target are left out
  /// PyTorch's label_smoothing (BigDL has none): the target is (1 - labelSmoothing) one-hot plus
  /// labelSmoothing / C on every class, weighted per class as the one-hot term is; in [0, 1]. Unset is 0, and
  /// is left out of config(), so a criterion without smoothing saves the keys older builds read.
  std::optional<double> labelSmoothing;
  template <typename V>
  void fields(V& v) {
    v("weights", weights);
    v("sizeAverage", sizeAverage);
    v("paddingValue", paddingValue);
    v("labelSmoothing", labelSmoothing);
  }
};

template <typename T>
class CrossEntropyCriterion : public TensorCriterion<T> {
 public:
  /// weights and sizeAverage as in ClassNLLCriterion.
  explicit CrossEntropyCriterion(Tensor<T> weights = Tensor<T>(), bool sizeAverage = true);
  explicit CrossEntropyCriterion(const CrossEntropyCriterionOptions& options);
  explicit CrossEntropyCriterion(const Attributes& a)
      : CrossEntropyCriterion(optionsFrom<CrossEntropyCriterionOptions>(a, "CrossEntropyCriterion")) {}

  Attributes config() const override { return attributesOf(options_); }
  const CrossEntropyCriterionOptions& options() const { return options_; }
  const Tensor<T>& weights() const { return weights_; }
  bool sizeAverage() const { return options_.sizeAverage; }
  /// The summed weight of the targets (N when unweighted), padded rows left out, with sizeAverage;
  /// std::nullopt without.
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;

 protected:
  T updateOutput(const Tensor<T>& input, const Tensor<T>& target) override;
  /// Uses the log-probabilities of the last forward, so it must follow the forward of the same input.
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) override;

 private:
  CrossEntropyCriterionOptions options_;
  Tensor<T> weights_;            // options_.weights as a tensor, for the kernels
  Tensor<T> logProb_, scratch_;  // log-softmax of the last input; exponentials
  std::vector<int64_t> labels_;
};

extern template class CrossEntropyCriterion<float>;
extern template class CrossEntropyCriterion<double>;

}  // namespace ringdl
