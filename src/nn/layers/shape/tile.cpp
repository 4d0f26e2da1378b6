// Tile<T>: the input as [outer, size * inner] around dim, each block written `copies` times.
#include "ringdl/nn/layers/shape/tile.h"

#include "../../detail/table_dimensions.h"
#include "detail/repeat.h"

namespace ringdl {

template <typename T>
Tile<T>::Tile(const TileOptions& options) : TensorModule<T>("Tile"), options_(options) {
  RINGDL_CHECK(options.copies >= 1, "Tile: copies must be >= 1, got ", options.copies);
}

template <typename T>
int64_t Tile<T>::dimension(const Tensor<T>& input) const {
  const int64_t rank = input.dim();
  const int64_t d = options_.dim < 0 ? options_.dim + rank : options_.dim;
  RINGDL_CHECK_LAYER(d >= 0 && d < rank, "dim ", options_.dim, " is out of range for an input of shape ",
                     ringdl::toString(input.shape()), " (", rank, " dimensions: 0 to ", rank - 1,
                     ", or -1 to -", rank, " from the end)");
  return d;
}

template <typename T>
void Tile<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t d = dimension(input);
  const auto [outer, inner] = detail::outerInner(input.shape(), d);
  Shape shape = input.shape();
  shape[d] *= options_.copies;
  const Tensor<T> x = input.contiguous();
  out_.resize(shape);
  detail::repeatBlocks(x.data(), outer, options_.copies, input.size(d) * inner, out_.data());
  output = out_;
}

template <typename T>
void Tile<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  const int64_t d = dimension(input);
  const auto [outer, inner] = detail::outerInner(input.shape(), d);
  Shape shape = input.shape();
  shape[d] *= options_.copies;
  RINGDL_CHECK_LAYER(gradOutput.shape() == shape, "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the output has ", ringdl::toString(shape));
  const Tensor<T> g = gradOutput.contiguous();
  grad_.resize(input.shape());
  detail::sumRepeatedBlocks(g.data(), outer, options_.copies, input.size(d) * inner, grad_.data());
  gradInput = grad_;
}

template class Tile<float>;
template class Tile<double>;

}  // namespace ringdl
