// Reverse<T>: the input as [outer, size, inner] around the dimension; inner blocks copied in reverse order.
#include "ringdl/nn/layers/shape/reverse.h"

#include <cstring>

#include "../../detail/table_dimensions.h"

namespace ringdl {

template <typename T>
void Reverse<T>::reversedInto(const Tensor<T>& x, Tensor<T>& buffer, Tensor<T>& out) const {
  const int64_t rank = x.dim();
  const int64_t d = options_.dimension < 0 ? options_.dimension + rank : options_.dimension;
  RINGDL_CHECK_LAYER(d >= 0 && d < rank, "dimension ", options_.dimension,
                     " is out of range for an input of shape ", ringdl::toString(x.shape()), " (", rank,
                     " dimensions: 0 to ", rank - 1, ", or -1 to -", rank, " from the end)");
  const auto [outer, inner] = detail::outerInner(x.shape(), d);
  const int64_t size = x.size(d);
  const Tensor<T> xc = x.contiguous();
  buffer.resize(x.shape());
  const T* src = xc.data();
  T* dst = buffer.data();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < size; ++i)
      std::memcpy(dst + (o * size + i) * inner, src + (o * size + size - 1 - i) * inner, sizeof(T) * inner);
  out = buffer;
}

template <typename T>
void Reverse<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  reversedInto(input, out_, output);
}

template <typename T>
void Reverse<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the output has ",
                     ringdl::toString(input.shape()));
  reversedInto(gradOutput, grad_, gradInput);
}

template class Reverse<float>;
template class Reverse<double>;

}  // namespace ringdl
