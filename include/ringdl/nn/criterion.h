// Criterion<T>: a loss (BigDL's AbstractCriterion): forward gives the scalar loss, backward its gradient
// with respect to the input. Targets are Activities too; class labels are 0-based.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "ringdl/nn/activity.h"
#include "ringdl/nn/attributes.h"

namespace ringdl {

template <typename T>
class Criterion {
 public:
  explicit Criterion(std::string typeName) : typeName_(std::move(typeName)) {}
  virtual ~Criterion() = default;
  Criterion(const Criterion&) = delete;
  Criterion& operator=(const Criterion&) = delete;

  T forward(const Activity<T>& input, const Activity<T>& target) {
    output_ = updateOutput(input, target);
    return output_;
  }
  const Activity<T>& backward(const Activity<T>& input, const Activity<T>& target) {
    return updateGradInput(input, target);
  }
  virtual T updateOutput(const Activity<T>& input, const Activity<T>& target) = 0;
  virtual const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& target) = 0;

  /// The loss of a batch is a sum of per-record terms divided by this normaliser: the number of records for
  /// a mean, the summed class weights of the targets for a weighted mean, the number of elements for an
  /// elementwise mean; std::nullopt when the loss is the plain sum. Normalisers add up over disjoint parts of a
  /// batch, which is how the distributed engine gets the loss and gradient of a global batch split across
  /// ranks exactly. The default is the number of records (dimension 0 of the target); a criterion that
  /// normalises otherwise must override it.
  virtual std::optional<double> batchNormalizer(const Activity<T>& /*input*/, const Activity<T>& target) const {
    const Activity<T>* t = &target;
    while (t->isTable() && !t->toTable().empty()) t = &t->toTable().front();
    return t->isTensor() && t->toTensor().dim() > 0 ? static_cast<double>(t->toTensor().size(0)) : 0.0;
  }

  T output() const { return output_; }
  const Activity<T>& gradInput() const { return gradInput_; }
  const std::string& typeName() const { return typeName_; }
  virtual Attributes config() const { return {}; }

 protected:
  std::string where() const { return "criterion " + typeName_; }
  T output_ = T(0);
  Activity<T> gradInput_;

 private:
  std::string typeName_;
};

/// A Criterion on a single input Tensor and a single target Tensor.
template <typename T>
class TensorCriterion : public Criterion<T> {
 public:
  using Criterion<T>::Criterion;
  T updateOutput(const Activity<T>& input, const Activity<T>& target) final {
    return updateOutput(tensorOf(input, "input"), tensorOf(target, "target"));
  }
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& target) final {
    updateGradInput(tensorOf(input, "input"), tensorOf(target, "target"), this->gradInput_.toTensor());
    return this->gradInput_;
  }

 protected:
  virtual T updateOutput(const Tensor<T>& input, const Tensor<T>& target) = 0;
  virtual void updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) = 0;

 private:
  const Tensor<T>& tensorOf(const Activity<T>& a, const char* what) const {
    RINGDL_CHECK(a.isTensor(), this->where(), ": takes a Tensor ", what, ", got a Table of ",
                 a.toTable().size(), " entries");
    return a.toTensor();
  }
};

template <typename T>
using CriterionPtr = std::shared_ptr<Criterion<T>>;

}  // namespace ringdl

/// Inside a criterion: throws ringdl::Error prefixed with the criterion's type unless cond holds.
#define RINGDL_CHECK_CRITERION(cond, ...) RINGDL_CHECK(cond, this->where(), ": ", __VA_ARGS__)
