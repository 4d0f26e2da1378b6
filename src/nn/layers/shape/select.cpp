// Select<T>: BigDL's negative dimension and index, resolved per input.
#include "ringdl/nn/layers/shape/select.h"

namespace ringdl {

template <typename T>
Tensor<T> Select<T>::region(const Tensor<T>& x) const {
  const int64_t rank = x.dim();
  const int64_t d = options_.dimension < 0 ? options_.dimension + rank : options_.dimension;
  RINGDL_CHECK_LAYER(d >= 0 && d < rank, "dimension ", options_.dimension,
                     " is out of range for an input of shape ", ringdl::toString(x.shape()), " (", rank,
                     " dimensions: 0 to ", rank - 1, ", or -1 to -", rank, " from the end)");
  const int64_t size = x.size(d);
  const int64_t index = options_.index < 0 ? options_.index + size : options_.index;
  RINGDL_CHECK_LAYER(index >= 0 && index < size, "index ", options_.index, " is out of range for dimension ",
                     d, " of an input of shape ", ringdl::toString(x.shape()), " (0 to ", size - 1,
                     ", or -1 to -", size, " from the end)");
  return x.select(d, index);
}

template class Select<float>;
template class Select<double>;

}  // namespace ringdl
