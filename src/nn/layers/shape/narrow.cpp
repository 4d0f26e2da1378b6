// Narrow<T>: BigDL's negative dimension, offset and length, resolved per input.
#include "ringdl/nn/layers/shape/narrow.h"

namespace ringdl {

template <typename T>
Narrow<T>::Narrow(const NarrowOptions& options) : InputView<T>("Narrow"), options_(options) {
  RINGDL_CHECK(options.length != 0, "Narrow needs a length other than 0");
}

template <typename T>
Tensor<T> Narrow<T>::region(const Tensor<T>& x) const {
  const int64_t rank = x.dim();
  const int64_t d = options_.dimension < 0 ? options_.dimension + rank : options_.dimension;
  RINGDL_CHECK_LAYER(d >= 0 && d < rank, "dimension ", options_.dimension,
                     " is out of range for an input of shape ", ringdl::toString(x.shape()), " (", rank,
                     " dimensions: 0 to ", rank - 1, ", or -1 to -", rank, " from the end)");
  const int64_t size = x.size(d);
  const int64_t offset = options_.offset < 0 ? options_.offset + size : options_.offset;
  const int64_t length = options_.length < 0 ? size - offset + options_.length + 1 : options_.length;
  RINGDL_CHECK_LAYER(offset >= 0 && length > 0 && offset + length <= size, "cannot take ", length,
                     " entries from offset ", offset, " (offset ", options_.offset, ", length ",
                     options_.length, ") of dimension ", d, ", which has ", size, " in an input of shape ",
                     ringdl::toString(x.shape()));
  return x.narrow(d, offset, length);
}

template class Narrow<float>;
template class Narrow<double>;

}  // namespace ringdl
