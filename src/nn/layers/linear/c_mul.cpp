// CMul<T>: the weight multiplied along BigDL's size rule.
#include "ringdl/nn/layers/linear/c_mul.h"

namespace ringdl {

template <typename T>
CMul<T>::CMul(const CMulOptions& options)
    : ScaleShift<T>("CMul", options.size, true, false), options_(options) {}

template <typename T>
typename ScaleShift<T>::Broadcast CMul<T>::broadcastOf(const Tensor<T>& input) const {
  return this->bySizeRule(input, options_.size);
}

template class CMul<float>;
template class CMul<double>;

}  // namespace ringdl
