// MSECriterion<T>: the squared error sum((x - t)^2), averaged over elements with sizeAverage (BigDL's
// MSECriterion, PyTorch's MSELoss). Input and target hold the same number of elements, paired in row-major
// order.
#pragma once

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct MSECriterionOptions {
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("sizeAverage", sizeAverage);
  }
};

template <typename T>
class MSECriterion : public TensorCriterion<T> {
 public:
  explicit MSECriterion(bool sizeAverage = true) : MSECriterion(MSECriterionOptions{sizeAverage}) {}
  explicit MSECriterion(const MSECriterionOptions& options);
  explicit MSECriterion(const Attributes& a)
      : MSECriterion(optionsFrom<MSECriterionOptions>(a, "MSECriterion")) {}

  Attributes config() const override { return attributesOf(options_); }
  const MSECriterionOptions& options() const { return options_; }
  bool sizeAverage() const { return options_.sizeAverage; }
  /// The number of elements with sizeAverage, std::nullopt without.
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override {
    if (!options_.sizeAverage) return std::nullopt;
    return static_cast<double>(input.toTensor().numel());
  }

 protected:
  T updateOutput(const Tensor<T>& input, const Tensor<T>& target) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) override;

 private:
  void checkSizes(const Tensor<T>& input, const Tensor<T>& target) const;

  MSECriterionOptions options_;
};

extern template class MSECriterion<float>;
extern template class MSECriterion<double>;

}  // namespace ringdl
