// The confusion family: one counting pass into a classes x classes matrix; figures and wording from it.
#include "ringdl/optim/validation/confusion.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "scored_batch.h"

namespace ringdl {

namespace {

using Figure = ConfusionFigure;

// A view of a merged confusion matrix: counts by (true label, predicted class).
struct Matrix {
  explicit Matrix(const ValidationResult& r)
      : m(r.sums),
        classes(static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(r.sums.size()))))) {}
  double at(int64_t label, int64_t predicted) const { return m[label * classes + predicted]; }
  double truePositives(int64_t c) const { return at(c, c); }
  double predicted(int64_t c) const {
    double s = 0;
    for (int64_t i = 0; i < classes; ++i) s += at(i, c);
    return s;
  }
  double support(int64_t c) const {
    double s = 0;
    for (int64_t j = 0; j < classes; ++j) s += at(c, j);
    return s;
  }
  static double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }
  double precision(int64_t c) const { return ratio(truePositives(c), predicted(c)); }
  double recall(int64_t c) const { return ratio(truePositives(c), support(c)); }
  double f1(int64_t c) const {
    return ratio(2 * truePositives(c), predicted(c) + support(c));  // 2tp / (2tp + fp + fn)
  }
  double of(Figure f, int64_t c) const {
    return f == Figure::kPrecision ? precision(c) : f == Figure::kRecall ? recall(c) : f1(c);
  }
  double accuracy() const {
    double correct = 0, total = 0;
    for (int64_t c = 0; c < classes; ++c) correct += truePositives(c), total += support(c);
    return ratio(correct, total);
  }
  double macro(Figure f) const {
    double s = 0;
    for (int64_t c = 0; c < classes; ++c) s += of(f, c);
    return classes > 0 ? s / static_cast<double>(classes) : 0.0;
  }

  const std::vector<double>& m;
  int64_t classes;
};

class ConfusionSummary : public ValidationSummary {
 public:
  ConfusionSummary(std::string name, Figure figure) : name_(std::move(name)), figure_(figure) {}

  double result(const ValidationResult& r) const override {
    const Matrix m(r);
    return figure_ == Figure::kAccuracy ? m.accuracy() : m.macro(figure_);
  }

  std::string toString(const ValidationResult& r) const override {
    const Matrix m(r);
    std::ostringstream os;
    if (figure_ != Figure::kAccuracy) {
      os << name_ << "(count: " << r.count << ", macro average: " << result(r) << "; by class:";
      for (int64_t c = 0; c < m.classes; ++c) os << (c == 0 ? " " : ", ") << m.of(figure_, c);
      os << ")";
      return os.str();
    }
    os << name_ << "(count: " << r.count << ", accuracy: " << m.accuracy() << ")";
    // The matrix, rows the true labels and columns the predictions, right-aligned in columns as wide as the
    // largest count or class number.
    double largest = static_cast<double>(m.classes - 1);
    for (double v : m.m) largest = std::max(largest, v);
    const int width = static_cast<int>(std::to_string(static_cast<int64_t>(largest)).size()) + 2;
    const std::string corner = "true\\predicted";
    os << "\n  " << corner;
    for (int64_t c = 0; c < m.classes; ++c) os << std::setw(width) << c;
    for (int64_t i = 0; i < m.classes; ++i) {
      os << "\n  " << std::setw(static_cast<int>(corner.size())) << i;
      for (int64_t j = 0; j < m.classes; ++j) os << std::setw(width) << static_cast<int64_t>(m.at(i, j));
    }
    for (int64_t c = 0; c < m.classes; ++c)
      os << "\n  class " << c << ": precision " << m.precision(c) << ", recall " << m.recall(c) << ", f1 "
         << m.f1(c) << ", support " << static_cast<int64_t>(m.support(c));
    return os.str();
  }

 private:
  std::string name_;
  Figure figure_;
};

}  // namespace

template <typename T>
ClassConfusion<T>::ClassConfusion(std::string name, ConfusionFigure figure)
    : name_(std::move(name)), summary_(std::make_shared<ConfusionSummary>(name_, figure)) {}

template <typename T>
ValidationResult ClassConfusion<T>::apply(const Tensor<T>& output, const Tensor<T>& target) {
  // One probability per record ([N] or [N, 1]) is a binary problem: class 1 at 0.5 and above.
  const bool binary = output.dim() == 1 || (output.dim() == 2 && output.size(1) == 1);
  const Tensor<T> scores = binary ? output.contiguous().view({-1, 1}) : output;
  const auto b = validation_detail::scoredBatch(name_, scores, target);
  const int64_t classes = binary ? 2 : b.classes;
  ValidationResult r{name_, 0, b.n, false};
  r.summary = summary_;
  r.sums.assign(static_cast<size_t>(classes * classes), 0.0);
  for (int64_t i = 0; i < b.n; ++i) {
    const int64_t label = validation_detail::labelAt(name_, b.target, i, classes);
    const int64_t predicted =
        binary ? (b.row(i)[0] >= T(0.5) ? 1 : 0) : validation_detail::argmax(b.row(i), b.classes);
    r.sums[static_cast<size_t>(label * classes + predicted)] += 1;
    if (label == predicted) r.total += 1;
  }
  return r;
}

template class ClassConfusion<float>;
template class ClassConfusion<double>;

}  // namespace ringdl
