// Min<T>: one pass over the input as [outer, size, inner], keeping the winners' indices for the scatter back.
#include "ringdl/nn/layers/reduction/min.h"

#include "detail/extreme.h"

namespace ringdl {

template <typename T>
Min<T>::Min(const MinOptions& options) : TensorModule<T>("Min"), options_(options) {
  RINGDL_CHECK(options.numInputDims >= 0, "Min: numInputDims must be >= 0, got ", options.numInputDims);
}

template <typename T>
void Min<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  detail::extremeForward(
      input, options_.dim, options_.numInputDims, this->where(), [](T a, T b) { return a < b; }, out_,
      indices_, output);
}

template <typename T>
void Min<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  detail::extremeBackward(input, gradOutput, options_.dim, options_.numInputDims, this->where(), indices_,
                          grad_, gradInput);
}

template class Min<float>;
template class Min<double>;

}  // namespace ringdl
