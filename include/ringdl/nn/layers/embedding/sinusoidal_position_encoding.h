// SinusoidalPositionEncoding<T>: adds the fixed timing signal of the Transformer paper to x [N, T, H] (or
// [T, H]): position t, channel i. BigDL's PositionEncode (after tensor2tensor's get_timing_signal) puts the
// sines in the first H/2 channels and the cosines in the last H/2, at timescales minTimescale .. maxTimescale
// in geometric steps: sin(t / minTimescale / (maxTimescale/minTimescale)^(i / (H/2 - 1))). With interleaved,
// the paper's own layout: channel 2i sin(t / 10000^(2i/H)), channel 2i+1 cos of the same (PyTorch
// tutorials'), maxTimescale as the 10000 and minTimescale unused. H must be even. No parameters; gradInput is
// gradOutput.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct SinusoidalPositionEncodingOptions {
  double minTimescale = 1.0;
  double maxTimescale = 1.0e4;
  bool interleaved = false;  ///< false: BigDL's [sin | cos] halves; true: the paper's sin, cos alternating
  template <typename V>
  void fields(V& v) {
    v("minTimescale", minTimescale);
    v("maxTimescale", maxTimescale);
    v("interleaved", interleaved);
  }
};

template <typename T>
class SinusoidalPositionEncoding : public TensorModule<T> {
 public:
  SinusoidalPositionEncoding() : SinusoidalPositionEncoding(SinusoidalPositionEncodingOptions{}) {}
  explicit SinusoidalPositionEncoding(const SinusoidalPositionEncodingOptions& options);
  explicit SinusoidalPositionEncoding(const Attributes& a)
      : SinusoidalPositionEncoding(
            optionsFrom<SinusoidalPositionEncodingOptions>(a, "SinusoidalPositionEncoding")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SinusoidalPositionEncodingOptions& options() const { return options_; }
  /// The signal [length, hidden] this layer adds (BigDL's PositionEncode output); hidden even.
  static Tensor<T> signal(int64_t length, int64_t hidden, const SinusoidalPositionEncodingOptions& options);

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  SinusoidalPositionEncodingOptions options_;
  Tensor<T> signal_;  ///< kept for the last (length, hidden) seen
};

extern template class SinusoidalPositionEncoding<float>;
extern template class SinusoidalPositionEncoding<double>;

}  // namespace ringdl
