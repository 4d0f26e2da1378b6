// TransformerDecoderLayer<T>: torch.nn.TransformerDecoderLayer(dModel, nHead, dimFeedforward, dropout,
// activation, layerNormEps, batch_first=True, normFirst) given the same weights. Input a Table {tgt [N, T,
// dModel], memory [N, S, dModel]} or {tgt, memory, tgtKeyPaddingMask [N, T], memoryKeyPaddingMask [N, S]}
// (non-zero at padded steps; zeros for none); causal masks later target steps in the self-attention
// (PyTorch's tgt_mask = triu(1), what a decoder trained with teacher forcing needs). Post-norm: h1 =
// norm1(tgt + sa(tgt)), h2 = norm2(h1 + mha(h1, memory)), y = norm3(h2 + ff(h2)); pre-norm: each block adds
// its output to its input after normalising the input (norm1, norm2, norm3). Output [N, T, dModel]; the
// gradient goes to tgt and memory (masks: zeros). Parameters under PyTorch's names: self_attn.*,
// multihead_attn.*, linear1.*, linear2.*, norm1.*, norm2.*, norm3.*.
#pragma once

#include "ringdl/nn/layers/attention/detail/composite_layer.h"
#include "ringdl/nn/layers/attention/multi_head_attention.h"
#include "ringdl/nn/layers/attention/transformer_encoder_layer.h"  // TransformerLayerOptions
#include "ringdl/nn/layers/linear/linear.h"
#include "ringdl/nn/layers/normalization/layer_normalization.h"

namespace ringdl {

template <typename T>
class TransformerDecoderLayer : public CompositeLayer<T> {
 public:
  TransformerDecoderLayer(int64_t dModel, int64_t nHead, int64_t dimFeedforward = 2048, double dropout = 0.1)
      : TransformerDecoderLayer(TransformerLayerOptions{dModel, nHead, dimFeedforward, dropout}) {}
  explicit TransformerDecoderLayer(const TransformerLayerOptions& options);
  explicit TransformerDecoderLayer(const Attributes& a)
      : TransformerDecoderLayer(optionsFrom<TransformerLayerOptions>(a, "TransformerDecoderLayer")) {}

  Attributes config() const override { return attributesOf(options_); }
  const TransformerLayerOptions& options() const { return options_; }

 protected:
  const Activity<T>& forwardInner(const Activity<T>& input) override;
  void backwardChain(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  const Tensor<T>& feedForward(const Tensor<T>& x);
  Tensor<T> feedForwardGrad(const Tensor<T>& gradOut);

  TransformerLayerOptions options_;
  std::shared_ptr<MultiHeadAttention<T>> selfAttn_, crossAttn_;
  std::shared_ptr<Linear<T>> linear1_, linear2_;
  std::shared_ptr<LayerNormalization<T>> norm1_, norm2_, norm3_;
  ModulePtr<T> activation_, dropout_, dropout1_, dropout2_, dropout3_;
  // From forward: tgt, memory, masks (empty: none), the attentions' inputs, the residual sums, the
  // feed-forward's rows and output.
  Tensor<T> x_, memory_, tgtMask_, memoryMask_, r1_, r2_, r3_, ffRows_, ffOut_;
  Activity<T> selfIn_, crossIn_;
};

extern template class TransformerDecoderLayer<float>;
extern template class TransformerDecoderLayer<double>;

}  // namespace ringdl
