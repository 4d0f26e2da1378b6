// PReLU<T>: loops over [outer, channels, inner], the slope fixed along the inner run.
#include "ringdl/nn/layers/activation/prelu.h"

namespace ringdl {

template <typename T>
PReLU<T>::PReLU(const PReLUOptions& options) : TensorModule<T>("PReLU"), options_(options) {
  RINGDL_CHECK(options_.nOutputPlane >= 0, "PReLU: nOutputPlane must be >= 0 (0: one shared slope), got ",
               options_.nOutputPlane);
  weight_ = Tensor<T>({options_.nOutputPlane > 0 ? options_.nOutputPlane : 1});
  gradWeight_ = Tensor<T>(weight_.shape());
  this->registerParameter("weight", &weight_, &gradWeight_);
  reset();
}

template <typename T>
void PReLU<T>::reset() {
  weight_.fill(T(0.25));
}

template <typename T>
typename PReLU<T>::Geometry PReLU<T>::geometryOf(const Tensor<T>& input) const {
  Geometry g;
  if (options_.nOutputPlane == 0) {
    g.inner = input.numel();
    return g;
  }
  const int64_t d = input.dim() == 1 ? 0 : 1;
  RINGDL_CHECK_LAYER(input.dim() >= 1 && input.size(d) == options_.nOutputPlane, "expected ",
                     options_.nOutputPlane, " channels in dimension ", d, " (input [C] or [N, C, ...]), got ",
                     toString(input.shape()));
  for (int64_t i = 0; i < d; ++i) g.outer *= input.size(i);
  g.channels = input.size(d);
  for (int64_t i = d + 1; i < input.dim(); ++i) g.inner *= input.size(i);
  return g;
}

template <typename T>
void PReLU<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Geometry g = geometryOf(input);
  const Tensor<T> x = input.contiguous();
  output.resize(x.shape());
  const T* in = x.data();
  T* out = output.data();
  const T* a = weight_.data();
  for (int64_t o = 0; o < g.outer; ++o)
    for (int64_t c = 0; c < g.channels; ++c) {
      const int64_t base = (o * g.channels + c) * g.inner;
      for (int64_t i = base; i < base + g.inner; ++i) out[i] = in[i] > T(0) ? in[i] : a[c] * in[i];
    }
}

template <typename T>
void PReLU<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput shape ", toString(gradOutput.shape()),
                     " must equal the input shape ", toString(input.shape()));
  const Geometry g = geometryOf(input);
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  gradInput.resize(x.shape());
  const T* in = x.data();
  const T* gr = go.data();
  T* gi = gradInput.data();
  const T* a = weight_.data();
  for (int64_t o = 0; o < g.outer; ++o)
    for (int64_t c = 0; c < g.channels; ++c) {
      const int64_t base = (o * g.channels + c) * g.inner;
      for (int64_t i = base; i < base + g.inner; ++i) gi[i] = in[i] > T(0) ? gr[i] : a[c] * gr[i];
    }
}

template <typename T>
void PReLU<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput shape ", toString(gradOutput.shape()),
                     " must equal the input shape ", toString(input.shape()));
  const Geometry g = geometryOf(input);
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  const T* in = x.data();
  const T* gr = go.data();
  T* ga = gradWeight_.data();
  for (int64_t o = 0; o < g.outer; ++o)
    for (int64_t c = 0; c < g.channels; ++c) {
      const int64_t base = (o * g.channels + c) * g.inner;
      T sum = T(0);
      for (int64_t i = base; i < base + g.inner; ++i)
        if (in[i] <= T(0)) sum += in[i] * gr[i];
      ga[c] += sum;
    }
}

template class PReLU<float>;
template class PReLU<double>;

}  // namespace ringdl
