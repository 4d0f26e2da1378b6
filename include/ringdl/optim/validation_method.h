// Validation methods (BigDL's ValidationMethod): Top1Accuracy, Top5Accuracy and Loss. Each batch gives a
// ValidationResult (a sum and a count, under the method's name) so results add across batches and ranks.
// createValidationMethod (optim/registry.h) builds them by name.
#pragma once

#include <memory>
#include <string>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"
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
  /// The registry type name, which results carry (ValidationResult::method).
  virtual std::string name() const = 0;
  /// Options, enough to rebuild this method with createValidationMethod().
  virtual Attributes config() const { return {}; }
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

/// Top1Accuracy and Top5Accuracy take no options.
struct TopKAccuracyOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class Top1Accuracy : public TopKAccuracy<T> {
 public:
  Top1Accuracy() : TopKAccuracy<T>(1) {}
  explicit Top1Accuracy(const Attributes& a) : Top1Accuracy() {
    optionsFrom<TopKAccuracyOptions>(a, "Top1Accuracy");
  }
};

template <typename T>
class Top5Accuracy : public TopKAccuracy<T> {
 public:
  Top5Accuracy() : TopKAccuracy<T>(5) {}
  explicit Top5Accuracy(const Attributes& a) : Top5Accuracy() {
    optionsFrom<TopKAccuracyOptions>(a, "Top5Accuracy");
  }
};

/// Loss's criterion, by registry type (nn/registry.h), built with its default options. BigDL's default.
struct LossOptions {
  std::string criterion = "ClassNLLCriterion";
  template <typename V>
  void fields(V& v) {
    v("criterion", criterion);
  }
};

/// Mean of a criterion over the validation set (the criterion must average over the batch, as the
/// built-in ones do by default).
template <typename T>
class Loss : public ValidationMethod<T> {
 public:
  explicit Loss(CriterionPtr<T> criterion);
  explicit Loss(const LossOptions& options);
  explicit Loss(const Attributes& a) : Loss(optionsFrom<LossOptions>(a, "Loss")) {}
  ValidationResult apply(const Tensor<T>& output, const Tensor<T>& target) override;
  std::string name() const override { return "Loss"; }
  /// The criterion's type only: its own options (class weights, sizeAverage) are not kept.
  Attributes config() const override { return attributesOf(LossOptions{criterion_->typeName()}); }

 private:
  CriterionPtr<T> criterion_;
};

}  // namespace ringdl
