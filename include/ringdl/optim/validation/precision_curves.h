// Figures drawn from the ranking of all validation scores: BigDL's MeanAveragePrecision (multi-class scores)
// and PrecisionRecallAUC (binary). Neither is a sum over records, so their results keep every record's
// scores and label (ValidationResult::records), merged by appending; the figure sorts them in one order of
// its own, so it is the same however the records were split into batches and ranks. Among equal scores,
// negatives come first (a tie counts against the model), which makes that order unique.
#pragma once

#include <memory>
#include <string>

#include "ringdl/optim/validation_method.h"

namespace ringdl {

/// MeanAveragePrecision's options: BigDL's k (only the k highest scores of each class count; 0 or less:
/// all) and classes (0: the output's width).
struct MeanAveragePrecisionOptions {
  int k = 0;
  int classes = 0;
  template <typename V>
  void fields(V& v) {
    v("k", k);
    v("classes", classes);
  }
};

/// BigDL's MeanAveragePrecision(k, classes) for multi-class scores: for each class, the records ranked by
/// their score for it (top k kept), the positives being the records of that label; its average precision is
/// PASCAL VOC 2010's, the mean over r = 1..P (P its positives) of the highest precision at a recall of at
/// least r / P (0 for a class without positives); the figure is the mean over all classes. Output
/// [N, classes] scores, target [N] of 0-based labels.
template <typename T>
class MeanAveragePrecision : public ValidationMethod<T> {
 public:
  explicit MeanAveragePrecision(const MeanAveragePrecisionOptions& options = {});
  explicit MeanAveragePrecision(const Attributes& a)
      : MeanAveragePrecision(optionsFrom<MeanAveragePrecisionOptions>(a, "MeanAveragePrecision")) {}
  ValidationResult apply(const Tensor<T>& output, const Tensor<T>& target) override;
  std::string name() const override { return "MeanAveragePrecision"; }
  Attributes config() const override { return attributesOf(options_); }
  std::shared_ptr<const ValidationSummary> summary() const override { return summary_; }

 private:
  MeanAveragePrecisionOptions options_;
  std::shared_ptr<const ValidationSummary> summary_;
};

/// BigDL's PrecisionRecallAUC: the area under the precision-recall curve of binary scores, by the trapezoid
/// rule from (recall 0, precision 1) through the (recall, precision) after each record in decreasing score,
/// up to the last positive. Output: one score per record (any shape), target: its 0/1 label (the same
/// number of elements). 0 when there is no positive.
template <typename T>
class PrecisionRecallAUC : public ValidationMethod<T> {
 public:
  PrecisionRecallAUC();
  explicit PrecisionRecallAUC(const Attributes& a) : PrecisionRecallAUC() {
    optionsFrom<NoValidationOptions>(a, "PrecisionRecallAUC");
  }
  ValidationResult apply(const Tensor<T>& output, const Tensor<T>& target) override;
  std::string name() const override { return "PrecisionRecallAUC"; }
  std::shared_ptr<const ValidationSummary> summary() const override { return summary_; }

 private:
  std::shared_ptr<const ValidationSummary> summary_;
};

}  // namespace ringdl
