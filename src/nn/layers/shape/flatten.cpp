// Flatten<T>: a reshape to [N, rest] (a view of a contiguous input), assigned rather than resized into.
#include "ringdl/nn/layers/shape/flatten.h"

namespace ringdl {

template <typename T>
void Flatten<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  RINGDL_CHECK_LAYER(input.dim() >= 2,
                     "takes a batch [N, d1, ...] of at least 2 dimensions, got an input of shape ",
                     ringdl::toString(input.shape()));
  const int64_t n = input.size(0);
  output = input.reshape({n, n == 0 ? 0 : input.numel() / n});
}

template <typename T>
void Flatten<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.numel() == input.numel(), "gradOutput of shape ",
                     ringdl::toString(gradOutput.shape()), " has ", gradOutput.numel(),
                     " elements but the input of shape ", ringdl::toString(input.shape()), " has ",
                     input.numel());
  gradInput = gradOutput.reshape(input.shape());
}

template class Flatten<float>;
template class Flatten<double>;

}  // namespace ringdl
