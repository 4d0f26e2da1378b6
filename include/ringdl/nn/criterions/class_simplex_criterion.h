// ClassSimplexCriterion<T>: BigDL's (Torch's) ClassSimplexCriterion(nClasses): class c is embedded as vertex
// c of a regular simplex centred on 0 with unit-norm vertices (nClasses - 1 coordinates, padded with a zero
// to nClasses), and the loss is MSECriterion's mean of (x - vertex(label))^2 over all elements. Input [N,
// nClasses] or [nClasses], target [N], [N, 1] or a scalar of 0-based labels. PyTorch has no such loss; the
// reference composes it (mse_loss against the rows of the same simplex).
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct ClassSimplexCriterionOptions {
  int64_t nClasses = 0;
  template <typename V>
  void fields(V& v) {
    v("nClasses", nClasses, kRequired);
  }
};

template <typename T>
class ClassSimplexCriterion : public TensorCriterion<T> {
 public:
  /// nClasses >= 2.
  explicit ClassSimplexCriterion(int64_t nClasses)
      : ClassSimplexCriterion(ClassSimplexCriterionOptions{nClasses}) {}
  explicit ClassSimplexCriterion(const ClassSimplexCriterionOptions& options);
  explicit ClassSimplexCriterion(const Attributes& a)
      : ClassSimplexCriterion(optionsFrom<ClassSimplexCriterionOptions>(a, "ClassSimplexCriterion")) {}

  Attributes config() const override { return attributesOf(options_); }
  const ClassSimplexCriterionOptions& options() const { return options_; }
  /// The vertices, [nClasses, nClasses], row c for class c.
  const std::vector<double>& simplex() const { return simplex_; }
  /// The number of elements (the loss is a mean over them).
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override {
    return static_cast<double>(input.toTensor().numel());
  }

 protected:
  T updateOutput(const Tensor<T>& input, const Tensor<T>& target) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) override;

 private:
  void read(const Tensor<T>& input, const Tensor<T>& target);

  ClassSimplexCriterionOptions options_;
  std::vector<double> simplex_;
  std::vector<int64_t> labels_;
  int64_t rows_ = 0;
};

extern template class ClassSimplexCriterion<float>;
extern template class ClassSimplexCriterion<double>;

}  // namespace ringdl
