// Padding<T>: the output is filled with the value and the input copied around the gap; gradInput is a view of
// gradOutput when the input is one block (padding at either end), else the two blocks copied out.
#include "ringdl/nn/layers/shape/padding.h"

#include <cstdlib>

#include "../../detail/strided_copy.h"

namespace ringdl {

template <typename T>
Padding<T>::Padding(const PaddingOptions& options) : TensorModule<T>("Padding"), options_(options) {
  RINGDL_CHECK(options.pad != 0, "Padding: pad must not be 0 (negative: before, positive: after)");
  RINGDL_CHECK(options.nIndex >= 0, "Padding: nIndex must be >= 0, got ", options.nIndex);
}

template <typename T>
typename Padding<T>::Where Padding<T>::placement(const Tensor<T>& input) const {
  const int64_t rank = input.dim();
  int64_t d = options_.dim;
  if (d < 0)
    d += rank;
  else if (options_.nInputDim > 0 && rank != options_.nInputDim)
    ++d;
  RINGDL_CHECK_LAYER(
      d >= 0 && d < rank, "dim ", options_.dim, " is out of range for an input of shape ",
      ringdl::toString(input.shape()),
      d != options_.dim && options_.dim >= 0
          ? " (counted after the batch dimension: nInputDim is " + std::to_string(options_.nInputDim) + ")"
          : std::string());
  const int64_t size = input.size(d);
  RINGDL_CHECK_LAYER(options_.nIndex <= size, "nIndex ", options_.nIndex, " is beyond dimension ", d,
                     " of size ", size, " (input shape ", ringdl::toString(input.shape()), ")");
  return {d, options_.pad < 0 ? options_.nIndex : size - options_.nIndex};
}

template <typename T>
void Padding<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const auto [d, at] = placement(input);
  const int64_t pad = std::abs(options_.pad), size = input.size(d);
  Shape shape = input.shape();
  shape[d] += pad;
  out_.resize(shape).fill(static_cast<T>(options_.value));
  if (at > 0) {
    Tensor<T> head = out_.narrow(d, 0, at);
    detail::copyStrided(head, input.narrow(d, 0, at));
  }
  if (at < size) {
    Tensor<T> tail = out_.narrow(d, at + pad, size - at);
    detail::copyStrided(tail, input.narrow(d, at, size - at));
  }
  output = out_;
}

template <typename T>
void Padding<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  const auto [d, at] = placement(input);
  const int64_t pad = std::abs(options_.pad), size = input.size(d);
  Shape shape = input.shape();
  shape[d] += pad;
  RINGDL_CHECK_LAYER(gradOutput.shape() == shape, "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the output has ", ringdl::toString(shape));
  if (at == 0 || at == size) {
    gradInput = gradOutput.narrow(d, at == 0 ? pad : 0, size);
    return;
  }
  grad_.resize(input.shape());
  Tensor<T> head = grad_.narrow(d, 0, at), tail = grad_.narrow(d, at, size - at);
  detail::copyStrided(head, gradOutput.narrow(d, 0, at));
  detail::copyStrided(tail, gradOutput.narrow(d, at + pad, size - at));
  gradInput = grad_;
}

template class Padding<float>;
template class Padding<double>;

}  // namespace ringdl
