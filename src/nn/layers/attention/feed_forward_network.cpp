// FeedForwardNetwork<T>: the input viewed as rows of hiddenSize through two Linears (one GEMM each way).
#include "ringdl/nn/layers/attention/feed_forward_network.h"

#include "ringdl/nn/layers/activation/activations.h"

namespace ringdl {

template <typename T>
FeedForwardNetwork<T>::FeedForwardNetwork(const FeedForwardNetworkOptions& options)
    : CompositeLayer<T>("FeedForwardNetwork"), options_(options) {
  RINGDL_CHECK(options_.hiddenSize > 0 && options_.filterSize > 0,
               "FeedForwardNetwork needs positive sizes, got hiddenSize=", options_.hiddenSize,
               " filterSize=", options_.filterSize);
  RINGDL_CHECK(options_.reluDropout >= 0 && options_.reluDropout < 1,
               "FeedForwardNetwork: reluDropout must be in [0, 1), got ", options_.reluDropout);
  filter_ = this->own("filter_layer", std::make_shared<Linear<T>>(options_.hiddenSize, options_.filterSize));
  relu_ = this->own("relu", std::make_shared<ReLU<T>>());
  dropout_ = this->own("dropout", std::make_shared<Dropout<T>>(options_.reluDropout));
  outputLayer_ =
      this->own("output_layer", std::make_shared<Linear<T>>(options_.filterSize, options_.hiddenSize));
}

template <typename T>
const Activity<T>& FeedForwardNetwork<T>::forwardInner(const Activity<T>& input) {
  RINGDL_CHECK_LAYER(input.isTensor(), "takes a Tensor [..., ", options_.hiddenSize, "], got a Table");
  const Tensor<T>& x = input.toTensor();
  RINGDL_CHECK_LAYER(x.dim() >= 1 && x.size(-1) == options_.hiddenSize, "expected input of shape [..., ",
                     options_.hiddenSize, "] (the last dimension hiddenSize), got ", toString(x.shape()));
  rows_ = x.contiguous().view({x.numel() / options_.hiddenSize, options_.hiddenSize});
  const Activity<T>& h = this->run(*filter_, rows_);
  const Activity<T>& y = this->run(*outputLayer_, this->run(*dropout_, this->run(*relu_, h)));
  this->output_ = Activity<T>(y.toTensor().view(x.shape()));
  return this->output_;
}

template <typename T>
void FeedForwardNetwork<T>::backwardChain(const Activity<T>& input, const Activity<T>& gradOutput) {
  RINGDL_CHECK_LAYER(gradOutput.isTensor() && gradOutput.toTensor().shape() == input.toTensor().shape(),
                     "gradOutput must have the input's shape ", toString(input.toTensor().shape()));
  const Tensor<T> g = gradOutput.toTensor().contiguous().view(rows_.shape());
  const Activity<T>& g1 = this->backThrough(*outputLayer_, dropout_->output(), g);
  const Activity<T>& g2 = this->backThrough(*dropout_, relu_->output(), g1);
  const Activity<T>& g3 = this->backThrough(*relu_, filter_->output(), g2);
  const Activity<T>& gx = this->backThrough(*filter_, rows_, g3);
  this->gradInput_ = Activity<T>(gx.toTensor().view(input.toTensor().shape()));
}

template class FeedForwardNetwork<float>;
template class FeedForwardNetwork<double>;

}  // namespace ringdl
