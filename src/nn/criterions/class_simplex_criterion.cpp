// ClassSimplexCriterion<T>: the simplex is built once (Torch's regsplex), then one pass of squared errors.
#include "ringdl/nn/criterions/class_simplex_criterion.h"

#include <cmath>

#include "../detail/class_targets.h"

namespace ringdl {

namespace {
// The k + 1 vertices of a regular simplex in k dimensions, unit norm, centred on 0, as rows of k + 1 values
// (the last coordinate 0): vertex 0 is e_0, and each later coordinate is chosen so that every pair of
// vertices has the inner product -1/k.
std::vector<double> regularSimplex(int64_t classes) {
  const int64_t k = classes - 1;
  std::vector<double> a(static_cast<size_t>(classes * classes), 0.0);
  auto at = [&](int64_t r, int64_t c) -> double& { return a[static_cast<size_t>(r * classes + c)]; };
  for (int64_t j = 0; j < k; ++j) {
    double norm2 = 0;
    for (int64_t c = 0; c < j; ++c) norm2 += at(j, c) * at(j, c);
    at(j, j) = j == 0 ? 1.0 : std::sqrt(1 - norm2);
    const double rest = (at(j, j) * at(j, j) - 1 - 1.0 / static_cast<double>(k)) / at(j, j);
    for (int64_t r = j + 1; r < classes; ++r) at(r, j) = rest;
  }
  return a;
}
}  // namespace

template <typename T>
ClassSimplexCriterion<T>::ClassSimplexCriterion(const ClassSimplexCriterionOptions& options)
    : TensorCriterion<T>("ClassSimplexCriterion"), options_(options) {
  RINGDL_CHECK(options.nClasses >= 2, "ClassSimplexCriterion: nClasses must be at least 2, got ",
               options.nClasses);
  simplex_ = regularSimplex(options.nClasses);
}

template <typename T>
void ClassSimplexCriterion<T>::read(const Tensor<T>& input, const Tensor<T>& target) {
  const detail::ClassInput ci = detail::readClassTargets(this->where(), input, target, labels_);
  RINGDL_CHECK_CRITERION(ci.classes == options_.nClasses, "input of shape ", toString(input.shape()), " has ",
                         ci.classes, " entries per row, but the criterion embeds ", options_.nClasses,
                         " classes (nClasses)");
  rows_ = ci.rows;
}

template <typename T>
T ClassSimplexCriterion<T>::updateOutput(const Tensor<T>& input, const Tensor<T>& target) {
  read(input, target);
  const Tensor<T> x = input.contiguous();
  const int64_t c = options_.nClasses;
  double loss = 0;
  for (int64_t r = 0; r < rows_; ++r) {
    const T* xr = x.data() + r * c;
    const double* v = simplex_.data() + labels_[r] * c;
    for (int64_t j = 0; j < c; ++j) {
      const double d = static_cast<double>(xr[j]) - v[j];
      loss += d * d;
    }
  }
  return static_cast<T>(loss / static_cast<double>(x.numel()));
}

template <typename T>
void ClassSimplexCriterion<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& target,
                                               Tensor<T>& gradInput) {
  read(input, target);
  const Tensor<T> x = input.contiguous();
  const int64_t c = options_.nClasses;
  gradInput.resize(input.shape());
  const double norm = 2.0 / static_cast<double>(x.numel());
  for (int64_t r = 0; r < rows_; ++r) {
    const T* xr = x.data() + r * c;
    const double* v = simplex_.data() + labels_[r] * c;
    T* g = gradInput.data() + r * c;
    for (int64_t j = 0; j < c; ++j) g[j] = static_cast<T>(norm * (static_cast<double>(xr[j]) - v[j]));
  }
}

template class ClassSimplexCriterion<float>;
template class ClassSimplexCriterion<double>;

}  // namespace ringdl
