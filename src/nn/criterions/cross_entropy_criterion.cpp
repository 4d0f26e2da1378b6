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
          detail::classWeightsConfig(detail::classWeights("CrossEntropyCriterion", weights)), sizeAverage}) {}

template <typename T>
CrossEntropyCriterion<T>::CrossEntropyCriterion(const CrossEntropyCriterionOptions& options)
    : TensorCriterion<T>("CrossEntropyCriterion"),
      options_(options),
      weights_(detail::classWeightsFrom<T>(options.weights)) {}

template <typename T>
T CrossEntropyCriterion<T>::updateOutput(const Tensor<T>& input, const Tensor<T>& target) {
  const detail::ClassInput ci = detail::readClassTargets(this->where(), input, target, labels_);
  detail::checkClassWeights(this->where(), weights_, ci.classes);
  const Tensor<T> x = input.contiguous();
  logProb_.resize(x.shape());
  detail::softMaxForward(x.data(), logProb_.data(), detail::SoftMaxGeometry{ci.rows, ci.classes, 1},
                         /*log=*/true, scratch_);
  const T* lp = logProb_.data();
  const T* w = weights_.numel() ? weights_.data() : nullptr;
  double loss = 0, totalWeight = 0;
  for (int64_t i = 0; i < ci.rows; ++i) {
    const double wi = w ? static_cast<double>(w[labels_[i]]) : 1.0;
    loss -= wi * static_cast<double>(lp[i * ci.classes + labels_[i]]);
    totalWeight += wi;
  }
  // BigDL's guard: targets that all weigh zero give a zero loss rather than 0/0.
  if (options_.sizeAverage && totalWeight != 0) loss /= totalWeight;
  return static_cast<T>(loss);
}

template <typename T>
void CrossEntropyCriterion<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& target,
                                               Tensor<T>& gradInput) {
  const detail::ClassInput ci = detail::readClassTargets(this->where(), input, target, labels_);
  detail::checkClassWeights(this->where(), weights_, ci.classes);
  RINGDL_CHECK_CRITERION(logProb_.shape() == input.shape(),
                         "backward needs a forward of the same input first ", "(last forward had shape ",
                         toString(logProb_.shape()), ", input has shape ", toString(input.shape()), ")");
  const T* w = weights_.numel() ? weights_.data() : nullptr;
  double totalWeight = 0;
  for (int64_t i = 0; i < ci.rows; ++i) totalWeight += w ? static_cast<double>(w[labels_[i]]) : 1.0;
  const double norm = options_.sizeAverage && totalWeight != 0 ? 1 / totalWeight : 1.0;
  gradInput.resize(input.shape());
  T* gi = gradInput.data();
  expMap(logProb_.data(), gi, input.numel());  // softmax probabilities
  for (int64_t i = 0; i < ci.rows; ++i) {
    const T scale = static_cast<T>((w ? static_cast<double>(w[labels_[i]]) : 1.0) * norm);
    T* row = gi + i * ci.classes;
    row[labels_[i]] -= T(1);
    for (int64_t c = 0; c < ci.classes; ++c) row[c] *= scale;
  }
}

template <typename T>
std::optional<double> CrossEntropyCriterion<T>::batchNormalizer(const Activity<T>& input,
                                                                const Activity<T>& target) const {
  return detail::classBatchNormalizer(this->where(), weights_, options_.sizeAverage, input.toTensor(),
                                      target.toTensor());
}

template class CrossEntropyCriterion<float>;
template class CrossEntropyCriterion<double>;

}  // namespace ringdl
