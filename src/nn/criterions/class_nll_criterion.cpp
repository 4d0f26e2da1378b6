// ClassNLLCriterion<T>: one pass over the targets; sums in double so a large batch loses no precision in
// float.
#include "ringdl/nn/criterions/class_nll_criterion.h"

#include <utility>

#include "../detail/class_targets.h"

namespace ringdl {

template <typename T>
ClassNLLCriterion<T>::ClassNLLCriterion(Tensor<T> weights, bool sizeAverage)
    : ClassNLLCriterion(ClassNLLCriterionOptions{
          detail::classWeightsConfig(detail::classWeights("ClassNLLCriterion", weights)), sizeAverage, {}}) {}

template <typename T>
ClassNLLCriterion<T>::ClassNLLCriterion(const ClassNLLCriterionOptions& options)
    : TensorCriterion<T>("ClassNLLCriterion"),
      options_(options),
      weights_(detail::classWeightsFrom<T>(options.weights)) {}

template <typename T>
T ClassNLLCriterion<T>::updateOutput(const Tensor<T>& input, const Tensor<T>& target) {
  const detail::ClassInput ci =
      detail::readClassTargets(this->where(), input, target, labels_, options_.paddingValue);
  detail::checkClassWeights(this->where(), weights_, ci.classes);
  const Tensor<T> x = input.contiguous();
  const T* in = x.data();
  const T* w = weights_.numel() ? weights_.data() : nullptr;
  double loss = 0, totalWeight = 0;
  for (int64_t i = 0; i < ci.rows; ++i) {
    if (labels_[i] < 0) continue;  // padding
    const double wi = w ? static_cast<double>(w[labels_[i]]) : 1.0;
    loss -= wi * static_cast<double>(in[i * ci.classes + labels_[i]]);
    totalWeight += wi;
  }
  // BigDL's guard: targets that all weigh zero give a zero loss rather than 0/0.
  if (options_.sizeAverage && totalWeight != 0) loss /= totalWeight;
  return static_cast<T>(loss);
}

template <typename T>
void ClassNLLCriterion<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& target,
                                           Tensor<T>& gradInput) {
  const detail::ClassInput ci =
      detail::readClassTargets(this->where(), input, target, labels_, options_.paddingValue);
  detail::checkClassWeights(this->where(), weights_, ci.classes);
  const T* w = weights_.numel() ? weights_.data() : nullptr;
  double totalWeight = 0;
  for (int64_t i = 0; i < ci.rows; ++i)
    if (labels_[i] >= 0) totalWeight += w ? static_cast<double>(w[labels_[i]]) : 1.0;
  const double norm = options_.sizeAverage && totalWeight != 0 ? 1 / totalWeight : 1.0;
  gradInput.resize(input.shape());
  gradInput.zero();
  T* gi = gradInput.data();
  for (int64_t i = 0; i < ci.rows; ++i)
    if (labels_[i] >= 0)
      gi[i * ci.classes + labels_[i]] =
          static_cast<T>(-(w ? static_cast<double>(w[labels_[i]]) : 1.0) * norm);
}

template <typename T>
std::optional<double> ClassNLLCriterion<T>::batchNormalizer(const Activity<T>& input,
                                                            const Activity<T>& target) const {
  return detail::classBatchNormalizer(this->where(), weights_, options_.sizeAverage, input.toTensor(),
                                      target.toTensor(), options_.paddingValue);
}

template class ClassNLLCriterion<float>;
template class ClassNLLCriterion<double>;

}  // namespace ringdl
