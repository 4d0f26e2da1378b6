// SinusoidalPositionEncoding<T>: the signal is computed in double once per (length, hidden) and added.
#include "ringdl/nn/layers/embedding/sinusoidal_position_encoding.h"

#include <cmath>

namespace ringdl {

template <typename T>
SinusoidalPositionEncoding<T>::SinusoidalPositionEncoding(const SinusoidalPositionEncodingOptions& options)
    : TensorModule<T>("SinusoidalPositionEncoding"), options_(options) {
  RINGDL_CHECK(options_.minTimescale > 0 && options_.maxTimescale >= options_.minTimescale,
               "SinusoidalPositionEncoding: timescales must satisfy 0 < minTimescale <= maxTimescale, got ",
               options_.minTimescale, " and ", options_.maxTimescale);
}

template <typename T>
Tensor<T> SinusoidalPositionEncoding<T>::signal(int64_t length, int64_t hidden,
                                                const SinusoidalPositionEncodingOptions& o) {
  Tensor<T> s({length, hidden});
  const int64_t half = hidden / 2;
  for (int64_t t = 0; t < length; ++t) {
    T* row = s.data() + t * hidden;
    for (int64_t i = 0; i < half; ++i) {
      double inv;  // 1 / timescale of sine-cosine pair i
      if (o.interleaved) {
        inv = std::pow(o.maxTimescale, -2.0 * i / hidden);
      } else {
        const double step = half > 1 ? std::log(o.maxTimescale / o.minTimescale) / (half - 1) : 0.0;
        inv = std::exp(-step * i) / o.minTimescale;
      }
      const double a = t * inv;
      row[o.interleaved ? 2 * i : i] = static_cast<T>(std::sin(a));
      row[o.interleaved ? 2 * i + 1 : half + i] = static_cast<T>(std::cos(a));
    }
  }
  return s;
}

template <typename T>
void SinusoidalPositionEncoding<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  RINGDL_CHECK_LAYER(
      (input.dim() == 3 || input.dim() == 2) && input.size(-1) % 2 == 0,
      "expected input of shape [N, T, H] or [T, H] with H even (a sine and a cosine per pair of ",
      "channels), got ", toString(input.shape()));
  const int64_t h = input.size(-1), steps = input.size(-2);
  if (signal_.dim() != 2 || signal_.size(0) != steps || signal_.size(1) != h)
    signal_ = signal(steps, h, options_);
  const Tensor<T> x = input.contiguous();
  output.resize(x.shape());
  const int64_t block = steps * h, n = x.numel() / block;
  const T* s = signal_.data();
  for (int64_t b = 0; b < n; ++b) {
    const T* in = x.data() + b * block;
    T* out = output.data() + b * block;
    for (int64_t i = 0; i < block; ++i) out[i] = in[i] + s[i];
  }
}

template <typename T>
void SinusoidalPositionEncoding<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                                    Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput has shape ",
                     toString(gradOutput.shape()), ", expected the input's ", toString(input.shape()));
  gradInput = gradOutput;  // shared, not written: the signal's derivative is the identity
}

template class SinusoidalPositionEncoding<float>;
template class SinusoidalPositionEncoding<double>;

}  // namespace ringdl
