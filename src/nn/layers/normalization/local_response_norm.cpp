// LocalResponseNorm<T>: per sample, the window hook over the whole sample, then contiguous element loops.
#include "ringdl/nn/layers/normalization/local_response_norm.h"

#include <cmath>

namespace ringdl {

template <typename T>
typename LocalResponseNorm<T>::Plane LocalResponseNorm<T>::planeOf(const Tensor<T>& input,
                                                                   int64_t* samples) const {
  RINGDL_CHECK_LAYER(input.dim() == 4 || input.dim() == 3,
                     "expected input of shape [N, C, H, W] or [C, H, W], got ",
                     ringdl::toString(input.shape()));
  const int64_t d = input.dim() - 3;
  *samples = d == 1 ? input.size(0) : 1;
  return Plane{input.size(d), input.size(d + 1), input.size(d + 2)};
}

template <typename T>
void LocalResponseNorm<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  int64_t samples = 0;
  const Plane p = planeOf(input, &samples);
  const int64_t n = p.numel();
  const Tensor<T> x = input.contiguous();
  output.resize(x.shape());
  scale_.resize(x.shape());
  squares_.resize(n);
  const T k = static_cast<T>(k_), c = static_cast<T>(c_), minusBeta = static_cast<T>(-beta_);
  for (int64_t s = 0; s < samples; ++s) {
    const T* in = x.data() + s * n;
    T* scale = scale_.data() + s * n;
    T* out = output.data() + s * n;
    for (int64_t i = 0; i < n; ++i) squares_[i] = in[i] * in[i];
    windowSum(squares_.data(), scale, p);
    for (int64_t i = 0; i < n; ++i) {
      scale[i] = k + c * scale[i];
      out[i] = in[i] * std::pow(scale[i], minusBeta);
    }
  }
}

template <typename T>
void LocalResponseNorm<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                           Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput shape ",
                     ringdl::toString(gradOutput.shape()), " must equal the input shape ",
                     ringdl::toString(input.shape()));
  RINGDL_CHECK_LAYER(scale_.shape() == input.shape(), "backward must follow a forward of the same input");
  int64_t samples = 0;
  const Plane p = planeOf(input, &samples);
  const int64_t n = p.numel();
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  const Tensor<T>& y = this->outputTensor();
  gradInput.resize(x.shape());
  squares_.resize(n);
  const T minusBeta = static_cast<T>(-beta_), twoCBeta = static_cast<T>(2 * c_ * beta_);
  for (int64_t s = 0; s < samples; ++s) {
    const T* in = x.data() + s * n;
    const T* g = go.data() + s * n;
    const T* out = y.data() + s * n;
    const T* scale = scale_.data() + s * n;
    T* gi = gradInput.data() + s * n;
    // gx = g scale^-beta - 2 c beta x W^T(g y / scale) (the header derives it); gi holds W^T(...) first.
    for (int64_t i = 0; i < n; ++i) squares_[i] = g[i] * out[i] / scale[i];
    windowSumTransposed(squares_.data(), gi, p);
    for (int64_t i = 0; i < n; ++i) gi[i] = g[i] * std::pow(scale[i], minusBeta) - twoCBeta * in[i] * gi[i];
  }
}

template class LocalResponseNorm<float>;
template class LocalResponseNorm<double>;

}  // namespace ringdl
