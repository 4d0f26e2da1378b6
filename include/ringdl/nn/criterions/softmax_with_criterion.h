// SoftmaxWithCriterion<T>: Caffe's SoftmaxWithLoss as BigDL has it: a softmax over dimension 1 of scores
// [N, C] or [N, C, d1, d2, ...] and the negative log-likelihood of the 0-based label at every position
// (target [N, d1, ...] or [N, 1, d1, ...]). Positions whose label is ignoreLabel (unset: none) count for
// nothing. The summed loss is divided by the normaliser normalizeMode names (Caffe's and BigDL's NormMode):
//   "VALID" (default)  the positions not ignored (PyTorch's cross_entropy with ignore_index, mean)
//   "FULL"             every position, N d1 d2 ...
//   "BATCH_SIZE"       N
//   "NONE"             nothing: the sum (batchNormalizer() std::nullopt)
// Each adds up over the parts of a split batch. A batch whose positions are all ignored has loss 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct SoftmaxWithCriterionOptions {
  std::optional<int64_t> ignoreLabel;   ///< unset: every label counts
  std::string normalizeMode = "VALID";  ///< VALID, FULL, BATCH_SIZE or NONE
  template <typename V>
  void fields(V& v) {
    v("ignoreLabel", ignoreLabel);
    v("normalizeMode", normalizeMode);
  }
};

template <typename T>
class SoftmaxWithCriterion : public TensorCriterion<T> {
 public:
  explicit SoftmaxWithCriterion(const SoftmaxWithCriterionOptions& options = {});
  explicit SoftmaxWithCriterion(const Attributes& a)
      : SoftmaxWithCriterion(optionsFrom<SoftmaxWithCriterionOptions>(a, "SoftmaxWithCriterion")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SoftmaxWithCriterionOptions& options() const { return options_; }
  /// As normalizeMode says; std::nullopt for NONE.
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;

 protected:
  T updateOutput(const Tensor<T>& input, const Tensor<T>& target) override;
  /// Uses the probabilities of the last forward, so it must follow the forward of the same input.
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) override;

 private:
  struct Geometry {
    int64_t outer = 0, classes = 0, inner = 0;
  };
  /// Checks shapes and labels; fills labels_ (-1: ignored) and returns the geometry and the valid count.
  Geometry read(const Tensor<T>& input, const Tensor<T>& target, int64_t& valid) const;
  double normaliser(const Geometry& g, int64_t valid) const;

  SoftmaxWithCriterionOptions options_;
  Tensor<T> logProb_, scratch_;
  mutable std::vector<int64_t> labels_;
};

extern template class SoftmaxWithCriterion<float>;
extern template class SoftmaxWithCriterion<double>;

}  // namespace ringdl
