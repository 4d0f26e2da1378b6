// TransformerModel<T>: BigDL's Transformer language model ("Attention Is All You Need" as BigDL builds it
// after TensorFlow's official model), registered as "Transformer" (ringdl::Transformer is the data
// pipeline's; the file keeps the type's name, as scale.h does for ScaleLayer). Input ids [N, T] (0-based
// whole numbers); then
//   x = dropout(shiftRight(embedding(ids) * sqrt(hiddenSize)) + timing signal)   (BigDL's
//   PositionEncodeWithShift; without the shift with shiftRight false) numHiddenlayers pre-norm blocks: x += dropout(selfAttention(norm1(x)))  (causal,
//   no biases, as BigDL's
//                                    x += dropout(ffn(norm2(x)))             Attention; FeedForwardNetwork)
//   h = norm(x)
// and with withShareWeightsLinear the logits h E^T [N, T, vocabSize] through the embedding's own weight E
// (one parameter, gradients from both uses), else h [N, T, hiddenSize] (BigDL's default is false). The
// residual dropouts use embeddingDropout, as BigDL's do; every dropout is a drop probability.
// LayerNormalization's eps is BigDL's 1e-6. Only transformerType "language_model" is built; "translation" is
// refused. Parameters: embedding.weight, blocks.<i>.norm1.*, blocks.<i>.self_attn.in_proj_weight and
// out_proj.weight, blocks.<i>.norm2.*, blocks.<i>.ffn.filter_layer.* and output_layer.*, norm.*.
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/layers/attention/detail/composite_layer.h"
#include "ringdl/nn/layers/attention/feed_forward_network.h"
#include "ringdl/nn/layers/attention/multi_head_attention.h"
#include "ringdl/nn/layers/embedding/lookup_table.h"
#include "ringdl/nn/layers/linear/linear.h"
#include "ringdl/nn/layers/normalization/layer_normalization.h"

namespace ringdl {

struct TransformerOptions {
  int64_t vocabSize = 0;
  int64_t hiddenSize = 0;
  int64_t numHeads = 0;
  int64_t filterSize = 0;
  int64_t numHiddenlayers = 0;
  double embeddingDropout = 0;
  double attentionDropout = 0;
  double ffnDropout = 0;
  std::string transformerType = "language_model";
  int64_t paddingValue = -1;           ///< an id whose embedding gets no gradient (LookupTable's); -1: none
  bool withShareWeightsLinear = true;  ///< logits through the embedding's weight (BigDL's default: false)
  /// BigDL's shift: step t sees ids 0 .. t-1 and scores id t (the input is its own target). false: step t
  /// sees ids 0 .. t and scores the next id, for [input, next-token target] pairs (text_lm windows, ringdl
  /// generate).
  bool shiftRight = true;
  template <typename V>
  void fields(V& v) {
    v("vocabSize", vocabSize, kRequired);
    v("hiddenSize", hiddenSize, kRequired);
    v("numHeads", numHeads, kRequired);
    v("filterSize", filterSize, kRequired);
    v("numHiddenlayers", numHiddenlayers, kRequired);
    v("embeddingDropout", embeddingDropout);
    v("attentionDropout", attentionDropout);
    v("ffnDropout", ffnDropout);
    v("transformerType", transformerType);
    v("paddingValue", paddingValue);
    v("withShareWeightsLinear", withShareWeightsLinear);
    v("shiftRight", shiftRight);
  }
};

template <typename T>
class TransformerModel : public CompositeLayer<T> {
 public:
  explicit TransformerModel(const TransformerOptions& options);
  explicit TransformerModel(const Attributes& a)
      : TransformerModel(optionsFrom<TransformerOptions>(a, "Transformer")) {}

  Attributes config() const override { return attributesOf(options_); }
  const TransformerOptions& options() const { return options_; }
  /// The embedding (setWeight() for pretrained vectors).
  LookupTable<T>& embedding() { return *embedding_; }

 protected:
  const Activity<T>& forwardInner(const Activity<T>& input) override;
  void backwardChain(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  struct Block {
    std::shared_ptr<LayerNormalization<T>> norm1, norm2;
    std::shared_ptr<MultiHeadAttention<T>> attention;
    std::shared_ptr<FeedForwardNetwork<T>> ffn;
    ModulePtr<T> dropout1, dropout2;
    Tensor<T> in, mid;  ///< the block's input and the sum after its attention, from forward
  };

  TransformerOptions options_;
  std::shared_ptr<LookupTable<T>> embedding_;
  ModulePtr<T> dropout_;
  std::vector<Block> blocks_;
  std::shared_ptr<LayerNormalization<T>> norm_;
  std::shared_ptr<Linear<T>> projection_;        ///< its weight is the embedding's
  Tensor<T> ids_, encoded_, last_, hiddenRows_;  ///< the shifted, encoded embeddings; the last block's output
};

extern template class TransformerModel<float>;
extern template class TransformerModel<double>;

}  // namespace ringdl
