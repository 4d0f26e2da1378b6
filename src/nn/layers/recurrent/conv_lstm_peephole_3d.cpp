// ConvLSTMPeephole3D<T>: the 3-d convolutional LSTM's options as a spec for ConvLSTMCell.
#include "ringdl/nn/layers/recurrent/conv_lstm_peephole_3d.h"

namespace ringdl {

namespace {
detail::ConvLSTMSpec specOf(const ConvLSTMPeephole3DOptions& o) {
  const char* layer = "ConvLSTMPeephole3D";
  detail::ConvLSTMSpec s;
  s.rank = 3;
  s.inputSize = o.inputSize;
  s.outputSize = o.outputSize;
  s.kernelI = o.kernelI;
  s.kernelC = o.kernelC;
  s.stride = o.stride;
  s.padding = o.padding;
  s.withPeephole = o.withPeephole;  // activations: the spec's defaults, tanh and sigmoid, as BigDL's
  s.w = regularizerOf(o.wRegularizer, layer, "wRegularizer");
  s.u = regularizerOf(o.uRegularizer, layer, "uRegularizer");
  s.b = regularizerOf(o.bRegularizer, layer, "bRegularizer");
  s.c = regularizerOf(o.cRegularizer, layer, "cRegularizer");
  return s;
}
}  // namespace

template <typename T>
ConvLSTMPeephole3D<T>::ConvLSTMPeephole3D(int64_t inputSize, int64_t outputSize, int64_t kernelI,
                                          int64_t kernelC, int64_t stride, int64_t padding, bool withPeephole)
    : ConvLSTMPeephole3D([&] {
        ConvLSTMPeephole3DOptions o;
        o.inputSize = inputSize, o.outputSize = outputSize, o.kernelI = kernelI, o.kernelC = kernelC;
        o.stride = stride, o.padding = padding, o.withPeephole = withPeephole;
        return o;
      }()) {}

template <typename T>
ConvLSTMPeephole3D<T>::ConvLSTMPeephole3D(const ConvLSTMPeephole3DOptions& options)
    : detail::ConvLSTMCell<T>("ConvLSTMPeephole3D", specOf(options)), options_(options) {}

template class ConvLSTMPeephole3D<float>;
template class ConvLSTMPeephole3D<double>;

}  // namespace ringdl
