// ConvLSTMPeephole3D<T>: BigDL's ConvLSTMPeephole3D, ConvLSTMPeephole over volumes: the input is
// [N, inputSize, D, H, W], the states {h, c} [N, outputSize, D', H', W'], the kernels cubes. As in BigDL its
// activations are fixed, tanh and sigmoid.
#pragma once

#include "ringdl/nn/layers/recurrent/detail/conv_lstm_cell.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct ConvLSTMPeephole3DOptions {
  int64_t inputSize = 0, outputSize = 0;
  int64_t kernelI = 0;   ///< the input convolution's kernel, kernelI^3
  int64_t kernelC = 0;   ///< the hidden state's convolution's kernel
  int64_t stride = 1;    ///< of the input convolution (see detail/conv_lstm_cell.h)
  int64_t padding = -1;  ///< -1: "same"
  RegularizerOption wRegularizer{}, uRegularizer{}, bRegularizer{},
      cRegularizer{};  ///< [l1, l2]; unset: none
  bool withPeephole = true;
  template <typename V>
  void fields(V& v) {
    v("inputSize", inputSize, kRequired);
    v("outputSize", outputSize, kRequired);
    v("kernelI", kernelI, kRequired);
    v("kernelC", kernelC, kRequired);
    v("stride", stride);
    v("padding", padding);
    v("wRegularizer", wRegularizer);
    v("uRegularizer", uRegularizer);
    v("bRegularizer", bRegularizer);
    v("cRegularizer", cRegularizer);
    v("withPeephole", withPeephole);
  }
};

template <typename T>
class ConvLSTMPeephole3D : public detail::ConvLSTMCell<T> {
 public:
  /// BigDL's argument order (its regularizers through the options struct).
  ConvLSTMPeephole3D(int64_t inputSize, int64_t outputSize, int64_t kernelI, int64_t kernelC,
                     int64_t stride = 1, int64_t padding = -1, bool withPeephole = true);
  explicit ConvLSTMPeephole3D(const ConvLSTMPeephole3DOptions& options);
  explicit ConvLSTMPeephole3D(const Attributes& a)
      : ConvLSTMPeephole3D(optionsFrom<ConvLSTMPeephole3DOptions>(a, "ConvLSTMPeephole3D")) {}
  Attributes config() const override { return attributesOf(options_); }
  const ConvLSTMPeephole3DOptions& options() const { return options_; }

 private:
  ConvLSTMPeephole3DOptions options_;
};

extern template class ConvLSTMPeephole3D<float>;
extern template class ConvLSTMPeephole3D<double>;

}  // namespace ringdl
