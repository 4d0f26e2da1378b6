// InputView<T>: the output is assigned the view (resizing a view would write into the producer's storage);
// the gradient is a buffer of the layer's own, so zeroing it never touches a tensor handed in.
#include "ringdl/nn/layers/shape/input_view.h"

#include "../../detail/strided_copy.h"

namespace ringdl {

template <typename T>
void InputView<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  output = region(input);
}

template <typename T>
void InputView<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                   Tensor<T>& gradInput) {
  grad_.resize(input.shape()).zero();
  Tensor<T> r = region(grad_);
  RINGDL_CHECK_LAYER(gradOutput.shape() == r.shape(), "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the output has ",
                     ringdl::toString(r.shape()));
  detail::copyStrided(r, gradOutput);
  gradInput = grad_;
}

template class InputView<float>;
template class InputView<double>;

}  // namespace ringdl
