// ConvLSTMPeephole<T>: BigDL's ConvLSTMPeephole, the LSTM with peepholes whose gates are 2-d convolutions of
// the input [N, inputSize, H, W] and of the hidden state (Shi et al. 2015; the step is in
// detail/conv_lstm_cell.h). States {h, c} of [N, outputSize, H', W'], H' = H with the default stride and
// padding. A cell: under Recurrent it runs over [N, T, inputSize, H, W].
#pragma once

#include <string>

#include "ringdl/nn/layers/recurrent/detail/conv_lstm_cell.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct ConvLSTMPeepholeOptions {
  int64_t inputSize = 0, outputSize = 0;
  int64_t kernelI = 0;   ///< the input convolution's kernel, kernelI x kernelI
  int64_t kernelC = 0;   ///< the hidden state's convolution's kernel
  int64_t stride = 1;    ///< of the input convolution (see detail/conv_lstm_cell.h)
  int64_t padding = -1;  ///< -1: "same" (TensorFlow's rule: the extra row or column of an even kernel after)
  std::string activation = "tanh";          ///< of g and of c' (BigDL's activation)
  std::string innerActivation = "sigmoid";  ///< of the gates i, f, o; both: tanh, sigmoid, hard_sigmoid, relu
  RegularizerOption wRegularizer{}, uRegularizer{}, bRegularizer{},
      cRegularizer{};        ///< [l1, l2]; unset: none
  bool withPeephole = true;  ///< false: the gates do not see c (no weight_peephole)
  template <typename V>
  void fields(V& v) {
    v("inputSize", inputSize, kRequired);
    v("outputSize", outputSize, kRequired);
    v("kernelI", kernelI, kRequired);
    v("kernelC", kernelC, kRequired);
    v("stride", stride);
    v("padding", padding);
    v("activation", activation);
    v("innerActivation", innerActivation);
    v("wRegularizer", wRegularizer);
    v("uRegularizer", uRegularizer);
    v("bRegularizer", bRegularizer);
    v("cRegularizer", cRegularizer);
    v("withPeephole", withPeephole);
  }
};

template <typename T>
class ConvLSTMPeephole : public detail::ConvLSTMCell<T> {
 public:
  /// BigDL's argument order (its regularizers through the options struct).
  ConvLSTMPeephole(int64_t inputSize, int64_t outputSize, int64_t kernelI, int64_t kernelC,
                   int64_t stride = 1, int64_t padding = -1, std::string activation = "tanh",
                   std::string innerActivation = "sigmoid", bool withPeephole = true);
  explicit ConvLSTMPeephole(const ConvLSTMPeepholeOptions& options);
  explicit ConvLSTMPeephole(const Attributes& a)
      : ConvLSTMPeephole(optionsFrom<ConvLSTMPeepholeOptions>(a, "ConvLSTMPeephole")) {}
  Attributes config() const override { return attributesOf(options_); }
  const ConvLSTMPeepholeOptions& options() const { return options_; }

 private:
  ConvLSTMPeepholeOptions options_;
};

extern template class ConvLSTMPeephole<float>;
extern template class ConvLSTMPeephole<double>;

}  // namespace ringdl
