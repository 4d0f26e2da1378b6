// The row criterions, compiled once for float and double.
#include "ringdl/nn/criterions/row_criterions.h"

namespace ringdl {

RINGDL_ROW_CRITERIONS(RINGDL_INSTANTIATE_ROW_CRITERION)

}  // namespace ringdl
