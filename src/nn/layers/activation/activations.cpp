// The element-wise activations, compiled once for float and double.
#include "ringdl/nn/layers/activation/activations.h"

namespace ringdl {

#define RINGDL_INSTANTIATE_ELEMENT_WISE(Fn) \
  template class ElementWise<float, Fn>;    \
  template class ElementWise<double, Fn>;
RINGDL_ACTIVATION_FUNCTORS(RINGDL_INSTANTIATE_ELEMENT_WISE)
#undef RINGDL_INSTANTIATE_ELEMENT_WISE

}  // namespace ringdl
