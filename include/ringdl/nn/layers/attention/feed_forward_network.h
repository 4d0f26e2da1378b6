// FeedForwardNetwork<T>: BigDL's FeedForwardNetwork, the Transformer's position-wise feed-forward block:
// Linear(hiddenSize, filterSize) -> ReLU -> Dropout(reluDropout) -> Linear(filterSize, hiddenSize) on every
// vector along the last dimension of x [..., hiddenSize]. Parameters under BigDL's layer names:
// filter_layer.weight [filterSize, hiddenSize], filter_layer.bias, output_layer.weight [hiddenSize,
// filterSize], output_layer.bias (Linear's layouts and initialisation).
#pragma once

#include "ringdl/nn/layers/attention/detail/composite_layer.h"
#include "ringdl/nn/layers/dropout/dropout.h"
#include "ringdl/nn/layers/linear/linear.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct FeedForwardNetworkOptions {
  int64_t hiddenSize = 0;
  int64_t filterSize = 0;
  double reluDropout = 0;
  template <typename V>
  void fields(V& v) {
    v("hiddenSize", hiddenSize, kRequired);
    v("filterSize", filterSize, kRequired);
    v("reluDropout", reluDropout);
  }
};

template <typename T>
class FeedForwardNetwork : public CompositeLayer<T> {
 public:
  FeedForwardNetwork(int64_t hiddenSize, int64_t filterSize, double reluDropout = 0)
      : FeedForwardNetwork(FeedForwardNetworkOptions{hiddenSize, filterSize, reluDropout}) {}
  explicit FeedForwardNetwork(const FeedForwardNetworkOptions& options);
  explicit FeedForwardNetwork(const Attributes& a)
      : FeedForwardNetwork(optionsFrom<FeedForwardNetworkOptions>(a, "FeedForwardNetwork")) {}

  Attributes config() const override { return attributesOf(options_); }
  const FeedForwardNetworkOptions& options() const { return options_; }

 protected:
  const Activity<T>& forwardInner(const Activity<T>& input) override;
  void backwardChain(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  FeedForwardNetworkOptions options_;
  std::shared_ptr<Linear<T>> filter_, outputLayer_;
  ModulePtr<T> relu_, dropout_;
  Tensor<T> rows_;  ///< the input as [M, hiddenSize]
};

extern template class FeedForwardNetwork<float>;
extern template class FeedForwardNetwork<double>;

}  // namespace ringdl
