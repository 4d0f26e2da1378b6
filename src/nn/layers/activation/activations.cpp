// The element-wise activations, compiled once for float and double.
#include "ringdl/nn/layers/activation/activations.h"

namespace ringdl {

RINGDL_ACTIVATION_FUNCTORS(RINGDL_INSTANTIATE_ELEMENT_WISE)

}  // namespace ringdl
