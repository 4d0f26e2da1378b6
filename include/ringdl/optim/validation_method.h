// Validation methods (BigDL's ValidationMethod): TopKAccuracy (Top1Accuracy, Top5Accuracy) and Loss here, the
// others by family under optim/validation/. Each batch gives a ValidationResult whose state adds across
// batches and ranks exactly (sums of counts, or records kept whole), whatever the split; the figure is
// computed from the merged state. createValidationMethod (optim/registry.h) builds them by name.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl {

struct ValidationResult;

/// The figure and the wording of a result whose figure is not total / count (a confusion matrix's precision,
/// an area under a curve). Stateless: the state is the result's own sums and records.
class ValidationSummary {
 public:
  virtual ~ValidationSummary() = default;
  virtual double result(const ValidationResult& r) const = 0;
  virtual std::string toString(const ValidationResult& r) const = 0;
};

struct ValidationResult {
  ValidationResult() = default;
  ValidationResult(std::string method_, double total_, int64_t count_, bool isLoss_ = false)
      : method(std::move(method_)), total(total_), count(count_), isLoss(isLoss_) {}

  std::string method;  ///< the registry type of the method, "Top1Accuracy", "Loss", "ConfusionMatrix"
  double total = 0;    ///< correct predictions, or summed loss
  int64_t count = 0;   ///< records seen
  bool isLoss = false;
  /// Further statistics that add elementwise across batches and ranks (a confusion matrix, a histogram of
  /// ranks); empty until a record is seen, then of one size per method.
  std::vector<double> sums;
  /// Per-record values a figure needs whole (scores and labels for areas and average precision): merging
  /// appends them, and the summary reads them in an order of its own, so the figure does not depend on how
  /// the records were split into batches or ranks.
  std::vector<double> records;
  /// Computes result() and toString() from the state; nullptr: total / count.
  std::shared_ptr<const ValidationSummary> summary;

  /// Accuracy in [0, 1], or mean loss, or the summary's figure.
  double result() const;
  ValidationResult& operator+=(const ValidationResult& other);
  /// BigDL's wording: "Accuracy(correct: 9572, count: 10000, accuracy: 0.9572)" or
  /// "(Loss: 1234.5, count: 10000, Average Loss: 0.12345)", or the summary's.
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
  /// Whether a smaller figure is better (Loss, MAE), for early stopping and the best checkpoint.
  virtual bool lowerIsBetter() const { return false; }
  /// What turns this method's results into figures (nullptr: total / count). A rank that saw no record
  /// merges an empty result, so the distributed engine restores it from here.
  virtual std::shared_ptr<const ValidationSummary> summary() const { return nullptr; }
};

template <typename T>
using ValidationMethodPtr = std::shared_ptr<ValidationMethod<T>>;

/// TopKAccuracy's k (>= 1; 1 by default, Top1Accuracy).
struct TopKAccuracyOptions {
  int k = 1;
  template <typename V>
  void fields(V& v) {
    v("k", k);
  }
};

/// Fraction of records whose label is among the k highest scores (a tie counts in the label's favour, as in
/// BigDL's Top1Accuracy/Top5Accuracy; PyTorch: torch.topk(output, k) containing the label). Output [N,
/// classes] or one record [classes], target [N] of 0-based labels.
template <typename T>
class TopKAccuracy : public ValidationMethod<T> {
 public:
  explicit TopKAccuracy(int k);
  explicit TopKAccuracy(const Attributes& a)
      : TopKAccuracy(optionsFrom<TopKAccuracyOptions>(a, "TopKAccuracy").k) {}
  ValidationResult apply(const Tensor<T>& output, const Tensor<T>& target) override;
  std::string name() const override { return "TopKAccuracy"; }
  Attributes config() const override { return attributesOf(TopKAccuracyOptions{k_}); }
  int k() const { return k_; }

 private:
  int k_;
};

/// Options of methods that take none (Top1Accuracy, Top5Accuracy, MAE, ...).
struct NoValidationOptions {
  template <typename V>
  void fields(V&) {}
};

/// BigDL's Top1Accuracy: TopKAccuracy with k = 1, no options.
template <typename T>
class Top1Accuracy : public TopKAccuracy<T> {
 public:
  Top1Accuracy() : TopKAccuracy<T>(1) {}
  explicit Top1Accuracy(const Attributes& a) : Top1Accuracy() {
    optionsFrom<NoValidationOptions>(a, "Top1Accuracy");
  }
  std::string name() const override { return "Top1Accuracy"; }
  Attributes config() const override { return {}; }
};

/// BigDL's Top5Accuracy: TopKAccuracy with k = 5, no options.
template <typename T>
class Top5Accuracy : public TopKAccuracy<T> {
 public:
  Top5Accuracy() : TopKAccuracy<T>(5) {}
  explicit Top5Accuracy(const Attributes& a) : Top5Accuracy() {
    optionsFrom<NoValidationOptions>(a, "Top5Accuracy");
  }
  std::string name() const override { return "Top5Accuracy"; }
  Attributes config() const override { return {}; }
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
  bool lowerIsBetter() const override { return true; }

 private:
  CriterionPtr<T> criterion_;
};

}  // namespace ringdl
