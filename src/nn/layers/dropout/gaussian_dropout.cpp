// GaussianDropout<T>: one normal draw per element, in order, kept as the multiplier for backward.
#include "ringdl/nn/layers/dropout/gaussian_dropout.h"

#include <cmath>

#include "ringdl/tensor/random.h"

namespace ringdl {

template <typename T>
GaussianDropout<T>::GaussianDropout(const GaussianDropoutOptions& options)
    : TensorModule<T>("GaussianDropout"), options_(options) {
  RINGDL_CHECK(options.rate >= 0 && options.rate < 1, "GaussianDropout: rate must be in [0, 1), got ",
               options.rate);
}

template <typename T>
void GaussianDropout<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  if (!this->isTraining()) {
    output = input;
    return;
  }
  const double stddev = std::sqrt(options_.rate / (1 - options_.rate));
  noise_.resize(input.shape());
  Random& rng = Random::global();
  T* n = noise_.data();
  for (int64_t i = 0; i < input.numel(); ++i) n[i] = static_cast<T>(rng.normal(1, stddev));
  const Tensor<T> x = input.contiguous();
  out_.resize(input.shape());
  const T* in = x.data();
  T* o = out_.data();
  for (int64_t i = 0; i < input.numel(); ++i) o[i] = in[i] * n[i];
  output = out_;
}

template <typename T>
void GaussianDropout<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                         Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the input has ",
                     ringdl::toString(input.shape()));
  if (!this->isTraining()) {
    gradInput = gradOutput;
    return;
  }
  RINGDL_CHECK_LAYER(noise_.shape() == input.shape(),
                     "backward in training mode needs a training forward of the ",
                     "same input first (noise shape ", ringdl::toString(noise_.shape()), ", input shape ",
                     ringdl::toString(input.shape()), ")");
  const Tensor<T> g = gradOutput.contiguous();
  grad_.resize(input.shape());
  const T* go = g.data();
  const T* n = noise_.data();
  T* gi = grad_.data();
  for (int64_t i = 0; i < input.numel(); ++i) gi[i] = go[i] * n[i];
  gradInput = grad_;
}

template class GaussianDropout<float>;
template class GaussianDropout<double>;

}  // namespace ringdl
