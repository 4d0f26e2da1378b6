// InferReshape<T>: resolves 0 and -1 against each input; outputs and gradients are views (Tensor::reshape
// copies only a non-contiguous input), assigned rather than resized into.
#include "ringdl/nn/layers/shape/infer_reshape.h"

namespace ringdl {

template <typename T>
InferReshape<T>::InferReshape(const InferReshapeOptions& options)
    : TensorModule<T>("InferReshape"), options_(options) {
  int64_t inferred = 0;
  RINGDL_CHECK(!options.size.empty(), "InferReshape needs a non-empty size");
  for (int64_t s : options.size) {
    RINGDL_CHECK(s >= -1, "InferReshape sizes must be positive, 0 (the input's) or -1 (inferred), got ",
                 toString(options.size));
    inferred += s == -1;
  }
  RINGDL_CHECK(inferred <= 1, "InferReshape allows at most one -1 size, got ", toString(options.size));
}

template <typename T>
void InferReshape<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t start = options_.batchMode ? 1 : 0;
  RINGDL_CHECK_LAYER(input.dim() >= start, "batchMode needs an input with a batch dimension, got a scalar");
  Shape shape;
  if (options_.batchMode) shape.push_back(input.size(0));
  int64_t known = start ? input.size(0) : 1, inferAt = -1;
  for (size_t i = 0; i < options_.size.size(); ++i) {
    int64_t s = options_.size[i];
    if (s == 0) {
      RINGDL_CHECK_LAYER(static_cast<int64_t>(i) + start < input.dim(), "size ",
                         ringdl::toString(options_.size), " copies the input's dimension ", i + start,
                         " (a 0 at position ", i, ") but the input of shape ",
                         ringdl::toString(input.shape()), " has ", input.dim(), " dimensions");
      s = input.size(static_cast<int64_t>(i) + start);
    }
    if (s == -1)
      inferAt = static_cast<int64_t>(shape.size());
    else
      known *= s;
    shape.push_back(s);
  }
  if (inferAt >= 0) {
    RINGDL_CHECK_LAYER(known > 0 && input.numel() % known == 0, "cannot reshape input of shape ",
                       ringdl::toString(input.shape()), " (", input.numel(), " elements) to ",
                       ringdl::toString(shape), ": ", input.numel(), " is not a multiple of ", known);
    shape[inferAt] = input.numel() / known;
  }
  RINGDL_CHECK_LAYER(numelOf(shape) == input.numel(), "cannot reshape input of shape ",
                     ringdl::toString(input.shape()), " (", input.numel(), " elements) to ",
                     ringdl::toString(shape), " (", numelOf(shape), " elements)");
  output = input.reshape(shape);
}

template <typename T>
void InferReshape<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                      Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.numel() == input.numel(), "gradOutput of shape ",
                     ringdl::toString(gradOutput.shape()), " has ", gradOutput.numel(),
                     " elements but the input of shape ", ringdl::toString(input.shape()), " has ",
                     input.numel());
  gradInput = gradOutput.reshape(input.shape());
}

template class InferReshape<float>;
template class InferReshape<double>;

}  // namespace ringdl
