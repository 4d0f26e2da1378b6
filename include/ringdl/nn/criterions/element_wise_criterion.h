// ElementWiseCriterion<T, Fn>: the base of the criterions that sum a term of each (input, target) element
// pair (MarginCriterion, SmoothL1Criterion, PoissonCriterion, ...), as ElementWise<T, Fn> is the
// activations'. A criterion is a functor; the base does the shapes, the checks, the loops, the sums and the
// options:
//
//   struct SoftMarginCriterionFn {
//     static constexpr const char* kName = "SoftMarginCriterion";
//     static constexpr ElementNorm kNorm = ElementNorm::kElements;  // what sizeAverage divides by
//     bool sizeAverage = true;                                      // read by the base
//     template <typename V> void fields(V& v) { v("sizeAverage", sizeAverage); }
//     double loss(double x, double t) const { ... }   // the term of one element
//     double grad(double x, double t) const { ... }   // its derivative in x
//   };
//   template <typename T> using SoftMarginCriterion = ElementWiseCriterion<T, SoftMarginCriterionFn>;
//
// The loss is sum(loss(x_i, t_i)) / n: n the number of elements (kElements) or of records, dimension 0 of an
// input of two or more dimensions (kRecords), when sizeAverage; else 1. That n is batchNormalizer(), so it
// adds up over the parts of a split batch. A criterion whose BigDL class always averages keeps sizeAverage
// out of its fields(). Fn may declare `void check() const` to validate its options.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/layers/activation/element_wise.h"
#include "ringdl/nn/options.h"

namespace ringdl {

/// What an element-wise criterion's mean divides by.
enum class ElementNorm { kElements, kRecords };

template <typename T, typename Fn>
class ElementWiseCriterion : public TensorCriterion<T> {
 public:
  using Options = Fn;

  explicit ElementWiseCriterion(Fn fn = Fn{}) : TensorCriterion<T>(Fn::kName), fn_(std::move(fn)) {
    if constexpr (detail::HasCheck<Fn>::value) fn_.check();
  }
  /// Rebuilds from config() (the criterion registry's constructor).
  explicit ElementWiseCriterion(const Attributes& a) : ElementWiseCriterion(optionsFrom<Fn>(a, Fn::kName)) {}

  Attributes config() const override { return attributesOf(fn_); }
  const Fn& options() const { return fn_; }

  /// The number of elements (or records, as the criterion says) with sizeAverage, std::nullopt without.
  std::optional<double> batchNormalizer(const Activity<T>& input,
                                        const Activity<T>& /*target*/) const override {
    if (!fn_.sizeAverage) return std::nullopt;
    return static_cast<double>(divisor(input.toTensor()));
  }

 protected:
  T updateOutput(const Tensor<T>& input, const Tensor<T>& target) override {
    checkSizes(input, target);
    const Tensor<T> x = input.contiguous(), t = target.contiguous();
    const T* xv = x.data();
    const T* tv = t.data();
    const int64_t n = x.numel();
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) sum += fn_.loss(static_cast<double>(xv[i]), static_cast<double>(tv[i]));
    return static_cast<T>(fn_.sizeAverage && n > 0 ? sum / static_cast<double>(divisor(input)) : sum);
  }

  void updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) override {
    checkSizes(input, target);
    const Tensor<T> x = input.contiguous(), t = target.contiguous();
    const int64_t n = x.numel();
    const double norm = fn_.sizeAverage && n > 0 ? 1.0 / static_cast<double>(divisor(input)) : 1.0;
    gradInput.resize(input.shape());
    const T* xv = x.data();
    const T* tv = t.data();
    T* gi = gradInput.data();
    for (int64_t i = 0; i < n; ++i)
      gi[i] = static_cast<T>(norm * fn_.grad(static_cast<double>(xv[i]), static_cast<double>(tv[i])));
  }

 private:
  int64_t divisor(const Tensor<T>& input) const {
    if (Fn::kNorm == ElementNorm::kElements) return input.numel();
    return input.dim() >= 2 ? input.size(0) : 1;
  }
  void checkSizes(const Tensor<T>& input, const Tensor<T>& target) const {
    RINGDL_CHECK_CRITERION(input.numel() == target.numel(), "input of shape ", toString(input.shape()), " (",
                           input.numel(), " elements) and target of shape ", toString(target.shape()), " (",
                           target.numel(), " elements) differ in size; they are paired element by element");
  }

  Fn fn_;
};

}  // namespace ringdl
