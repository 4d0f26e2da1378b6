// MarginRankingCriterion<T>: the ranking hinge of BigDL's MarginRankingCriterion and PyTorch's
// MarginRankingLoss: input a Table {x1, x2} of scores of N pairs (each [N], [N, 1] or one value), target y of
// +1 (x1 should rank higher) or -1 per pair, a Tensor or a Table {y} as BigDL takes it;
//   sum over pairs of max(0, -y (x1 - x2) + margin),
// divided by N with sizeAverage (the normaliser).
#pragma once

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct MarginRankingCriterionOptions {
  double margin = 1.0;
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("margin", margin);
    v("sizeAverage", sizeAverage);
  }
};

template <typename T>
class MarginRankingCriterion : public Criterion<T> {
 public:
  explicit MarginRankingCriterion(double margin = 1.0, bool sizeAverage = true)
      : MarginRankingCriterion(MarginRankingCriterionOptions{margin, sizeAverage}) {}
  explicit MarginRankingCriterion(const MarginRankingCriterionOptions& options);
  explicit MarginRankingCriterion(const Attributes& a)
      : MarginRankingCriterion(optionsFrom<MarginRankingCriterionOptions>(a, "MarginRankingCriterion")) {}

  Attributes config() const override { return attributesOf(options_); }
  const MarginRankingCriterionOptions& options() const { return options_; }
  /// The number of pairs with sizeAverage, std::nullopt without.
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override;

  T updateOutput(const Activity<T>& input, const Activity<T>& target) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& target) override;

 private:
  struct Pairs {
    const Tensor<T>* x1;
    const Tensor<T>* x2;
    const Tensor<T>* y;
  };
  Pairs read(const Activity<T>& input, const Activity<T>& target) const;

  MarginRankingCriterionOptions options_;
};

extern template class MarginRankingCriterion<float>;
extern template class MarginRankingCriterion<double>;

}  // namespace ringdl
