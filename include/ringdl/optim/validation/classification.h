// Class-index validation methods beyond top-k: MAE (BigDL's mean absolute error between the predicted and the
// true class index) and TreeNNAccuracy (BigDL's accuracy of a tree network's root). Both count per record, so
// their results add exactly across batches and ranks.
#pragma once

#include <string>

#include "ringdl/optim/validation_method.h"

namespace ringdl {

/// BigDL's MAE: the mean of |argmax(output) - label| over records, output [N, classes] (or one record
/// [classes]), target [N] of 0-based labels; the first maximum wins a tie. BigDL averages each batch's mean
/// over batches; here every record weighs the same, so the figure does not depend on the batch size.
/// PyTorch: (output.argmax(1) - target).abs().float().mean(). Lower is better.
template <typename T>
class MAE : public ValidationMethod<T> {
 public:
  MAE() = default;
  explicit MAE(const Attributes& a) { optionsFrom<NoValidationOptions>(a, "MAE"); }
  ValidationResult apply(const Tensor<T>& output, const Tensor<T>& target) override;
  std::string name() const override { return "MAE"; }
  bool lowerIsBetter() const override { return true; }
};

/// BigDL's TreeNNAccuracy: the accuracy of the root of a tree network (TreeLSTM), the first node of each
/// record. Output [N, nodes, classes] with target [N, nodes] (or [N]: the root's label), or one record
/// [nodes, classes] with target [nodes] (or one label). With several classes the prediction is the first
/// maximum's 0-based index; with one, a probability: class 1 when it is >= 0.5, else class 0.
template <typename T>
class TreeNNAccuracy : public ValidationMethod<T> {
 public:
  TreeNNAccuracy() = default;
  explicit TreeNNAccuracy(const Attributes& a) { optionsFrom<NoValidationOptions>(a, "TreeNNAccuracy"); }
  ValidationResult apply(const Tensor<T>& output, const Tensor<T>& target) override;
  std::string name() const override { return "TreeNNAccuracy"; }
};

}  // namespace ringdl
