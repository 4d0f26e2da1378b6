// Sum<T> (and so Mean<T>): one pass over the input as [outer, size, inner] into a reused output buffer; the
// gradient is gradOutput spread back along the dimension.
#include "ringdl/nn/layers/reduction/sum.h"

#include "detail/reduce.h"

namespace ringdl {

template <typename T>
Sum<T>::Sum(const SumOptions& options, const char* typeName) : TensorModule<T>(typeName), options_(options) {
  RINGDL_CHECK(options.nInputDims >= 0, typeName, ": nInputDims must be >= 0, got ", options.nInputDims);
}

template <typename T>
void Sum<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t d =
      detail::reducedDimension(options_.dimension, options_.nInputDims, input.shape(), this->where());
  const auto [outer, inner] = detail::outerInner(input.shape(), d);
  const int64_t size = input.size(d);
  const Tensor<T> x = input.contiguous();
  out_.resize(detail::reducedShape(input.shape(), d, options_.squeeze));
  detail::sumAlong(x.data(), outer, size, inner, options_.sizeAverage ? T(1) / static_cast<T>(size) : T(1),
                   out_.data());
  output = out_;
}

template <typename T>
void Sum<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  const int64_t d =
      detail::reducedDimension(options_.dimension, options_.nInputDims, input.shape(), this->where());
  const Shape outShape = detail::reducedShape(input.shape(), d, options_.squeeze);
  RINGDL_CHECK_LAYER(gradOutput.shape() == outShape, "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the output has ",
                     ringdl::toString(outShape));
  const auto [outer, inner] = detail::outerInner(input.shape(), d);
  const int64_t size = input.size(d);
  const Tensor<T> g = gradOutput.contiguous();
  grad_.resize(input.shape());
  detail::spreadAlong(g.data(), outer, size, inner, options_.sizeAverage ? T(1) / static_cast<T>(size) : T(1),
                      grad_.data());
  gradInput = grad_;
}

template class Sum<float>;
template class Sum<double>;

}  // namespace ringdl
