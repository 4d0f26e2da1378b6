// Validation methods (BigDL's ValidationMethod): Top1Accuracy, Top5Accuracy and Loss. Each batch gives a
// ValidationResult (a sum and a count) so results add across batches and, later, across ranks.
#pragma once

#include <memory>
#include <string>

#include "ringdl/nn/criterion.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl {

struct ValidationResult {
  std::string method;  ///< "Top1Accuracy", "Top5Accuracy", "Loss"
  double total = 0;    ///< correct predictions, or summed loss
  int64_t count = 0;   ///< records seen
  bool isLoss = false;

  /// Accuracy in [0, 1], or mean loss.
  double result() const { return count > 0 ? total / static_cast<double>(count) : 0.0; }
  ValidationResult& operator+=(const ValidationResult& other);
  /// BigDL's wording: "Accuracy(correct: 9572, count: 10000, accuracy: 0.9572)" or
  /// "(Loss: 1234.5, count: 10000, Average Loss: 0.12345)".
  std::string toString() const;
};

template <typename T>
class ValidationMethod {
 public:
  virtual ~ValidationMethod() = default;
  /// Scores one batch: output [N, classes] (scores or log-probabilities), target [N] of 0-based labels.
  virtual ValidationResult apply(const Tensor<T>& output, const Tensor<T>& target) = 0;
  virtual std::string name() const = 0;
};

template <typename T>
using ValidationMethodPtr = std::shared_ptr<ValidationMethod<T>>;

/// Fraction of records whose label is among the k highest scores.
template <typename T>
class TopKAccuracy : public ValidationMethod<T> {
 public:
  explicit TopKAccuracy(int k) : k_(k) {}
  ValidationResult apply(const Tensor<T>& output, const Tensor<T>& target) override;
  std::string name() const override { return "Top" + std::to_string(k_) + "Accuracy"; }

 private:
  int k_;
};

template <typename T>
class Top1Accuracy : public TopKAccuracy<T> {
 public:
  Top1Accuracy() : TopKAccuracy<T>(1) {}
};

template <typename T>
class Top5Accuracy : public TopKAccuracy<T> {
 public:
  Top5Accuracy() : TopKAccuracy<T>(5) {}
};

/// Mean of a criterion over the validation set (the criterion must average over the batch, as the
/// built-in ones do by default).
template <typename T>
class Loss : public ValidationMethod<T> {
 public:
  explicit Loss(CriterionPtr<T> criterion) : criterion_(std::move(criterion)) {}
  ValidationResult apply(const Tensor<T>& output, const Tensor<T>& target) override;
  std::string name() const override { return "Loss"; }

 private:
  CriterionPtr<T> criterion_;
};

/// Builds "Top1Accuracy", "Top5Accuracy" or "Loss" (the latter with the given criterion).
template <typename T>
ValidationMethodPtr<T> createValidationMethod(const std::string& name, CriterionPtr<T> lossCriterion);

}  // namespace ringdl
