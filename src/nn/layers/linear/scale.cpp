// ScaleLayer<T>: CMul and CAdd of one size in one pass.
#include "ringdl/nn/layers/linear/scale.h"

namespace ringdl {

template <typename T>
ScaleLayer<T>::ScaleLayer(const ScaleOptions& options)
    : ScaleShift<T>("Scale", options.size, true, true), options_(options) {}

template <typename T>
typename ScaleShift<T>::Broadcast ScaleLayer<T>::broadcastOf(const Tensor<T>& input) const {
  return this->bySizeRule(input, options_.size);
}

template class ScaleLayer<float>;
template class ScaleLayer<double>;

}  // namespace ringdl
