// Squeeze<T>: the removed dimensions are select(d, 0), which is a view whatever the input's strides.
#include "ringdl/nn/layers/shape/squeeze.h"

#include <algorithm>

namespace ringdl {

template <typename T>
Squeeze<T>::Squeeze(const SqueezeOptions& options) : TensorModule<T>("Squeeze"), options_(options) {
  RINGDL_CHECK(options.numInputDims >= 0, "Squeeze: numInputDims must be >= 0, got ", options.numInputDims);
}

template <typename T>
void Squeeze<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const int64_t rank = input.dim();
  const bool batch = options_.numInputDims > 0 && rank == options_.numInputDims + 1;
  std::vector<int64_t> removed;
  if (options_.dims.empty()) {
    for (int64_t d = batch ? 1 : 0; d < rank; ++d)
      if (input.size(d) == 1) removed.push_back(d);
  } else {
    for (int64_t dim : options_.dims) {
      const int64_t d = dim < 0 ? dim + rank : dim + (batch ? 1 : 0);
      RINGDL_CHECK_LAYER(d >= 0 && d < rank, "dimension ", dim, " is out of range for an input of shape ",
                         ringdl::toString(input.shape()), " (", rank, " dimensions",
                         batch
                             ? ", the first a batch: numInputDims is " + std::to_string(options_.numInputDims)
                             : std::string(),
                         ")");
      if (input.size(d) == 1) removed.push_back(d);
    }
  }
  std::sort(removed.begin(), removed.end());
  removed.erase(std::unique(removed.begin(), removed.end()), removed.end());
  Tensor<T> v = input;
  for (auto it = removed.rbegin(); it != removed.rend(); ++it) v = v.select(*it, 0);
  output = v;
}

template <typename T>
void Squeeze<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.numel() == input.numel(), "gradOutput of shape ",
                     ringdl::toString(gradOutput.shape()), " has ", gradOutput.numel(),
                     " elements but the input of shape ", ringdl::toString(input.shape()), " has ",
                     input.numel());
  gradInput = gradOutput.reshape(input.shape());
}

template class Squeeze<float>;
template class Squeeze<double>;

}  // namespace ringdl
