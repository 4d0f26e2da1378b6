// The element-wise arithmetic layers, compiled once for float and double.
#include "ringdl/nn/layers/arithmetic/arithmetic.h"

namespace ringdl {

RINGDL_ARITHMETIC_FUNCTORS(RINGDL_INSTANTIATE_ELEMENT_WISE)

}  // namespace ringdl
