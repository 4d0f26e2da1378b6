// ConvLSTMPeephole<T>: the 2-d convolutional LSTM's options as a spec for ConvLSTMCell.
#include "ringdl/nn/layers/recurrent/conv_lstm_peephole.h"

#include <utility>

namespace ringdl {

namespace {
detail::ConvLSTMSpec specOf(const ConvLSTMPeepholeOptions& o) {
  const char* layer = "ConvLSTMPeephole";
  detail::ConvLSTMSpec s;
  s.rank = 2;
  s.inputSize = o.inputSize;
  s.outputSize = o.outputSize;
  s.kernelI = o.kernelI;
  s.kernelC = o.kernelC;
  s.stride = o.stride;
  s.padding = o.padding;
  s.activation = o.activation;
  s.innerActivation = o.innerActivation;
  s.withPeephole = o.withPeephole;
  s.w = regularizerOf(o.wRegularizer, layer, "wRegularizer");
  s.u = regularizerOf(o.uRegularizer, layer, "uRegularizer");
  s.b = regularizerOf(o.bRegularizer, layer, "bRegularizer");
  s.c = regularizerOf(o.cRegularizer, layer, "cRegularizer");
  return s;
}
}  // namespace

template <typename T>
ConvLSTMPeephole<T>::ConvLSTMPeephole(int64_t inputSize, int64_t outputSize, int64_t kernelI, int64_t kernelC,
                                      int64_t stride, int64_t padding, std::string activation,
                                      std::string innerActivation, bool withPeephole)
    : ConvLSTMPeephole([&] {
        ConvLSTMPeepholeOptions o;
        o.inputSize = inputSize, o.outputSize = outputSize, o.kernelI = kernelI, o.kernelC = kernelC;
        o.stride = stride, o.padding = padding, o.withPeephole = withPeephole;
        o.activation = std::move(activation), o.innerActivation = std::move(innerActivation);
        return o;
      }()) {}

template <typename T>
ConvLSTMPeephole<T>::ConvLSTMPeephole(const ConvLSTMPeepholeOptions& options)
    : detail::ConvLSTMCell<T>("ConvLSTMPeephole", specOf(options)), options_(options) {}

template class ConvLSTMPeephole<float>;
template class ConvLSTMPeephole<double>;

}  // namespace ringdl
