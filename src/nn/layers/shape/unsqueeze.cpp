// Unsqueeze<T>: Tensor::unsqueeze forward and select(pos, 0) backward, both views whatever the strides.
#include "ringdl/nn/layers/shape/unsqueeze.h"

#include <string>

namespace ringdl {

template <typename T>
Unsqueeze<T>::Unsqueeze(const UnsqueezeOptions& options) : TensorModule<T>("Unsqueeze"), options_(options) {
  RINGDL_CHECK(options.numInputDims >= 0, "Unsqueeze: numInputDims must be >= 0, got ", options.numInputDims);
}

template <typename T>
int64_t Unsqueeze<T>::position(int64_t rank) const {
  const bool batch = options_.numInputDims > 0 && rank == options_.numInputDims + 1;
  const int64_t pos = options_.pos < 0 ? options_.pos + rank + 1 : options_.pos + (batch ? 1 : 0);
  RINGDL_CHECK_LAYER(pos >= 0 && pos <= rank, "pos ", options_.pos, " is out of range for an input of ", rank,
                     " dimensions (0 to ", rank, ", or -1 to -", rank + 1, " from the end",
                     batch
                         ? "; the first is a batch: numInputDims is " + std::to_string(options_.numInputDims)
                         : std::string(),
                     ")");
  return pos;
}

template <typename T>
void Unsqueeze<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  output = input.unsqueeze(position(input.dim()));
}

template <typename T>
void Unsqueeze<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                   Tensor<T>& gradInput) {
  const int64_t pos = position(input.dim());
  RINGDL_CHECK_LAYER(gradOutput.dim() == input.dim() + 1 && gradOutput.size(pos) == 1,
                     "gradOutput has shape ", ringdl::toString(gradOutput.shape()), " but the output has ",
                     ringdl::toString(input.unsqueeze(pos).shape()));
  gradInput = gradOutput.select(pos, 0);
}

template class Unsqueeze<float>;
template class Unsqueeze<double>;

}  // namespace ringdl
