// TransformerModel<T>: BigDL's Transformer ("Attention Is All You Need" as BigDL builds it after TensorFlow's
// official model), registered as "Transformer" (ringdl::Transformer is the data pipeline's; the file keeps
// the type's name, as scale.h does for ScaleLayer). Ids are 0-based whole numbers; E is the embedding's
// weight [vocabSize, hiddenSize], shared by every use. Two layouts, by transformerType:
//
// "language_model": input ids [N, T];
//   x = dropout(shiftRight(E[ids] * sqrt(hiddenSize)) + timing signal)      (BigDL's PositionEncodeWithShift;
//                                                                            no shift with shiftRight false)
//   numHiddenlayers pre-norm blocks:  x += dropout(selfAttention(norm1(x)))   (causal, no biases: BigDL's
//                                     x += dropout(ffn(norm2(x)))              Attention; FeedForwardNetwork)
//   h = norm(x)
// Parameters: embedding.weight, blocks.<i>.norm1.*, blocks.<i>.self_attn.in_proj_weight and out_proj.weight,
// blocks.<i>.norm2.*, blocks.<i>.ffn.filter_layer.* and output_layer.*, norm.*.
//
// "translation": input Table {source ids [N, S], target ids [N, T]};
//   encoder: m = dropout(E[source] * sqrt(hiddenSize) + timing signal), numHiddenlayers pre-norm blocks as
//            above but not causal, each query blind to source steps holding paddingValue (BigDL's padding
//            bias), then m = encoder_norm(m)
//   decoder: x = dropout(shiftRight(E[target] * sqrt(hiddenSize)) + timing signal), numHiddenlayers blocks:
//              x += dropout(selfAttention(norm1(x)))                     (causal)
//              x += dropout(crossAttention(cross_norm(x), m, m))       (source padding masked, as above)
//              x += dropout(ffn(norm2(x)))
//            h = decoder_norm(x)
// so step t of the output predicts target[t] from target[0 .. t-1] and the whole source (teacher forcing).
// Parameters: embedding.weight, encoder.<i>.{norm1, self_attn, norm2, ffn}.*, encoder_norm.*,
// decoder.<i>.{norm1, self_attn, cross_norm, cross_attn, norm2, ffn}.*, decoder_norm.*; the attentions
// without biases (in_proj_weight, out_proj.weight).
//
// Both: with withShareWeightsLinear the logits h E^T [N, T, vocabSize] through the embedding's own weight
// (one parameter, gradients from every use), else h [N, T, hiddenSize] (BigDL's default is false). The
// residual dropouts use embeddingDropout, as BigDL's do; every dropout is a drop probability.
// LayerNormalization's eps is BigDL's 1e-6. gradInput: zeros of the ids (they select). A source that is all
// padding attends to nothing (MultiHeadAttention's rule), where BigDL's -1e9 bias spreads it evenly.
//
// For decoding (SequenceBeamSearch), encode() and decode() run the two halves of "translation" apart: the
// source is encoded once, and the decoder runs on each longer prefix of the target.
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
  std::string transformerType = "language_model";  ///< or "translation"
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

/// The encoder's output for decode(): the encoded source and its padding mask.
template <typename T>
struct EncodedSource {
  Tensor<T> memory;  ///< [N, S, hiddenSize]
  Tensor<T> mask;    ///< [N, S], 1 at source steps holding paddingValue; empty when paddingValue < 0
};

template <typename T>
class TransformerModel : public CompositeLayer<T> {
 public:
  explicit TransformerModel(const TransformerOptions& options);
  explicit TransformerModel(const Attributes& a)
      : TransformerModel(optionsFrom<TransformerOptions>(a, "Transformer")) {}

  Attributes config() const override { return attributesOf(options_); }
  const TransformerOptions& options() const { return options_; }
  bool isTranslation() const { return translation_; }
  /// The embedding (setWeight() for pretrained vectors).
  LookupTable<T>& embedding() { return *embedding_; }

  /// "translation" only: the encoder half of forward on source ids [N, S], in the current mode (evaluate()
  /// for decoding). Like decode(), it reuses the inner layers' forward buffers: backward needs a new forward.
  EncodedSource<T> encode(const Tensor<T>& source);
  /// "translation" only: the decoder half, the logits (or hidden states) [M, T, ...] of target ids [M, T]
  /// given an encoded source of M rows (encode()'s, its rows repeated as the caller needs).
  Tensor<T> decode(const Tensor<T>& target, const EncodedSource<T>& source);

 protected:
  const Activity<T>& forwardInner(const Activity<T>& input) override;
  void backwardChain(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  /// One pre-norm block: self-attention, (decoder) attention over the encoder's output, feed-forward.
  struct Block {
    std::shared_ptr<LayerNormalization<T>> norm1, crossNorm, norm2;
    std::shared_ptr<MultiHeadAttention<T>> attention, crossAttention;  ///< crossAttention: decoder only
    std::shared_ptr<FeedForwardNetwork<T>> ffn;
    ModulePtr<T> dropout1, crossDropout, dropout2;
    // From forward: the block's input, the sums after its attentions, the attentions' inputs.
    Tensor<T> in, mid, crossed;
    Activity<T> selfIn, crossIn;
  };
  /// A stack of blocks and its final norm.
  struct Stack {
    std::vector<Block> blocks;
    std::shared_ptr<LayerNormalization<T>> norm;
    ModulePtr<T> dropout;   ///< on the embedded input
    Tensor<T> input, last;  ///< the embedded input before dropout; the last block's output
  };

  Stack makeStack(const std::string& blockPrefix, const std::string& normName, const std::string& dropoutName,
                  bool causal, bool cross);
  /// The stack on its embedded input (kept in s.input), its attention masked by selfMask ([N, T], or empty)
  /// and, with cross-attention, attending to memory (masked by memoryMask); returns the final norm's output.
  const Tensor<T>& runStack(Stack& s, const Tensor<T>& selfMask, const Tensor<T>& memory,
                            const Tensor<T>& memoryMask);
  /// The gradient of s.input from that of runStack's output; with cross-attention, adds memory's to gMemory.
  Tensor<T> backStack(Stack& s, const Tensor<T>& gradOutput, Tensor<T>& gMemory);
  /// into = E[ids] rows from..from+steps-1 of e [N, L, H] scaled by sqrt(H), shifted one step right when
  /// shift (step 0 zeros), plus the timing signal.
  void embedSteps(const Tensor<T>& e, int64_t from, int64_t steps, bool shift, Tensor<T>& into) const;
  /// The gradient of embedSteps' e from that of its output, written into rows from..from+steps-1 of gE.
  void embedStepsGrad(const Tensor<T>& gradOut, int64_t from, bool shift, Tensor<T>& gE) const;
  /// 1 where ids hold paddingValue, [N, S]; empty when paddingValue < 0.
  Tensor<T> paddingMask(const Tensor<T>& ids) const;
  /// h [N, T, H] through the output projection (when shared weights), as the layer's output.
  Tensor<T> project(const Tensor<T>& h);
  Tensor<T> projectGrad(const Tensor<T>& gradOutput);

  TransformerOptions options_;
  bool translation_ = false;
  std::shared_ptr<LookupTable<T>> embedding_;
  Stack encoder_, decoder_;                ///< the LM is a decoder without cross-attention
  std::shared_ptr<Linear<T>> projection_;  ///< its weight is the embedding's
  // From forward: the ids given to the embedding (translation: source and target joined), the source's mask
  // and encoded output, the rows given to the projection.
  Tensor<T> ids_, sourceMask_, memory_, hiddenRows_;
  int64_t sourceSteps_ = 0;
};

extern template class TransformerModel<float>;
extern template class TransformerModel<double>;

}  // namespace ringdl
