// RowCriterion<T, Fn> and the per-row functors of MultiMarginCriterion, MultiLabelMarginCriterion and
// MultiLabelSoftMarginCriterion. The batch is read into double once per call, so the functors are written
// once and a large batch loses no precision in float.
#include <cmath>

#include "ringdl/nn/criterions/multi_label_margin_criterion.h"
#include "ringdl/nn/criterions/multi_label_soft_margin_criterion.h"
#include "ringdl/nn/criterions/multi_margin_criterion.h"
#include "ringdl/nn/criterions/row_criterion.h"
#include "ringdl/nn/layers/activation/element_wise.h"

namespace ringdl {

namespace {
void checkLabel(const std::string& where, double v, int64_t classes, int64_t row, bool padding) {
  RINGDL_CHECK(std::isfinite(v) && v == std::floor(v), where, ": target ", v, " of record ", row,
               " is not an integer class index; labels are 0-based (0..", classes - 1, ")");
  RINGDL_CHECK(
      (v >= 0 || (padding && v == -1)) && v < static_cast<double>(classes), where, ": target ", v,
      " of record ", row, " is out of range for ", classes, " classes; labels are 0-based (0..", classes - 1,
      ")", padding ? ", and -1 ends a record's list" : "",
      v == static_cast<double>(classes) ? " (it looks 1-based, BigDL's convention: subtract 1)" : "");
}

void checkWeights(const std::string& where, const std::vector<double>& weights, int64_t classes) {
  RINGDL_CHECK(weights.empty() || static_cast<int64_t>(weights.size()) == classes, where, ": ",
               weights.size(), " class weights were given for an input with ", classes, " classes");
}

// log(1 + exp(z)) and 1 / (1 + exp(-z)) for any z.
double softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }
double sigmoid(double z) { return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z)); }
}  // namespace

// ---- MultiMarginCriterion ----

void MultiMarginCriterionFn::check() const {
  RINGDL_CHECK(p == 1 || p == 2, kName, ": p must be 1 or 2, got ", p);
}
void MultiMarginCriterionFn::checkClasses(const std::string& where, int64_t classes) const {
  checkWeights(where, weights, classes);
}
void MultiMarginCriterionFn::checkTarget(const std::string& where, const double* t, int64_t classes,
                                         int64_t row) const {
  checkLabel(where, t[0], classes, row, false);
}
double MultiMarginCriterionFn::loss(const double* x, const double* t, int64_t classes) const {
  const auto y = static_cast<int64_t>(t[0]);
  double sum = 0;
  for (int64_t i = 0; i < classes; ++i) {
    const double z = margin - x[y] + x[i];
    if (i != y && z > 0) sum += p == 1 ? z : z * z;
  }
  return sum * (weights.empty() ? 1.0 : weights[static_cast<size_t>(y)]) / static_cast<double>(classes);
}
void MultiMarginCriterionFn::grad(const double* x, const double* t, int64_t classes, double* g) const {
  const auto y = static_cast<int64_t>(t[0]);
  const double scale =
      (weights.empty() ? 1.0 : weights[static_cast<size_t>(y)]) / static_cast<double>(classes);
  g[y] = 0;
  for (int64_t i = 0; i < classes; ++i) {
    if (i == y) continue;
    const double z = margin - x[y] + x[i];
    g[i] = z > 0 ? scale * (p == 1 ? 1.0 : 2 * z) : 0.0;
    g[y] -= g[i];
  }
}

// ---- MultiLabelMarginCriterion ----

void MultiLabelMarginCriterionFn::checkTarget(const std::string& where, const double* t, int64_t classes,
                                              int64_t row) const {
  for (int64_t i = 0; i < classes && t[i] != -1; ++i) checkLabel(where, t[i], classes, row, true);
}
const std::vector<char>& MultiLabelMarginCriterionFn::targetSet(const double* t, int64_t classes) const {
  isTarget_.assign(static_cast<size_t>(classes), 0);
  for (int64_t i = 0; i < classes && t[i] >= 0; ++i) isTarget_[static_cast<size_t>(t[i])] = 1;
  return isTarget_;
}
double MultiLabelMarginCriterionFn::loss(const double* x, const double* t, int64_t classes) const {
  const std::vector<char>& in = targetSet(t, classes);
  double sum = 0;
  for (int64_t j = 0; j < classes && t[j] >= 0; ++j) {
    const double xj = x[static_cast<int64_t>(t[j])];
    for (int64_t i = 0; i < classes; ++i) {
      const double z = 1 - (xj - x[i]);
      if (!in[static_cast<size_t>(i)] && z > 0) sum += z;
    }
  }
  return sum / static_cast<double>(classes);
}
void MultiLabelMarginCriterionFn::grad(const double* x, const double* t, int64_t classes, double* g) const {
  const std::vector<char>& in = targetSet(t, classes);
  const double scale = 1 / static_cast<double>(classes);
  for (int64_t i = 0; i < classes; ++i) g[i] = 0;
  for (int64_t j = 0; j < classes && t[j] >= 0; ++j) {
    const auto yj = static_cast<int64_t>(t[j]);
    for (int64_t i = 0; i < classes; ++i) {
      if (in[static_cast<size_t>(i)] || 1 - (x[yj] - x[i]) <= 0) continue;
      g[i] += scale;
      g[yj] -= scale;
    }
  }
}

// ---- MultiLabelSoftMarginCriterion ----

void MultiLabelSoftMarginCriterionFn::checkClasses(const std::string& where, int64_t classes) const {
  checkWeights(where, weights, classes);
}
void MultiLabelSoftMarginCriterionFn::checkTarget(const std::string& where, const double* t, int64_t classes,
                                                  int64_t row) const {
  for (int64_t c = 0; c < classes; ++c)
    RINGDL_CHECK(t[c] >= 0 && t[c] <= 1, where, ": target ", t[c], " of record ", row, ", class ", c,
                 " is not in [0, 1] (1: the class is present, 0: absent)");
}
double MultiLabelSoftMarginCriterionFn::loss(const double* x, const double* t, int64_t classes) const {
  double sum = 0;
  for (int64_t c = 0; c < classes; ++c) {
    const double w = weights.empty() ? 1.0 : weights[static_cast<size_t>(c)];
    sum += w * (t[c] * softplus(-x[c]) + (1 - t[c]) * softplus(x[c]));
  }
  return sum / static_cast<double>(classes);
}
void MultiLabelSoftMarginCriterionFn::grad(const double* x, const double* t, int64_t classes,
                                           double* g) const {
  for (int64_t c = 0; c < classes; ++c) {
    const double w = weights.empty() ? 1.0 : weights[static_cast<size_t>(c)];
    g[c] = w * (sigmoid(x[c]) - t[c]) / static_cast<double>(classes);
  }
}

// ---- the base ----

template <typename T, typename Fn>
RowCriterion<T, Fn>::RowCriterion(Fn fn) : TensorCriterion<T>(Fn::kName), fn_(std::move(fn)) {
  if constexpr (detail::HasCheck<Fn>::value) fn_.check();
}

template <typename T, typename Fn>
int64_t RowCriterion<T, Fn>::read(const Tensor<T>& input, const Tensor<T>& target) {
  RINGDL_CHECK_CRITERION(input.dim() == 1 || input.dim() == 2, "expected input of shape [N, C] or [C], got ",
                         toString(input.shape()));
  const int64_t rows = input.dim() == 2 ? input.size(0) : 1;
  classes_ = input.size(-1);
  RINGDL_CHECK_CRITERION(classes_ > 0, "input of shape ", toString(input.shape()), " has no classes");
  const int64_t perRow = Fn::kLabelPerRow ? 1 : classes_;
  RINGDL_CHECK_CRITERION(target.numel() == rows * perRow && target.dim() <= 2, "target of shape ",
                         toString(target.shape()), " does not match input of shape ", toString(input.shape()),
                         "; expected ",
                         Fn::kLabelPerRow ? "one class index per record ([N], [N, 1] or a scalar)"
                                          : "the input's shape (a value per class of each record)");
  fn_.checkClasses(this->where(), classes_);
  const Tensor<T> x = input.contiguous(), t = target.contiguous();
  x_.assign(x.data(), x.data() + x.numel());
  t_.assign(t.data(), t.data() + t.numel());
  for (int64_t r = 0; r < rows; ++r) fn_.checkTarget(this->where(), t_.data() + r * perRow, classes_, r);
  return rows;
}

template <typename T, typename Fn>
T RowCriterion<T, Fn>::updateOutput(const Tensor<T>& input, const Tensor<T>& target) {
  const int64_t rows = read(input, target);
  const int64_t perRow = Fn::kLabelPerRow ? 1 : classes_;
  double sum = 0;
  for (int64_t r = 0; r < rows; ++r)
    sum += fn_.loss(x_.data() + r * classes_, t_.data() + r * perRow, classes_);
  return static_cast<T>(fn_.sizeAverage ? sum / static_cast<double>(rows) : sum);
}

template <typename T, typename Fn>
void RowCriterion<T, Fn>::updateGradInput(const Tensor<T>& input, const Tensor<T>& target,
                                          Tensor<T>& gradInput) {
  const int64_t rows = read(input, target);
  const int64_t perRow = Fn::kLabelPerRow ? 1 : classes_;
  const double norm = fn_.sizeAverage ? 1 / static_cast<double>(rows) : 1.0;
  gradInput.resize(input.shape());
  T* gi = gradInput.data();
  g_.resize(static_cast<size_t>(classes_));
  for (int64_t r = 0; r < rows; ++r) {
    fn_.grad(x_.data() + r * classes_, t_.data() + r * perRow, classes_, g_.data());
    for (int64_t c = 0; c < classes_; ++c)
      gi[r * classes_ + c] = static_cast<T>(norm * g_[static_cast<size_t>(c)]);
  }
}

template <typename T, typename Fn>
std::optional<double> RowCriterion<T, Fn>::batchNormalizer(const Activity<T>& input,
                                                           const Activity<T>&) const {
  if (!fn_.sizeAverage) return std::nullopt;
  const Tensor<T>& x = input.toTensor();
  return x.dim() == 2 ? static_cast<double>(x.size(0)) : 1.0;
}

template class RowCriterion<float, MultiMarginCriterionFn>;
template class RowCriterion<double, MultiMarginCriterionFn>;
template class RowCriterion<float, MultiLabelMarginCriterionFn>;
template class RowCriterion<double, MultiLabelMarginCriterionFn>;
template class RowCriterion<float, MultiLabelSoftMarginCriterionFn>;
template class RowCriterion<double, MultiLabelSoftMarginCriterionFn>;

}  // namespace ringdl
