// The confusion family: ConfusionMatrix, Precision, Recall and F1 share one base that counts (true label,
// predicted class) pairs into a classes x classes matrix, kept in ValidationResult::sums so it adds exactly
// across batches and ranks; the methods differ only in the figure and the wording they draw from the matrix.
#pragma once

#include <memory>
#include <string>

#include "ringdl/optim/validation_method.h"

namespace ringdl {

/// What a confusion method reports: the accuracy, or the macro average of a per-class figure.
enum class ConfusionFigure { kAccuracy, kPrecision, kRecall, kF1 };

/// The base: output [N, classes] scores (the prediction is the first maximum) or [N] / [N, 1] probabilities
/// of class 1 (class 1 when >= 0.5, two classes), target [N] of 0-based labels. The matrix is row-major, row
/// = true label, column = predicted class.
template <typename T>
class ClassConfusion : public ValidationMethod<T> {
 public:
  ValidationResult apply(const Tensor<T>& output, const Tensor<T>& target) override;
  std::string name() const override { return name_; }
  std::shared_ptr<const ValidationSummary> summary() const override { return summary_; }

 protected:
  ClassConfusion(std::string name, ConfusionFigure figure);

 private:
  std::string name_;
  std::shared_ptr<const ValidationSummary> summary_;
};

/// The confusion matrix of the classes (no BigDL twin; sklearn's confusion_matrix(labels=range(classes))):
/// the figure is the accuracy (its trace over its total); the log prints the matrix with each class's
/// precision, recall, F1 and support.
template <typename T>
class ConfusionMatrix : public ClassConfusion<T> {
 public:
  ConfusionMatrix() : ClassConfusion<T>("ConfusionMatrix", ConfusionFigure::kAccuracy) {}
  explicit ConfusionMatrix(const Attributes& a) : ConfusionMatrix() {
    optionsFrom<NoValidationOptions>(a, "ConfusionMatrix");
  }
};

/// Precision of each class, tp / (tp + fp) (0 for a class never predicted); the figure is their mean over all
/// classes of the output, sklearn's precision_score(average="macro", labels=range(classes), zero_division=0).
template <typename T>
class Precision : public ClassConfusion<T> {
 public:
  Precision() : ClassConfusion<T>("Precision", ConfusionFigure::kPrecision) {}
  explicit Precision(const Attributes& a) : Precision() { optionsFrom<NoValidationOptions>(a, "Precision"); }
};

/// Recall of each class, tp / (tp + fn) (0 for a class absent from the labels); the figure is their mean,
/// sklearn's recall_score(average="macro", labels=range(classes), zero_division=0).
template <typename T>
class Recall : public ClassConfusion<T> {
 public:
  Recall() : ClassConfusion<T>("Recall", ConfusionFigure::kRecall) {}
  explicit Recall(const Attributes& a) : Recall() { optionsFrom<NoValidationOptions>(a, "Recall"); }
};

/// F1 of each class, 2 tp / (2 tp + fp + fn) (0 when that is 0 / 0); the figure is their mean, sklearn's
/// f1_score(average="macro", labels=range(classes), zero_division=0).
template <typename T>
class F1 : public ClassConfusion<T> {
 public:
  F1() : ClassConfusion<T>("F1", ConfusionFigure::kF1) {}
  explicit F1(const Attributes& a) : F1() { optionsFrom<NoValidationOptions>(a, "F1"); }
};

}  // namespace ringdl
