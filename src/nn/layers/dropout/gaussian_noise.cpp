// GaussianNoise<T>: one normal draw per element, in order; the gradient is gradOutput itself (the noise does
// not depend on the input).
#include "ringdl/nn/layers/dropout/gaussian_noise.h"

#include "ringdl/tensor/random.h"

namespace ringdl {

template <typename T>
GaussianNoise<T>::GaussianNoise(const GaussianNoiseOptions& options)
    : TensorModule<T>("GaussianNoise"), options_(options) {
  RINGDL_CHECK(options.stddev >= 0, "GaussianNoise: stddev must be >= 0, got ", options.stddev);
}

template <typename T>
void GaussianNoise<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  if (!this->isTraining()) {
    output = input;
    return;
  }
  const Tensor<T> x = input.contiguous();
  out_.resize(input.shape());
  Random& rng = Random::global();
  const T* in = x.data();
  T* o = out_.data();
  for (int64_t i = 0; i < input.numel(); ++i) o[i] = in[i] + static_cast<T>(rng.normal(0, options_.stddev));
  output = out_;
}

template <typename T>
void GaussianNoise<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                       Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the input has ",
                     ringdl::toString(input.shape()));
  gradInput = gradOutput;
}

template class GaussianNoise<float>;
template class GaussianNoise<double>;

}  // namespace ringdl
