// Max<T>: one pass over the input as [outer, size, inner], keeping the winners' indices for the scatter back.
#include "ringdl/nn/layers/reduction/max.h"

#include "detail/extreme.h"

namespace ringdl {

template <typename T>
Max<T>::Max(const MaxOptions& options) : TensorModule<T>("Max"), options_(options) {
  RINGDL_CHECK(options.numInputDims >= 0, "Max: numInputDims must be >= 0, got ", options.numInputDims);
}

template <typename T>
void Max<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  detail::extremeForward(
      input, options_.dim, options_.numInputDims, this->where(), [](T a, T b) { return a > b; }, out_,
      indices_, output);
}

template <typename T>
void Max<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  detail::extremeBackward(input, gradOutput, options_.dim, options_.numInputDims, this->where(), indices_,
                          grad_, gradInput);
}

template class Max<float>;
template class Max<double>;

}  // namespace ringdl
