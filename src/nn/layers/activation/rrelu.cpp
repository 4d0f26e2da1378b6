// RReLU<T>: forward records each element's slope, so backward is one multiply.
#include "ringdl/nn/layers/activation/rrelu.h"

#include "ringdl/tensor/random.h"

namespace ringdl {

template <typename T>
RReLU<T>::RReLU(const RReLUOptions& options) : TensorModule<T>("RReLU"), options_(options) {
  RINGDL_CHECK(0 <= options_.lower && options_.lower <= options_.upper,
               "RReLU: need 0 <= lower <= upper, got lower ", options_.lower, " and upper ", options_.upper);
}

template <typename T>
void RReLU<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Tensor<T> x = input.contiguous();
  output.resize(x.shape());
  noise_.resize(x.shape());
  const T* in = x.data();
  T* out = output.data();
  T* a = noise_.data();
  const int64_t n = x.numel();
  Random& rng = Random::global();
  const T mean = static_cast<T>((options_.lower + options_.upper) / 2);
  for (int64_t i = 0; i < n; ++i) {
    // One draw per negative element in training, in order: the slopes depend only on the generator's state.
    a[i] = in[i] > T(0)
               ? T(1)
               : (this->isTraining() ? static_cast<T>(rng.uniform(options_.lower, options_.upper)) : mean);
    out[i] = in[i] * a[i];
  }
}

template <typename T>
void RReLU<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape() && noise_.shape() == input.shape(),
                     "gradOutput shape ", toString(gradOutput.shape()), " must equal the input shape ",
                     toString(input.shape()), " of the last forward");
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize(input.shape());
  const T* g = go.data();
  const T* a = noise_.data();
  T* gi = gradInput.data();
  for (int64_t i = 0; i < input.numel(); ++i) gi[i] = g[i] * a[i];
}

template class RReLU<float>;
template class RReLU<double>;

}  // namespace ringdl
