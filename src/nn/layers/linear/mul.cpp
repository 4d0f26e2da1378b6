// Mul<T>: one weight for every element.
#include "ringdl/nn/layers/linear/mul.h"

namespace ringdl {

template <typename T>
Mul<T>::Mul(const MulOptions& options) : ScaleShift<T>("Mul", Shape{1}, true, false), options_(options) {}

template <typename T>
typename ScaleShift<T>::Broadcast Mul<T>::broadcastOf(const Tensor<T>& input) const {
  return {{input.numel()}, {0}};
}

template class Mul<float>;
template class Mul<double>;

}  // namespace ringdl
