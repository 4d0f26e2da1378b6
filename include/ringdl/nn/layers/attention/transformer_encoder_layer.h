// TransformerEncoderLayer<T>: torch.nn.TransformerEncoderLayer(dModel, nHead, dimFeedforward, dropout,
// activation, layerNormEps, batch_first=True, normFirst) given the same weights. Input x [N, T, dModel], or a
// Table {x, keyPaddingMask [N, T]} (non-zero at padded steps, as MultiHeadAttention's); causal masks later
// steps. Post-norm: y = norm2(h + ff(h)) with h = norm1(x + sa(x)); pre-norm: h = x + sa(norm1(x)),
// y = h + ff(norm2(h)), ff = linear2(dropout(act(linear1(.)))) and each block's output through a dropout.
// Parameters under PyTorch's names: self_attn.in_proj_weight, self_attn.in_proj_bias,
// self_attn.out_proj.weight, self_attn.out_proj.bias, linear1.weight/bias, linear2.weight/bias,
// norm1.weight/bias, norm2.weight/bias.
#pragma once

#include <string>

#include "ringdl/nn/layers/attention/detail/composite_layer.h"
#include "ringdl/nn/layers/attention/multi_head_attention.h"
#include "ringdl/nn/layers/linear/linear.h"
#include "ringdl/nn/layers/normalization/layer_normalization.h"
#include "ringdl/nn/options.h"

namespace ringdl {

/// The options of TransformerEncoderLayer and TransformerDecoderLayer: torch.nn.TransformerEncoderLayer's and
/// TransformerDecoderLayer's (batch_first=True), plus causal for the (self-)attention mask.
struct TransformerLayerOptions {
  int64_t dModel = 0;
  int64_t nHead = 0;
  int64_t dimFeedforward = 2048;
  double dropout = 0.1;  ///< after each attention and the feed-forward block, and inside the latter
  std::string activation = "relu";  ///< "relu" or "gelu" (the exact, erf form)
  bool normFirst = false;           ///< pre-norm (LayerNorm before each block) instead of post-norm
  double layerNormEps = 1e-5;
  bool causal = false;  ///< the (decoder's) self-attention sees only earlier steps: PyTorch's triu(1) mask
  template <typename V>
  void fields(V& v) {
    v("dModel", dModel, kRequired);
    v("nHead", nHead, kRequired);
    v("dimFeedforward", dimFeedforward);
    v("dropout", dropout);
    v("activation", activation);
    v("normFirst", normFirst);
    v("layerNormEps", layerNormEps);
    v("causal", causal);
  }
};

template <typename T>
class TransformerEncoderLayer : public CompositeLayer<T> {
 public:
  TransformerEncoderLayer(int64_t dModel, int64_t nHead, int64_t dimFeedforward = 2048, double dropout = 0.1)
      : TransformerEncoderLayer(TransformerLayerOptions{dModel, nHead, dimFeedforward, dropout}) {}
  explicit TransformerEncoderLayer(const TransformerLayerOptions& options);
  explicit TransformerEncoderLayer(const Attributes& a)
      : TransformerEncoderLayer(optionsFrom<TransformerLayerOptions>(a, "TransformerEncoderLayer")) {}

  Attributes config() const override { return attributesOf(options_); }
  const TransformerLayerOptions& options() const { return options_; }

 protected:
  const Activity<T>& forwardInner(const Activity<T>& input) override;
  void backwardChain(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  /// ff(x) of x [N, T, dModel] as rows.
  const Tensor<T>& feedForward(const Tensor<T>& x);
  /// The gradient of feedForward's input from the gradient of its output.
  Tensor<T> feedForwardGrad(const Tensor<T>& gradOut);

  TransformerLayerOptions options_;
  std::shared_ptr<MultiHeadAttention<T>> selfAttn_;
  std::shared_ptr<Linear<T>> linear1_, linear2_;
  std::shared_ptr<LayerNormalization<T>> norm1_, norm2_;
  ModulePtr<T> activation_, dropout_, dropout1_, dropout2_;
  // From forward: x, the attention's input, the residual sums, the feed-forward's input rows and output.
  Tensor<T> x_, mask_, r1_, r2_, ffRows_, ffOut_;
  Activity<T> attnIn_;
};

extern template class TransformerEncoderLayer<float>;
extern template class TransformerEncoderLayer<double>;

}  // namespace ringdl
