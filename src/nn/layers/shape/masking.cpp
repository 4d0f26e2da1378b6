// Masking<T>: one pass over each step's features decides the step; backward reuses that decision.
#include "ringdl/nn/layers/shape/masking.h"

#include <cstring>

namespace ringdl {

namespace {
/// Copies steps of `features` values from src to dst, zeroing the masked ones.
template <typename T>
void copyUnmasked(const T* src, const std::vector<char>& masked, int64_t features, T* dst) {
  for (size_t s = 0; s < masked.size(); ++s) {
    if (masked[s])
      std::memset(dst + s * features, 0, sizeof(T) * features);
    else
      std::memcpy(dst + s * features, src + s * features, sizeof(T) * features);
  }
}
}  // namespace

template <typename T>
void Masking<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  RINGDL_CHECK_LAYER(input.dim() == 3,
                     "expected input of shape [N, T, F] (batch, time steps, features), got ",
                     ringdl::toString(input.shape()));
  const int64_t steps = input.size(0) * input.size(1), features = input.size(2);
  const Tensor<T> x = input.contiguous();
  const T mask = static_cast<T>(options_.maskValue);
  masked_.assign(steps, 0);
  for (int64_t s = 0; s < steps; ++s) {
    const T* f = x.data() + s * features;
    bool all = true;
    for (int64_t i = 0; i < features && all; ++i) all = f[i] == mask;
    masked_[s] = all;
  }
  out_.resize(input.shape());
  copyUnmasked(x.data(), masked_, features, out_.data());
  output = out_;
}

template <typename T>
void Masking<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the input has ",
                     ringdl::toString(input.shape()));
  RINGDL_CHECK_LAYER(static_cast<int64_t>(masked_.size()) == input.size(0) * input.size(1),
                     "backward needs the forward of the same input first");
  const Tensor<T> g = gradOutput.contiguous();
  grad_.resize(input.shape());
  copyUnmasked(g.data(), masked_, input.size(2), grad_.data());
  gradInput = grad_;
}

template class Masking<float>;
template class Masking<double>;

}  // namespace ringdl
