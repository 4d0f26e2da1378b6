// The criterions on a diagonal Gaussian given as a Table {mean, logVar} of two Tensors of one shape (the
// output of a variational encoder): KLDCriterion and GaussianCriterion, one functor each over
// GaussianTermCriterion<T, Fn>, which reads and checks the Table, sums one term per element in double and
// gives the Table of the two gradients. A functor gives
//   `double term(double mean, double logVar, double target, double& dMean, double& dLogVar) const`,
// `static constexpr bool kReadsTarget` (false: any target is accepted, as BigDL's KLDCriterion) and norm().
#pragma once

#include <cmath>
#include <string>
#include <utility>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/criterions/element_wise_criterion.h"
#include "ringdl/nn/options.h"

namespace ringdl {

template <typename T, typename Fn>
class GaussianTermCriterion : public Criterion<T> {
 public:
  using Options = Fn;
  explicit GaussianTermCriterion(Fn fn = Fn{}) : Criterion<T>(Fn::kName), fn_(std::move(fn)) {}
  explicit GaussianTermCriterion(const Attributes& a)
      : GaussianTermCriterion(optionsFrom<Fn>(a, Fn::kName)) {}

  Attributes config() const override { return attributesOf(fn_); }
  const Fn& options() const { return fn_; }

  /// The number of records (dimension 0 of mean; 1 for a 1-d mean) with averaging, else std::nullopt.
  std::optional<double> batchNormalizer(const Activity<T>& input,
                                        const Activity<T>& /*target*/) const override {
    if (fn_.norm() == ElementNorm::kSum) return std::nullopt;
    return static_cast<double>(rows(input.toTable()[0].toTensor()));
  }

  T updateOutput(const Activity<T>& input, const Activity<T>& target) override {
    return run(input, target, false);
  }

  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& target) override {
    run(input, target, true);
    return this->gradInput_;
  }

 private:
  static int64_t rows(const Tensor<T>& mean) { return mean.dim() >= 2 ? mean.size(0) : 1; }

  T run(const Activity<T>& input, const Activity<T>& target, bool backward) {
    RINGDL_CHECK_CRITERION(input.isTable() && input.toTable().size() == 2 && input.toTable()[0].isTensor() &&
                               input.toTable()[1].isTensor(),
                           "takes a Table {mean, logVar} of two Tensors as input, got ",
                           input.isTable()
                               ? "a Table of " + std::to_string(input.toTable().size()) + " entries"
                               : "a Tensor of shape " + toString(input.toTensor().shape()));
    const Tensor<T> m = input.toTable()[0].toTensor().contiguous();
    const Tensor<T> lv = input.toTable()[1].toTensor().contiguous();
    RINGDL_CHECK_CRITERION(m.shape() == lv.shape(), "mean of shape ", toString(m.shape()),
                           " and logVar of shape ", toString(lv.shape()),
                           " differ; they must have one shape");
    Tensor<T> t;
    if constexpr (Fn::kReadsTarget) {
      RINGDL_CHECK_CRITERION(
          target.isTensor() && target.toTensor().numel() == m.numel(), "target ",
          target.isTensor() ? "of shape " + toString(target.toTensor().shape()) : std::string("Table"),
          " does not match mean of shape ", toString(m.shape()), "; give a Tensor of its elements");
      t = target.toTensor().contiguous();
    }
    const int64_t n = m.numel();
    const double scale = fn_.norm() == ElementNorm::kSum || rows(m) == 0 ? 1.0 : 1.0 / rows(m);
    T *gm = nullptr, *glv = nullptr;
    if (backward) {
      if (!this->gradInput_.isTable() || this->gradInput_.toTable().size() != 2)
        this->gradInput_ = Activity<T>::table({Activity<T>(Tensor<T>()), Activity<T>(Tensor<T>())});
      Tensor<T>& a = this->gradInput_.toTable()[0].toTensor();
      Tensor<T>& b = this->gradInput_.toTable()[1].toTensor();
      a.resize(m.shape()), b.resize(m.shape());
      gm = a.data(), glv = b.data();
    }
    const T* mv = m.data();
    const T* lvv = lv.data();
    const T* tv = Fn::kReadsTarget ? t.data() : nullptr;
    double loss = 0;
    for (int64_t i = 0; i < n; ++i) {
      double dm = 0, dlv = 0;
      loss += fn_.term(mv[i], lvv[i], tv ? static_cast<double>(tv[i]) : 0.0, dm, dlv);
      if (backward) gm[i] = static_cast<T>(dm * scale), glv[i] = static_cast<T>(dlv * scale);
    }
    return static_cast<T>(loss * scale);
  }

  Fn fn_;
};

/// BigDL's KLDCriterion: the KL divergence of N(mean, exp(logVar)) from N(0, 1),
/// -0.5 sum (1 + logVar - mean^2 - exp(logVar)), averaged over the records with sizeAverage; the target is
/// not read (PyTorch has no module; the reference composes it).
struct KLDCriterionFn {
  static constexpr const char* kName = "KLDCriterion";
  static constexpr bool kReadsTarget = false;
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("sizeAverage", sizeAverage);
  }
  double term(double m, double lv, double /*t*/, double& dm, double& dlv) const {
    const double e = std::exp(lv);
    dm = m, dlv = 0.5 * (e - 1);
    return -0.5 * (1 + lv - m * m - e);
  }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kRows : ElementNorm::kSum; }
};
template <typename T>
using KLDCriterion = GaussianTermCriterion<T, KLDCriterionFn>;

/// BigDL's GaussianCriterion: the negative log-likelihood of the target under N(mean, exp(logVar)),
/// sum 0.5 log(2 pi) + 0.5 logVar + 0.5 (t - mean)^2 exp(-logVar), summed (PyTorch's GaussianNLLLoss with
/// full=True and reduction='sum', which takes the variance rather than its log).
struct GaussianCriterionFn {
  static constexpr const char* kName = "GaussianCriterion";
  static constexpr bool kReadsTarget = true;
  template <typename V>
  void fields(V&) {}
  double term(double m, double lv, double t, double& dm, double& dlv) const {
    const double r = t - m, q = r * r * std::exp(-lv);
    dm = -r * std::exp(-lv), dlv = 0.5 - 0.5 * q;
    return 0.5 * std::log(2 * M_PI) + 0.5 * lv + 0.5 * q;
  }
  ElementNorm norm() const { return ElementNorm::kSum; }
};
template <typename T>
using GaussianCriterion = GaussianTermCriterion<T, GaussianCriterionFn>;

#define RINGDL_GAUSSIAN_CRITERIONS(X) X(KLDCriterionFn) X(GaussianCriterionFn)
#define RINGDL_EXTERN_GAUSSIAN_CRITERION(Fn)              \
  extern template class GaussianTermCriterion<float, Fn>; \
  extern template class GaussianTermCriterion<double, Fn>;
RINGDL_GAUSSIAN_CRITERIONS(RINGDL_EXTERN_GAUSSIAN_CRITERION)

}  // namespace ringdl
