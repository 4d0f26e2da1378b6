// RowPairCriterion<T, Fn>: the base of the losses that compare two tensors of one shape record by record (a
// similarity or distance per row): either the input with a target of its shape (CosineDistanceCriterion), or
// a Table {x1, x2} of the input with a target of one label per record, 1 (similar) or -1 (dissimilar)
// (CosineEmbeddingCriterion, L1HingeEmbeddingCriterion). A criterion is a functor Fn; the base reads and
// checks the inputs, splits them into rows, sums the rows' losses, divides by the normaliser and fills
// gradInput (a Tensor, or a Table of the two gradients):
//
//   struct CosineDistanceCriterionFn {
//     static constexpr const char* kName = "CosineDistanceCriterion";
//     static constexpr RowPairInputs kInputs = RowPairInputs::kInputAndTarget;
//     bool sizeAverage = true;
//     template <typename V> void fields(V& v) { v("sizeAverage", sizeAverage); }
//     // The loss of the row pair a, b of d values with label y (0 for kInputAndTarget); when ga is not null,
//     // also writes scale * dloss/da into ga (and scale * dloss/db into gb when that is not null).
//     template <typename T> double row(const T* a, const T* b, int64_t d, double y, T* ga, T* gb,
//                                      double scale) const;
//     ElementNorm norm() const { return sizeAverage ? ElementNorm::kRows : ElementNorm::kSum; }
//   };
//
// Rows are the records along dimension 0, each flattened (a 1-d input is one record), or, where the functor
// declares `static constexpr bool kLastDimRows = true`, the vectors along the last dimension. A functor may
// declare `void check() const` to validate its options.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/criterions/element_wise_criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

/// Where a row-pair criterion finds its two tensors: the input and a target of its shape, or a Table {x1, x2}
/// of the input with one 1/-1 label per record in the target.
enum class RowPairInputs { kInputAndTarget, kPairAndLabel };

namespace detail {
template <typename Fn, typename = void>
struct LastDimRows : std::false_type {};
template <typename Fn>
struct LastDimRows<Fn, std::void_t<decltype(Fn::kLastDimRows)>> : std::bool_constant<Fn::kLastDimRows> {};
}  // namespace detail

template <typename T, typename Fn>
class RowPairCriterion : public Criterion<T> {
 public:
  using Options = Fn;
  static constexpr bool kPair = Fn::kInputs == RowPairInputs::kPairAndLabel;

  explicit RowPairCriterion(Fn fn = Fn{}) : Criterion<T>(Fn::kName), fn_(std::move(fn)) {
    if constexpr (detail::HasCriterionCheck<Fn>::value) fn_.check();
  }
  /// Rebuilds from config() (the registry's constructor).
  explicit RowPairCriterion(const Attributes& a) : RowPairCriterion(optionsFrom<Fn>(a, Fn::kName)) {}

  Attributes config() const override { return attributesOf(fn_); }
  const Fn& options() const { return fn_; }

  /// The number of records (or, for a mean over elements, of elements) with averaging, else std::nullopt.
  std::optional<double> batchNormalizer(const Activity<T>& input, const Activity<T>& target) const override {
    const Operands o = operands(input, target);
    switch (fn_.norm()) {
      case ElementNorm::kElements:
        return static_cast<double>(o.a.numel());
      case ElementNorm::kRows:
        return static_cast<double>(o.rows);
      default:
        return std::nullopt;
    }
  }

  T updateOutput(const Activity<T>& input, const Activity<T>& target) override {
    const Operands o = operands(input, target);
    const T* a = o.a.data();
    const T* b = o.b.data();
    double loss = 0;
    for (int64_t r = 0; r < o.rows; ++r)
      loss += fn_.row(a + r * o.d, b + r * o.d, o.d, label(o, r), static_cast<T*>(nullptr),
                      static_cast<T*>(nullptr), 0.0);
    return static_cast<T>(loss / divisor(o));
  }

  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& target) override {
    const Operands o = operands(input, target);
    if constexpr (kPair) {
      if (!this->gradInput_.isTable() || this->gradInput_.toTable().size() != 2)
        this->gradInput_ = Activity<T>::table({Activity<T>(Tensor<T>()), Activity<T>(Tensor<T>())});
    }
    Tensor<T>& ga = kPair ? this->gradInput_.toTable()[0].toTensor() : this->gradInput_.toTensor();
    ga.resize(input.isTable() ? input.toTable()[0].toTensor().shape() : input.toTensor().shape());
    T* gb = nullptr;
    if constexpr (kPair) {
      Tensor<T>& g = this->gradInput_.toTable()[1].toTensor();
      g.resize(ga.shape());
      gb = g.data();
    }
    const double scale = 1 / divisor(o);
    const T* a = o.a.data();
    const T* b = o.b.data();
    for (int64_t r = 0; r < o.rows; ++r)
      fn_.row(a + r * o.d, b + r * o.d, o.d, label(o, r), ga.data() + r * o.d, gb ? gb + r * o.d : nullptr,
              scale);
    return this->gradInput_;
  }

 private:
  struct Operands {
    Tensor<T> a, b, y;  // contiguous
    int64_t rows = 0, d = 0;
  };

  Operands operands(const Activity<T>& input, const Activity<T>& target) const {
    Operands o;
    RINGDL_CHECK_CRITERION(target.isTensor(), "takes a Tensor target, got a Table of ",
                           target.toTable().size(), " entries");
    const Tensor<T>& t = target.toTensor();
    if constexpr (kPair) {
      RINGDL_CHECK_CRITERION(input.isTable() && input.toTable().size() == 2 &&
                                 input.toTable()[0].isTensor() && input.toTable()[1].isTensor(),
                             "takes a Table {x1, x2} of two Tensors as input, got ",
                             input.isTable()
                                 ? "a Table of " + std::to_string(input.toTable().size()) + " entries"
                                 : "a Tensor of shape " + toString(input.toTensor().shape()));
      const Tensor<T>& x1 = input.toTable()[0].toTensor();
      const Tensor<T>& x2 = input.toTable()[1].toTensor();
      RINGDL_CHECK_CRITERION(x1.shape() == x2.shape(), "x1 of shape ", toString(x1.shape()),
                             " and x2 of shape ", toString(x2.shape()),
                             " differ; the pair must have one shape ([N, D] or [D])");
      o.a = x1.contiguous(), o.b = x2.contiguous();
    } else {
      RINGDL_CHECK_CRITERION(input.isTensor(), "takes a Tensor input, got a Table of ",
                             input.toTable().size(), " entries");
      const Tensor<T>& x = input.toTensor();
      RINGDL_CHECK_CRITERION(x.shape() == t.shape(), "input of shape ", toString(x.shape()),
                             " and target of shape ", toString(t.shape()),
                             " differ; they must have one shape");
      o.a = x.contiguous(), o.b = t.contiguous();
    }
    RINGDL_CHECK_CRITERION(o.a.dim() >= 1 && o.a.numel() > 0, "input of shape ", toString(o.a.shape()),
                           " has no records; expected [N, D] or [D]");
    if constexpr (detail::LastDimRows<Fn>::value) {
      o.d = o.a.size(-1);
      o.rows = o.a.numel() / o.d;
    } else {
      o.rows = o.a.dim() >= 2 ? o.a.size(0) : 1;
      o.d = o.a.numel() / o.rows;
    }
    if constexpr (kPair) {
      RINGDL_CHECK_CRITERION(t.numel() == o.rows && t.dim() <= 2, "target of shape ", toString(t.shape()),
                             " does not give one label per record of input ", toString(o.a.shape()),
                             "; expected [", o.rows, "] or [", o.rows,
                             ", 1] of 1 (similar) and -1 (dissimilar)");
      o.y = t.contiguous();
      for (int64_t r = 0; r < o.rows; ++r) {
        const T v = o.y.data()[r];
        RINGDL_CHECK_CRITERION(v == T(1) || v == T(-1), "target ", v, " at position ", r,
                               " is neither 1 (similar) nor -1 (dissimilar)");
      }
    }
    return o;
  }

  static double label(const Operands& o, int64_t r) {
    return kPair ? static_cast<double>(o.y.data()[r]) : 0.0;
  }

  double divisor(const Operands& o) const {
    const ElementNorm norm = fn_.norm();
    if (norm == ElementNorm::kElements) return static_cast<double>(o.a.numel());
    if (norm == ElementNorm::kRows) return static_cast<double>(o.rows);
    return 1.0;
  }

  Fn fn_;
};

#define RINGDL_EXTERN_ROW_PAIR_CRITERION(Fn)         \
  extern template class RowPairCriterion<float, Fn>; \
  extern template class RowPairCriterion<double, Fn>;
#define RINGDL_INSTANTIATE_ROW_PAIR_CRITERION(Fn) \
  template class RowPairCriterion<float, Fn>;     \
  template class RowPairCriterion<double, Fn>;

}  // namespace ringdl
