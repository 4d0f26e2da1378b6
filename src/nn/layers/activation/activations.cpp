// The element-wise activations, compiled once for float and double.
#include "ringdl/nn/layers/activation/activations.h"

namespace ringdl {

template class ElementWise<float, ReLUFn>;
template class ElementWise<double, ReLUFn>;
template class ElementWise<float, TanhFn>;
template class ElementWise<double, TanhFn>;
template class ElementWise<float, SigmoidFn>;
template class ElementWise<double, SigmoidFn>;

}  // namespace ringdl
