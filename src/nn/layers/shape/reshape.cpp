// Reshape<T>: outputs and gradients are views of their sources (Tensor::reshape copies only non-contiguous
// inputs), so the layer costs nothing in the common case. Views are assigned, never resized into, because
// resizing a view would write into the storage of the layer that produced it.
#include "ringdl/nn/layers/shape/reshape.h"

#include <utility>
#include <vector>

namespace ringdl {

template <typename T>
Reshape<T>::Reshape(ReshapeOptions options) : TensorModule<T>("Reshape"), options_(std::move(options)) {
  const Shape& size = options_.size;
  RINGDL_CHECK(!size.empty(), "Reshape needs a non-empty size");
  for (int64_t s : size) RINGDL_CHECK(s > 0, "Reshape needs positive sizes, got ", toString(size));
  sampleElements_ = numelOf(size);
}

template <typename T>
void Reshape<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t n = input.numel();
  const bool batch = options_.batchMode ? *options_.batchMode
                                        : !(n == sampleElements_ && (input.dim() == 0 || input.size(0) != 1));
  if (!batch) {
    RINGDL_CHECK_LAYER(n == sampleElements_, "cannot reshape input of shape ", toString(input.shape()), " (",
                       n, " elements) to ", toString(options_.size), " (", sampleElements_, " elements)");
    output = input.reshape(options_.size);
    return;
  }
  const int64_t batchSize = input.dim() == 0 ? 1 : input.size(0);
  Shape shape{batchSize};
  shape.insert(shape.end(), options_.size.begin(), options_.size.end());
  if (input.dim() == 0 || n != batchSize * sampleElements_) {
    if (options_.batchMode)
      RINGDL_FAIL(this->where(), ": cannot reshape input of shape ", toString(input.shape()), " (", n,
                  " elements) to ", toString(shape), " (", numelOf(shape), " elements)");
    RINGDL_FAIL(this->where(), ": cannot reshape input of shape ", toString(input.shape()), " (", n,
                " elements) to ", toString(options_.size), " (", sampleElements_,
                " elements) or, as a batch of ", batchSize, ", to ", toString(shape), " (", numelOf(shape),
                " elements)");
  }
  output = input.reshape(shape);
}

template <typename T>
void Reshape<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.numel() == input.numel(), "gradOutput of shape ",
                     toString(gradOutput.shape()), " has ", gradOutput.numel(),
                     " elements but the input of shape ", toString(input.shape()), " has ", input.numel());
  gradInput = gradOutput.reshape(input.shape());
}

template class Reshape<float>;
template class Reshape<double>;

}  // namespace ringdl
