// CAdd<T>: the bias added along BigDL's size rule.
#include "ringdl/nn/layers/linear/c_add.h"

namespace ringdl {

template <typename T>
CAdd<T>::CAdd(const CAddOptions& options)
    : ScaleShift<T>("CAdd", options.size, false, true), options_(options) {}

template <typename T>
typename ScaleShift<T>::Broadcast CAdd<T>::broadcastOf(const Tensor<T>& input) const {
  return this->bySizeRule(input, options_.size);
}

template class CAdd<float>;
template class CAdd<double>;

}  // namespace ringdl
