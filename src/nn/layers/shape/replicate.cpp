// Replicate<T>: a contiguous copy (BigDL's is a stride-0 view, which layers after it could not write into
// or hand to GEMM); the input as [outer, inner] around the new dimension, each inner block written nFeatures
// times.
#include "ringdl/nn/layers/shape/replicate.h"

#include "../../detail/table_dimensions.h"
#include "detail/repeat.h"

namespace ringdl {

template <typename T>
Replicate<T>::Replicate(const ReplicateOptions& options) : TensorModule<T>("Replicate"), options_(options) {
  RINGDL_CHECK(options.nFeatures > 0, "Replicate: nFeatures must be positive, got ", options.nFeatures);
  RINGDL_CHECK(options.dim >= 0, "Replicate: dim must be >= 0, got ", options.dim);
}

template <typename T>
int64_t Replicate<T>::position(const Tensor<T>& input) const {
  const bool batch = options_.nDim && input.dim() > *options_.nDim;
  const int64_t d = options_.dim + (batch ? 1 : 0);
  RINGDL_CHECK_LAYER(d <= input.dim(), "dim ", options_.dim, batch ? " (after the batch dimension)" : "",
                     " is beyond the last position of an input of shape ", ringdl::toString(input.shape()),
                     " (0 to ", input.dim(), ")");
  return d;
}

template <typename T>
void Replicate<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t d = position(input);
  Shape shape = input.shape();
  shape.insert(shape.begin() + d, options_.nFeatures);
  const Tensor<T> x = input.contiguous();
  const auto [outer, inner] = detail::outerInner(shape, d);
  out_.resize(shape);
  detail::repeatBlocks(x.data(), outer, options_.nFeatures, inner, out_.data());
  output = out_;
}

template <typename T>
void Replicate<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                   Tensor<T>& gradInput) {
  const int64_t d = position(input);
  Shape shape = input.shape();
  shape.insert(shape.begin() + d, options_.nFeatures);
  RINGDL_CHECK_LAYER(gradOutput.shape() == shape, "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the output has ", ringdl::toString(shape));
  const Tensor<T> g = gradOutput.contiguous();
  const auto [outer, inner] = detail::outerInner(shape, d);
  grad_.resize(input.shape());
  detail::sumRepeatedBlocks(g.data(), outer, options_.nFeatures, inner, grad_.data());
  gradInput = grad_;
}

template class Replicate<float>;
template class Replicate<double>;

}  // namespace ringdl
