// Reshape<T>: outputs and gradients are views of their sources (Tensor::reshape copies only non-contiguous
// inputs), so the layer costs nothing in the common case. Views are assigned, never resized into, because
// resizing a view would write into the storage of the layer that produced it.
#include "ringdl/nn/layers/shape/reshape.h"

#include <utility>
#include <vector>

namespace ringdl {

template <typename T>
Reshape<T>::Reshape(Shape size, std::optional<bool> batchMode)
    : TensorModule<T>("Reshape"), size_(std::move(size)), batchMode_(batchMode) {
  RINGDL_CHECK(!size_.empty(), "Reshape needs a non-empty size");
  for (int64_t s : size_) RINGDL_CHECK(s > 0, "Reshape needs positive sizes, got ", toString(size_));
  sampleElements_ = numelOf(size_);
}

template <typename T>
Reshape<T>::Reshape(const Attributes& a)
    : Reshape(a.get<std::vector<int64_t>>("size"),
              a.has("batchMode") ? std::optional<bool>(a.get<bool>("batchMode")) : std::nullopt) {}

template <typename T>
Attributes Reshape<T>::config() const {
  Attributes a;
  a.set("size", size_);
  // Absent means "decide per input", so config() round-trips all three modes.
  if (batchMode_) a.set("batchMode", *batchMode_);
  return a;
}

template <typename T>
void Reshape<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t n = input.numel();
  const bool batch =
      batchMode_ ? *batchMode_ : !(n == sampleElements_ && (input.dim() == 0 || input.size(0) != 1));
  if (!batch) {
    RINGDL_CHECK_LAYER(n == sampleElements_, "cannot reshape input of shape ", toString(input.shape()), " (",
                       n, " elements) to ", toString(size_), " (", sampleElements_, " elements)");
    output = input.reshape(size_);
    return;
  }
  const int64_t batchSize = input.dim() == 0 ? 1 : input.size(0);
  Shape shape{batchSize};
  shape.insert(shape.end(), size_.begin(), size_.end());
  if (input.dim() == 0 || n != batchSize * sampleElements_) {
    if (batchMode_)
      RINGDL_FAIL(this->where(), ": cannot reshape input of shape ", toString(input.shape()), " (", n,
                  " elements) to ", toString(shape), " (", numelOf(shape), " elements)");
    RINGDL_FAIL(this->where(), ": cannot reshape input of shape ", toString(input.shape()), " (", n,
                " elements) to ", toString(size_), " (", sampleElements_, " elements) or, as a batch of ",
                batchSize, ", to ", toString(shape), " (", numelOf(shape), " elements)");
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
