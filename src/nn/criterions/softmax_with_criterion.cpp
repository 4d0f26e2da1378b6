// SoftmaxWithCriterion<T>: the shared max-subtracted log-softmax over the class dimension viewed as
// [outer, C, inner], then one pass over the positions; the gradient is (softmax - onehot) / normaliser in one
// step, zero at ignored positions.
#include "ringdl/nn/criterions/softmax_with_criterion.h"

#include <cmath>

#include "../detail/soft_max_kernel.h"
#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
SoftmaxWithCriterion<T>::SoftmaxWithCriterion(const SoftmaxWithCriterionOptions& options)
    : TensorCriterion<T>("SoftmaxWithCriterion"), options_(options) {
  const std::string& m = options_.normalizeMode;
  RINGDL_CHECK(m == "VALID" || m == "FULL" || m == "BATCH_SIZE" || m == "NONE",
               "SoftmaxWithCriterion: normalizeMode '", m, "' is not one of VALID, FULL, BATCH_SIZE, NONE");
}

template <typename T>
typename SoftmaxWithCriterion<T>::Geometry SoftmaxWithCriterion<T>::read(const Tensor<T>& input,
                                                                         const Tensor<T>& target,
                                                                         int64_t& valid) const {
  RINGDL_CHECK_CRITERION(input.dim() >= 2, "expected scores [N, C] or [N, C, d1, ...], got shape ",
                         toString(input.shape()));
  Geometry g{input.size(0), input.size(1),
             input.numel() / (input.size(0) * std::max<int64_t>(input.size(1), 1))};
  RINGDL_CHECK_CRITERION(g.classes > 0, "input of shape ", toString(input.shape()), " has no classes");
  RINGDL_CHECK_CRITERION(
      target.numel() == g.outer * g.inner && target.dim() >= 1 && target.size(0) == g.outer,
      "target of shape ", toString(target.shape()), " does not match input of shape ",
      toString(input.shape()), "; expected one 0-based label per position, [N, d1, ...] or [N, 1, d1, ...]");
  const Tensor<T> t = target.contiguous();
  labels_.resize(static_cast<size_t>(t.numel()));
  valid = 0;
  for (int64_t i = 0; i < t.numel(); ++i) {
    const double v = static_cast<double>(t.data()[i]);
    RINGDL_CHECK_CRITERION(std::isfinite(v) && v == std::floor(v), "target ", v, " at position ", i,
                           " is not an integer class index; labels are 0-based (0..", g.classes - 1, ")");
    const auto label = static_cast<int64_t>(v);
    if (options_.ignoreLabel && label == *options_.ignoreLabel) {
      labels_[static_cast<size_t>(i)] = -1;
      continue;
    }
    RINGDL_CHECK_CRITERION(label >= 0 && label < g.classes, "target ", v, " at position ", i,
                           " is out of range for ", g.classes, " classes; labels are 0-based (0..",
                           g.classes - 1, ")", options_.ignoreLabel ? "" : " and no ignoreLabel is set",
                           label == g.classes ? " (it looks 1-based, BigDL's convention: subtract 1)" : "");
    labels_[static_cast<size_t>(i)] = label;
    ++valid;
  }
  return g;
}

template <typename T>
double SoftmaxWithCriterion<T>::normaliser(const Geometry& g, int64_t valid) const {
  const std::string& m = options_.normalizeMode;
  if (m == "VALID") return static_cast<double>(valid);
  if (m == "FULL") return static_cast<double>(g.outer * g.inner);
  if (m == "BATCH_SIZE") return static_cast<double>(g.outer);
  return 1.0;
}

template <typename T>
T SoftmaxWithCriterion<T>::updateOutput(const Tensor<T>& input, const Tensor<T>& target) {
  int64_t valid = 0;
  const Geometry g = read(input, target, valid);
  const Tensor<T> x = input.contiguous();
  logProb_.resize(x.shape());
  detail::softMaxForward(x.data(), logProb_.data(), detail::SoftMaxGeometry{g.outer, g.classes, g.inner},
                         /*log=*/true, scratch_);
  const T* lp = logProb_.data();
  double loss = 0;
  for (int64_t o = 0; o < g.outer; ++o)
    for (int64_t j = 0; j < g.inner; ++j) {
      const int64_t label = labels_[static_cast<size_t>(o * g.inner + j)];
      if (label >= 0) loss -= static_cast<double>(lp[(o * g.classes + label) * g.inner + j]);
    }
  const double n = normaliser(g, valid);
  return static_cast<T>(n > 0 ? loss / n : 0.0);
}

template <typename T>
void SoftmaxWithCriterion<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& target,
                                              Tensor<T>& gradInput) {
  int64_t valid = 0;
  const Geometry g = read(input, target, valid);
  RINGDL_CHECK_CRITERION(logProb_.shape() == input.shape(),
                         "backward needs a forward of the same input first ", "(last forward had shape ",
                         toString(logProb_.shape()), ", input has shape ", toString(input.shape()), ")");
  const double n = normaliser(g, valid);
  const T scale = static_cast<T>(n > 0 ? 1 / n : 0.0);
  gradInput.resize(input.shape());
  T* gi = gradInput.data();
  expMap(logProb_.data(), gi, input.numel());  // probabilities
  for (int64_t o = 0; o < g.outer; ++o)
    for (int64_t j = 0; j < g.inner; ++j) {
      const int64_t label = labels_[static_cast<size_t>(o * g.inner + j)];
      T* at = gi + o * g.classes * g.inner + j;
      if (label >= 0) at[label * g.inner] -= T(1);
      for (int64_t c = 0; c < g.classes; ++c) at[c * g.inner] = label >= 0 ? at[c * g.inner] * scale : T(0);
    }
}

template <typename T>
std::optional<double> SoftmaxWithCriterion<T>::batchNormalizer(const Activity<T>& input,
                                                               const Activity<T>& target) const {
  if (options_.normalizeMode == "NONE") return std::nullopt;
  int64_t valid = 0;
  const Geometry g = read(input.toTensor(), target.toTensor(), valid);
  return normaliser(g, valid);
}

template class SoftmaxWithCriterion<float>;
template class SoftmaxWithCriterion<double>;

}  // namespace ringdl
