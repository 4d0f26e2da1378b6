// MSECriterion<T>: the squared error sum((x - t)^2), averaged over elements with sizeAverage (BigDL's
// MSECriterion, PyTorch's MSELoss). Input and target hold the same number of elements, paired in row-major
// order.
#pragma once

#include "ringdl/nn/criterion.h"

namespace ringdl {

template <typename T>
class MSECriterion : public TensorCriterion<T> {
 public:
  explicit MSECriterion(bool sizeAverage = true);
  explicit MSECriterion(const Attributes& a);

  Attributes config() const override;
  bool sizeAverage() const { return sizeAverage_; }
  /// The number of elements with sizeAverage, std::nullopt without.
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override {
    if (!sizeAverage_) return std::nullopt;
    return static_cast<double>(input.toTensor().numel());
  }

 protected:
  T updateOutput(const Tensor<T>& input, const Tensor<T>& target) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) override;

 private:
  void checkSizes(const Tensor<T>& input, const Tensor<T>& target) const;

  bool sizeAverage_;
};

extern template class MSECriterion<float>;
extern template class MSECriterion<double>;

}  // namespace ringdl
