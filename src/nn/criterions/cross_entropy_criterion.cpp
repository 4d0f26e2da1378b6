// CrossEntropyCriterion<T>: log-softmax through the shared max-subtracted kernel, then NLL; the gradient is
// taken in one step, (softmax - onehot) * weight / norm, which is cheaper and more accurate than chaining the
// two.
#include "ringdl/nn/criterions/cross_entropy_criterion.h"

#include <utility>

#include "../detail/class_targets.h"
#include "../detail/soft_max_kernel.h"
#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
CrossEntropyCriterion<T>::CrossEntropyCriterion(Tensor<T> weights, bool sizeAverage)
    : CrossEntropyCriterion(CrossEntropyCriterionOptions{
          detail::classWeightsConfig(detail::classWeights("CrossEntropyCriterion", weights)),
          sizeAverage,
          {}}) {}

template <typename T>
CrossEntropyCriterion<T>::CrossEntropyCriterion(const CrossEntropyCriterionOptions& options)
    : TensorCriterion<T>("CrossEntropyCriterion"),
      options_(options),
      weights_(detail::classWeightsFrom<T>(options.weights)) {
  const double eps = options.labelSmoothing.value_or(0);
  RINGDL_CHECK(eps >= 0 && eps <= 1, "CrossEntropyCriterion: labelSmoothing must be in [0, 1], got ", eps);
}

template <typename T>
T CrossEntropyCriterion<T>::updateOutput(const Tensor<T>& input, const Tensor<T>& target) {
  const detail::ClassInput ci =
      detail::readClassTargets(this->where(), input, target, labels_, options_.paddingValue);
  detail::checkClassWeights(this->where(), weights_, ci.classes);
  const Tensor<T> x = input.contiguous();
  logProb_.resize(x.shape());
  detail::softMaxForward(x.data(), logProb_.data(), detail::SoftMaxGeometry{ci.rows, ci.classes, 1},
                         /*log=*/true, scratch_);
  const T* lp = logProb_.data();
  const T* w = weights_.numel() ? weights_.data() : nullptr;
  const double eps = options_.labelSmoothing.value_or(0);
  double nll = 0, smooth = 0, totalWeight = 0;
  for (int64_t i = 0; i < ci.rows; ++i) {
    if (labels_[i] < 0) continue;  // padding
    const double wi = w ? static_cast<double>(w[labels_[i]]) : 1.0;
    const T* row = lp + i * ci.classes;
    nll -= wi * static_cast<double>(row[labels_[i]]);
    totalWeight += wi;
    if (eps > 0)
      for (int64_t c = 0; c < ci.classes; ++c) smooth -= (w ? static_cast<double>(w[c]) : 1.0) * row[c];
  }
  double loss = (1 - eps) * nll + eps / static_cast<double>(ci.classes) * smooth;
  // BigDL's guard: targets that all weigh zero give a zero loss rather than 0/0.
  if (options_.sizeAverage && totalWeight != 0) loss /= totalWeight;
  return static_cast<T>(loss);
}

template <typename T>
void CrossEntropyCriterion<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& target,
                                               Tensor<T>& gradInput) {
  const detail::ClassInput ci =
      detail::readClassTargets(this->where(), input, target, labels_, options_.paddingValue);
  detail::checkClassWeights(this->where(), weights_, ci.classes);
  RINGDL_CHECK_CRITERION(logProb_.shape() == input.shape(),
                         "backward needs a forward of the same input first ", "(last forward had shape ",
                         toString(logProb_.shape()), ", input has shape ", toString(input.shape()), ")");
  const T* w = weights_.numel() ? weights_.data() : nullptr;
  double totalWeight = 0, classWeights = 0;
  for (int64_t i = 0; i < ci.rows; ++i)
    if (labels_[i] >= 0) totalWeight += w ? static_cast<double>(w[labels_[i]]) : 1.0;
  for (int64_t c = 0; c < ci.classes; ++c) classWeights += w ? static_cast<double>(w[c]) : 1.0;
  const double norm = options_.sizeAverage && totalWeight != 0 ? 1 / totalWeight : 1.0;
  const double eps = options_.labelSmoothing.value_or(0), spread = eps / static_cast<double>(ci.classes);
  gradInput.resize(input.shape());
  T* gi = gradInput.data();
  expMap(logProb_.data(), gi, input.numel());  // softmax probabilities
  for (int64_t i = 0; i < ci.rows; ++i) {
    T* row = gi + i * ci.classes;
    if (labels_[i] < 0) {  // padding
      for (int64_t c = 0; c < ci.classes; ++c) row[c] = T(0);
      continue;
    }
    const double wl = w ? static_cast<double>(w[labels_[i]]) : 1.0;
    if (eps == 0) {
      const T scale = static_cast<T>(wl * norm);
      row[labels_[i]] -= T(1);
      for (int64_t c = 0; c < ci.classes; ++c) row[c] *= scale;
      continue;
    }
    // d/dz of (1 - eps) wl (-log p_l) + eps / C sum_c w_c (-log p_c): p times the summed weights, minus the
    // weights of the (smoothed) target.
    const double pScale = ((1 - eps) * wl + spread * classWeights) * norm;
    for (int64_t c = 0; c < ci.classes; ++c)
      row[c] = static_cast<T>(pScale * row[c] - spread * (w ? static_cast<double>(w[c]) : 1.0) * norm);
    row[labels_[i]] -= static_cast<T>((1 - eps) * wl * norm);
  }
}

template <typename T>
std::optional<double> CrossEntropyCriterion<T>::batchNormalizer(const Activity<T>& input,
                                                                const Activity<T>& target) const {
  return detail::classBatchNormalizer(this->where(), weights_, options_.sizeAverage, input.toTensor(),
                                      target.toTensor(), options_.paddingValue);
}

template class CrossEntropyCriterion<float>;
template class CrossEntropyCriterion<double>;

}  // namespace ringdl
