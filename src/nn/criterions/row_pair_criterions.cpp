// The row-pair criterions, compiled once for float and double.
#include "ringdl/nn/criterions/row_pair_criterions.h"

namespace ringdl {

RINGDL_ROW_PAIR_CRITERIONS(RINGDL_INSTANTIATE_ROW_PAIR_CRITERION)

}  // namespace ringdl
