// MSECriterion<T>: element-wise loops the compiler vectorises; the loss is summed in double so a large batch
// loses no precision in float.
#include "ringdl/nn/criterions/mse_criterion.h"

namespace ringdl {

template <typename T>
MSECriterion<T>::MSECriterion(const MSECriterionOptions& options)
    : TensorCriterion<T>("MSECriterion"), options_(options) {}

template <typename T>
void MSECriterion<T>::checkSizes(const Tensor<T>& input, const Tensor<T>& target) const {
  RINGDL_CHECK_CRITERION(input.numel() == target.numel(), "input of shape ", toString(input.shape()), " (",
                         input.numel(), " elements) and target of shape ", toString(target.shape()), " (",
                         target.numel(), " elements) differ in size");
}

template <typename T>
T MSECriterion<T>::updateOutput(const Tensor<T>& input, const Tensor<T>& target) {
  checkSizes(input, target);
  const Tensor<T> x = input.contiguous(), t = target.contiguous();
  const T* xv = x.data();
  const T* tv = t.data();
  const int64_t n = x.numel();
  double loss = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double d = static_cast<double>(xv[i]) - static_cast<double>(tv[i]);
    loss += d * d;
  }
  if (options_.sizeAverage && n > 0) loss /= static_cast<double>(n);
  return static_cast<T>(loss);
}

template <typename T>
void MSECriterion<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& target, Tensor<T>& gradInput) {
  checkSizes(input, target);
  const Tensor<T> x = input.contiguous(), t = target.contiguous();
  const int64_t n = x.numel();
  const T norm = options_.sizeAverage && n > 0 ? static_cast<T>(2.0 / static_cast<double>(n)) : T(2);
  gradInput.resize(input.shape());
  const T* xv = x.data();
  const T* tv = t.data();
  T* gi = gradInput.data();
  for (int64_t i = 0; i < n; ++i) gi[i] = norm * (xv[i] - tv[i]);
}

template class MSECriterion<float>;
template class MSECriterion<double>;

}  // namespace ringdl
