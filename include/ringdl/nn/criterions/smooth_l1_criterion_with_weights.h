// SmoothL1CriterionWithWeights<T>: BigDL's (Fast R-CNN's) box-regression loss. Input x [N, ...]; target a
// Table {t} or {t, insideW, outsideW} of x's size (or a Tensor t). With d = insideW (x - t) and s = sigma^2,
//   sum of outsideW (0.5 s d^2 where |d| < 1/s, else |d| - 0.5/s),
// divided by num when num > 0, else by N, the records of x. Without weights insideW and outsideW are 1.
// Normaliser: N when num is 0; std::nullopt when num > 0, since a fixed divisor makes the loss of a batch
// the sum of its parts' losses.
#pragma once

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct SmoothL1CriterionWithWeightsOptions {
  double sigma = 1.0;
  int64_t num = 0;  ///< > 0: divide by num; 0: by the number of records
  template <typename V>
  void fields(V& v) {
    v("sigma", sigma, kRequired);
    v("num", num);
  }
};

template <typename T>
class SmoothL1CriterionWithWeights : public Criterion<T> {
 public:
  explicit SmoothL1CriterionWithWeights(double sigma, int64_t num = 0)
      : SmoothL1CriterionWithWeights(SmoothL1CriterionWithWeightsOptions{sigma, num}) {}
  explicit SmoothL1CriterionWithWeights(const SmoothL1CriterionWithWeightsOptions& options);
  explicit SmoothL1CriterionWithWeights(const Attributes& a)
      : SmoothL1CriterionWithWeights(
            optionsFrom<SmoothL1CriterionWithWeightsOptions>(a, "SmoothL1CriterionWithWeights")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SmoothL1CriterionWithWeightsOptions& options() const { return options_; }
  /// N (records of the input) when num is 0, std::nullopt when num > 0.
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;

  T updateOutput(const Activity<T>& input, const Activity<T>& target) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& target) override;

 private:
  struct Parts {
    const Tensor<T>* x;
    const Tensor<T>* t;
    const Tensor<T>* inside;   // null: none
    const Tensor<T>* outside;  // null: none
  };
  Parts read(const Activity<T>& input, const Activity<T>& target) const;
  double divisor(const Tensor<T>& x) const;

  SmoothL1CriterionWithWeightsOptions options_;
};

extern template class SmoothL1CriterionWithWeights<float>;
extern template class SmoothL1CriterionWithWeights<double>;

}  // namespace ringdl
