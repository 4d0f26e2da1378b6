// View<T>: the batch-size rule of Torch/BigDL's View.batchSize; outputs and gradients are views of their
// sources, assigned rather than resized into (resizing a view would write into the producer's storage).
#include "ringdl/nn/layers/shape/view.h"

#include <utility>
#include <vector>

namespace ringdl {

template <typename T>
View<T>::View(ViewOptions options) : TensorModule<T>("View"), options_(std::move(options)) {
  const Shape& sizes = options_.sizes;
  RINGDL_CHECK(!sizes.empty(), "View needs at least one size");
  int64_t inferred = 0;
  for (int64_t s : sizes) {
    RINGDL_CHECK(s > 0 || s == -1, "View sizes must be positive or -1, got ", toString(sizes));
    if (s == -1)
      ++inferred;
    else
      knownElements_ *= s;
  }
  RINGDL_CHECK(inferred <= 1, "View allows at most one -1 size, got ", toString(sizes));
  infers_ = inferred == 1;
  setNumInputDims(options_.numInputDims);
}

template <typename T>
View<T>& View<T>::setNumInputDims(int64_t numInputDims) {
  RINGDL_CHECK(numInputDims >= 0, "View numInputDims must be >= 0, got ", numInputDims);
  options_.numInputDims = numInputDims;
  return *this;
}

template <typename T>
Shape View<T>::outputShape(const Tensor<T>& input) const {
  const int64_t rank = input.dim();
  RINGDL_CHECK_LAYER(options_.numInputDims <= rank, "numInputDims is ", options_.numInputDims,
                     " but the input of shape ", toString(input.shape()), " has only ", rank, " dimensions");
  const int64_t sampleDims = options_.numInputDims == 0 ? rank : options_.numInputDims;
  int64_t sampleElements = 1;
  for (int64_t d = rank - sampleDims; d < rank; ++d) sampleElements *= input.size(d);
  RINGDL_CHECK_LAYER(sampleElements % knownElements_ == 0, "input of shape ", toString(input.shape()),
                     " does not match the view ", toString(options_.sizes), ": ", sampleElements,
                     " elements per sample are not a multiple of ", knownElements_);
  // What the sizes do not account for is either the batch or, with a -1, the inferred size.
  int64_t batch = infers_ ? 1 : sampleElements / knownElements_;
  for (int64_t d = 0; d < rank - sampleDims; ++d) batch *= input.size(d);
  const bool hasBatch = !(batch == 1 && (options_.numInputDims == 0 || rank <= options_.numInputDims));

  Shape shape;
  if (hasBatch) shape.push_back(batch);
  shape.insert(shape.end(), options_.sizes.begin(), options_.sizes.end());
  if (infers_) {
    const int64_t known = knownElements_ * (hasBatch ? batch : 1);
    RINGDL_CHECK_LAYER(known > 0 && input.numel() % known == 0, "cannot view input of shape ",
                       toString(input.shape()), " (", input.numel(), " elements) as ", toString(shape));
    for (int64_t& s : shape)
      if (s == -1) s = input.numel() / known;
  }
  RINGDL_CHECK_LAYER(numelOf(shape) == input.numel(), "cannot view input of shape ", toString(input.shape()),
                     " (", input.numel(), " elements) as ", toString(shape), " (", numelOf(shape),
                     " elements)");
  return shape;
}

template <typename T>
void View<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  output = input.reshape(outputShape(input));
}

template <typename T>
void View<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.numel() == input.numel(), "gradOutput of shape ",
                     toString(gradOutput.shape()), " has ", gradOutput.numel(),
                     " elements but the input of shape ", toString(input.shape()), " has ", input.numel());
  gradInput = gradOutput.reshape(input.shape());
}

template class View<float>;
template class View<double>;

}  // namespace ringdl
