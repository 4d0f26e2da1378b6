// Add<T>: one sample, or a batch seen as [N, inputSize].
#include "ringdl/nn/layers/linear/add.h"

namespace ringdl {

template <typename T>
Add<T>::Add(const AddOptions& options)
    : ScaleShift<T>("Add", Shape{options.inputSize}, false, true), options_(options) {}

template <typename T>
typename ScaleShift<T>::Broadcast Add<T>::broadcastOf(const Tensor<T>& input) const {
  const int64_t n = options_.inputSize;
  if (input.dim() == 1 && input.size(0) == n) return {{n}, {1}};
  const int64_t batch = input.dim() >= 2 ? input.size(0) : 0;
  RINGDL_CHECK_LAYER(batch > 0 && input.numel() == batch * n, "expected input of shape [", n,
                     "] or a batch [N, ...] of ", n, " elements per sample, got ", toString(input.shape()));
  return {{batch, n}, {0, 1}};
}

template class Add<float>;
template class Add<double>;

}  // namespace ringdl
