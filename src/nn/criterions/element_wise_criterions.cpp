// The element-wise criterions, compiled once for float and double.
#include "ringdl/nn/criterions/element_wise_criterions.h"

namespace ringdl {

RINGDL_ELEMENT_WISE_CRITERIONS(RINGDL_INSTANTIATE_ELEMENT_WISE_CRITERION)

}  // namespace ringdl
