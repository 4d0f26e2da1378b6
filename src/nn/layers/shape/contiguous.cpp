// Contiguous<T>: copies through strided rows into owned buffers, reused from call to call.
#include "ringdl/nn/layers/shape/contiguous.h"

#include "../../detail/strided_copy.h"

namespace ringdl {

namespace {
template <typename T>
void contiguousInto(const Tensor<T>& x, Tensor<T>& buffer, Tensor<T>& out) {
  if (x.isContiguous()) {
    out = x;
    return;
  }
  buffer.resize(x.shape());
  detail::copyStrided(buffer, x);
  out = buffer;
}
}  // namespace

template <typename T>
void Contiguous<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  contiguousInto(input, outputCopy_, output);
}

template <typename T>
void Contiguous<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                    Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the input has ",
                     ringdl::toString(input.shape()));
  contiguousInto(gradOutput, gradCopy_, gradInput);
}

template class Contiguous<float>;
template class Contiguous<double>;

}  // namespace ringdl
