// Mean<T>: Sum<T> with sizeAverage (all its work is Sum's); only its options and type name are its own.
#include "ringdl/nn/layers/reduction/mean.h"

namespace ringdl {

template class Mean<float>;
template class Mean<double>;

}  // namespace ringdl
