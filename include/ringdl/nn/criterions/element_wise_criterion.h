// ElementWiseCriterion<T, Fn>: the base of the losses that are a sum of one term per element of an input and
// a target of as many elements (AbsCriterion, BCECriterion, MarginCriterion, SmoothL1Criterion,
// PoissonCriterion, ...; Caffe's LossLayer, mlpack's loss functors), as ElementWise<T, Fn> is the
// activations'. A criterion is a functor Fn; the base does the sizes, the checks, the loops, the normaliser
// and the options:
//
//   struct AbsCriterionFn {
//     static constexpr const char* kName = "AbsCriterion";
//     bool sizeAverage = true;                                             // the options, listed once
//     template <typename V> void fields(V& v) { v("sizeAverage", sizeAverage); }
//     double loss(double x, double t) const { return std::abs(x - t); }   // one element's term
//     double grad(double x, double t) const { return x > t ? 1 : x < t ? -1 : 0; }  // its d/dx
//     ElementNorm norm() const { return sizeAverage ? ElementNorm::kElements : ElementNorm::kSum; }
//   };
//   template <typename T> using AbsCriterion = ElementWiseCriterion<T, AbsCriterionFn>;
//
// norm() says what the sum is divided by, per instance: kSum with sizeAverage off, the averaging norm with it
// on (a criterion whose BigDL class always averages returns that norm and keeps sizeAverage out of its
// fields()). That divisor is batchNormalizer(), so it adds up over the parts of a split batch.
// A functor may also declare:
//   `std::vector<double> weights;` (an option): per-element weights, one per element of the input or one per
//     element of a sample (broadcast over dimension 0, BigDL's weights of the input's tail);
//   `const char* invalid(double x, double t) const`: what is wrong with an element (nullptr when nothing),
//     reported with its position and values;
//   `static constexpr bool kIgnoresTarget = true`: the target is not read (L1Cost), any target is accepted;
//   `void check() const`: validates the options on construction.
// Terms are summed in double, so a large batch loses no precision in float.
#pragma once

#include <cmath>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

/// What an element-wise loss is divided by: nothing (a plain sum), the number of elements (a mean over
/// elements, PyTorch's reduction='mean'), or the number of records (dimension 0; 1 for a 1-d input).
enum class ElementNorm { kSum, kElements, kRows };

namespace detail {
template <typename Fn, typename = void>
struct HasWeights : std::false_type {};
template <typename Fn>
struct HasWeights<Fn, std::void_t<decltype(std::declval<const Fn&>().weights)>> : std::true_type {};
template <typename Fn, typename = void>
struct HasInvalid : std::false_type {};
template <typename Fn>
struct HasInvalid<Fn, std::void_t<decltype(std::declval<const Fn&>().invalid(0.0, 0.0))>> : std::true_type {};
template <typename Fn, typename = void>
struct IgnoresTarget : std::false_type {};
template <typename Fn>
struct IgnoresTarget<Fn, std::void_t<decltype(Fn::kIgnoresTarget)>> : std::bool_constant<Fn::kIgnoresTarget> {
};
template <typename Fn, typename = void>
struct HasCriterionCheck : std::false_type {};
template <typename Fn>
struct HasCriterionCheck<Fn, std::void_t<decltype(std::declval<const Fn&>().check())>> : std::true_type {};
}  // namespace detail

template <typename T, typename Fn>
class ElementWiseCriterion : public TensorCriterion<T> {
 public:
  using Options = Fn;

  explicit ElementWiseCriterion(Fn fn = Fn{}) : TensorCriterion<T>(Fn::kName), fn_(std::move(fn)) {
    if constexpr (detail::HasCriterionCheck<Fn>::value) fn_.check();
  }
  /// Rebuilds from config() (the registry's constructor).
  explicit ElementWiseCriterion(const Attributes& a) : ElementWiseCriterion(optionsFrom<Fn>(a, Fn::kName)) {}

  Attributes config() const override { return attributesOf(fn_); }
  const Fn& options() const { return fn_; }

  /// The number of elements or records the functor averages over, std::nullopt for a plain sum.
  std::optional<double> batchNormalizer(const Activity<T>& input,
                                        const Activity<T>& /*target*/) const override {
    const Tensor<T>& x = input.toTensor();
    switch (fn_.norm()) {
      case ElementNorm::kElements:
        return static_cast<double>(x.numel());
      case ElementNorm::kRows:
        return static_cast<double>(rowsOf(x));
      default:
        return std::nullopt;
    }
  }

 protected:
  T updateOutput(const Tensor<T>& input, const Tensor<T>& target) override {
    check(input, target);
    const Tensor<T> x = input.contiguous(), t = targetOf(input, target);
    const T* xv = x.data();
    const T* tv = t.data();
    int64_t period = 1;
    const double* w = weightsFor(x, period);
    const int64_t n = x.numel();
    double loss = 0;
    for (int64_t i = 0; i < n; ++i) {
      const double term = fn_.loss(static_cast<double>(xv[i]), static_cast<double>(tv[i]));
      loss += w ? w[i % period] * term : term;
    }
    return static_cast<T>(loss / divisor(x));
  }

  void updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) override {
    check(input, target);
    const Tensor<T> x = input.contiguous(), t = targetOf(input, target);
    gradInput.resize(input.shape());
    const T* xv = x.data();
    const T* tv = t.data();
    T* gi = gradInput.data();
    int64_t period = 1;
    const double* w = weightsFor(x, period);
    const int64_t n = x.numel();
    const double scale = 1 / divisor(x);
    for (int64_t i = 0; i < n; ++i) {
      const double g = fn_.grad(static_cast<double>(xv[i]), static_cast<double>(tv[i])) * scale;
      gi[i] = static_cast<T>(w ? w[i % period] * g : g);
    }
  }

 private:
  static int64_t rowsOf(const Tensor<T>& x) { return x.dim() >= 2 ? x.size(0) : 1; }

  double divisor(const Tensor<T>& x) const {
    const ElementNorm norm = fn_.norm();
    if (norm == ElementNorm::kElements && x.numel() > 0) return static_cast<double>(x.numel());
    if (norm == ElementNorm::kRows && rowsOf(x) > 0) return static_cast<double>(rowsOf(x));
    return 1.0;
  }

  // The target as a contiguous tensor of the input's elements (the input itself when the target is not read,
  // so the loops need no second case).
  Tensor<T> targetOf(const Tensor<T>& input, const Tensor<T>& target) const {
    if constexpr (detail::IgnoresTarget<Fn>::value) {
      (void)target;
      return input.contiguous();
    } else {
      (void)input;
      return target.contiguous();
    }
  }

  // The weights, checked against the input, and their number (period), or nullptr.
  const double* weightsFor(const Tensor<T>& x, int64_t& period) const {
    if constexpr (detail::HasWeights<Fn>::value) {
      if (fn_.weights.empty()) return nullptr;
      const int64_t k = static_cast<int64_t>(fn_.weights.size());
      period = k;
      const int64_t perRecord = x.dim() >= 1 && x.size(0) > 0 ? x.numel() / x.size(0) : x.numel();
      RINGDL_CHECK_CRITERION(
          k == x.numel() || k == perRecord, fn_.weights.size(), " weights were given for an input of shape ",
          toString(x.shape()), " (", x.numel(),
          " elements); give one weight per element of the input or of one record (", perRecord, ")");
      return fn_.weights.data();
    } else {
      (void)x, (void)period;
      return nullptr;
    }
  }

  void check(const Tensor<T>& input, const Tensor<T>& target) const {
    if constexpr (!detail::IgnoresTarget<Fn>::value) {
      RINGDL_CHECK_CRITERION(input.numel() == target.numel(), "input of shape ", toString(input.shape()),
                             " (", input.numel(), " elements) and target of shape ", toString(target.shape()),
                             " (", target.numel(), " elements) differ in size");
    }
    if constexpr (detail::HasInvalid<Fn>::value) {
      const Tensor<T> x = input.contiguous(), t = targetOf(input, target);
      const T* xv = x.data();
      const T* tv = t.data();
      for (int64_t i = 0; i < x.numel(); ++i) {
        const char* why = fn_.invalid(static_cast<double>(xv[i]), static_cast<double>(tv[i]));
        RINGDL_CHECK_CRITERION(why == nullptr, "element ", i, " (input ", xv[i], ", target ", tv[i],
                               "): ", why);
      }
    }
  }

  Fn fn_;
};

/// The explicit instantiations of the element-wise criterions: their header lists the functors in an X-macro
/// and declares LIST(RINGDL_EXTERN_ELEMENT_WISE_CRITERION); the source LIST(RINGDL_INSTANTIATE_...).
#define RINGDL_EXTERN_ELEMENT_WISE_CRITERION(Fn)         \
  extern template class ElementWiseCriterion<float, Fn>; \
  extern template class ElementWiseCriterion<double, Fn>;
#define RINGDL_INSTANTIATE_ELEMENT_WISE_CRITERION(Fn) \
  template class ElementWiseCriterion<float, Fn>;     \
  template class ElementWiseCriterion<double, Fn>;

}  // namespace ringdl
