// TransformerModel<T>: the language model as a chain of inner layers; the shift and the timing signal are
// applied in place on the scaled embeddings, the output projection is a Linear whose weight and gradient are
// the embedding's.
#include "ringdl/nn/layers/attention/transformer.h"

#include <cmath>
#include <cstring>

#include "ringdl/nn/layers/attention/detail/residual.h"
#include "ringdl/nn/layers/dropout/dropout.h"
#include "ringdl/nn/layers/embedding/sinusoidal_position_encoding.h"

namespace ringdl {

template <typename T>
TransformerModel<T>::TransformerModel(const TransformerOptions& options)
    : CompositeLayer<T>("Transformer"), options_(options) {
  const TransformerOptions& o = options_;
  RINGDL_CHECK(o.transformerType == "language_model", "Transformer: transformerType \"", o.transformerType,
               "\" is not built; only \"language_model\" is ",
               "(for translation, combine TransformerEncoderLayer and TransformerDecoderLayer)");
  RINGDL_CHECK(o.vocabSize > 0 && o.hiddenSize > 0 && o.filterSize > 0 && o.numHiddenlayers > 0,
               "Transformer needs positive vocabSize, hiddenSize, filterSize and numHiddenlayers");
  RINGDL_CHECK(o.numHeads > 0 && o.hiddenSize % o.numHeads == 0, "Transformer: numHeads (", o.numHeads,
               ") must divide hiddenSize (", o.hiddenSize, ")");
  for (double p : {o.embeddingDropout, o.attentionDropout, o.ffnDropout})
    RINGDL_CHECK(p >= 0 && p < 1, "Transformer: dropouts must be in [0, 1), got ", p);
  const int64_t h = o.hiddenSize;
  embedding_ = this->own("embedding", std::make_shared<LookupTable<T>>(o.vocabSize, h, o.paddingValue));
  dropout_ = this->own("embedding_dropout", std::make_shared<Dropout<T>>(o.embeddingDropout));
  for (int64_t i = 0; i < o.numHiddenlayers; ++i) {
    const std::string at = "blocks." + std::to_string(i) + ".";
    Block b;
    b.norm1 = this->own(at + "norm1", std::make_shared<LayerNormalization<T>>(h));
    b.attention =
        this->own(at + "self_attn", std::make_shared<MultiHeadAttention<T>>(h, o.numHeads, o.attentionDropout,
                                                                            /*bias=*/false, /*causal=*/true));
    b.dropout1 = this->own(at + "dropout1", std::make_shared<Dropout<T>>(o.embeddingDropout));
    b.norm2 = this->own(at + "norm2", std::make_shared<LayerNormalization<T>>(h));
    b.ffn = this->own(at + "ffn", std::make_shared<FeedForwardNetwork<T>>(h, o.filterSize, o.ffnDropout));
    b.dropout2 = this->own(at + "dropout2", std::make_shared<Dropout<T>>(o.embeddingDropout));
    blocks_.push_back(std::move(b));
  }
  norm_ = this->own("norm", std::make_shared<LayerNormalization<T>>(h));
  if (o.withShareWeightsLinear) {
    auto projection = std::make_shared<Linear<T>>(h, o.vocabSize, /*withBias=*/false);
    const ParamRef<T> mine = projection->parameters()[0], theirs = embedding_->parameters()[0];
    mine.weight->set(*theirs.weight);  // [vocabSize, hiddenSize] both: one parameter, listed once
    mine.grad->set(*theirs.grad);
    projection_ = this->own("output_projection", projection);
  }
}

template <typename T>
const Activity<T>& TransformerModel<T>::forwardInner(const Activity<T>& input) {
  RINGDL_CHECK_LAYER(input.isTensor() && input.toTensor().dim() == 2,
                     "takes ids [N, T] (0-based whole numbers), got ",
                     input.isTensor() ? toString(input.toTensor().shape()) : std::string("a Table"));
  ids_ = input.toTensor();
  const int64_t n = ids_.size(0), steps = ids_.size(1), h = options_.hiddenSize;
  const Tensor<T>& e = this->run(*embedding_, ids_).toTensor();
  // scaled by sqrt(hiddenSize), shifted one step right (step 0 zeros) unless shiftRight is off, plus the
  // timing signal
  const Tensor<T> signal = SinusoidalPositionEncoding<T>::signal(steps, h, {});
  const T scale = static_cast<T>(std::sqrt(static_cast<double>(h)));
  const int64_t shift = options_.shiftRight ? 1 : 0;
  encoded_.resize({n, steps, h});
  for (int64_t b = 0; b < n; ++b)
    for (int64_t t = 0; t < steps; ++t) {
      T* out = encoded_.data() + (b * steps + t) * h;
      const T* in = e.data() + (b * steps + t - shift) * h;
      const T* s = signal.data() + t * h;
      for (int64_t j = 0; j < h; ++j) out[j] = (t >= shift ? scale * in[j] : T(0)) + s[j];
    }
  Tensor<T> x = this->run(*dropout_, encoded_).toTensor();
  for (Block& b : blocks_) {
    b.in = x;
    detail::addTo(b.mid, b.in,
                  this->run(*b.dropout1, this->run(*b.attention, this->run(*b.norm1, b.in))).toTensor());
    Tensor<T> next;
    detail::addTo(next, b.mid,
                  this->run(*b.dropout2, this->run(*b.ffn, this->run(*b.norm2, b.mid))).toTensor());
    x = next;
  }
  last_ = x;
  const Tensor<T>& hidden = this->run(*norm_, last_).toTensor();
  if (!projection_) {
    this->output_ = Activity<T>(hidden);
    return this->output_;
  }
  hiddenRows_ = hidden.view({n * steps, h});
  this->output_ =
      Activity<T>(this->run(*projection_, hiddenRows_).toTensor().view({n, steps, options_.vocabSize}));
  return this->output_;
}

template <typename T>
void TransformerModel<T>::backwardChain(const Activity<T>& input, const Activity<T>& gradOutput) {
  const int64_t n = ids_.size(0), steps = ids_.size(1), h = options_.hiddenSize;
  const Shape expected = projection_ ? Shape{n, steps, options_.vocabSize} : Shape{n, steps, h};
  RINGDL_CHECK_LAYER(gradOutput.isTensor() && gradOutput.toTensor().shape() == expected,
                     "gradOutput must be ", toString(expected));
  Tensor<T> g = gradOutput.toTensor().contiguous();
  if (projection_) {
    g = this->backThrough(*projection_, hiddenRows_, g.view({n * steps, options_.vocabSize}))
            .toTensor()
            .view({n, steps, h});
  }
  g = this->backThrough(*norm_, last_, g).toTensor().clone();
  for (auto b = blocks_.rbegin(); b != blocks_.rend(); ++b) {
    // x_out = mid + d2(ffn(norm2(mid))), mid = in + d1(sa(norm1(in)))
    const Activity<T>& gf = this->backThrough(*b->dropout2, b->ffn->output(), g);
    const Activity<T>& gn2 = this->backThrough(*b->ffn, b->norm2->output(), gf);
    Tensor<T> gMid;
    detail::addTo(gMid, g, this->backThrough(*b->norm2, b->mid, gn2).toTensor());
    const Activity<T>& ga = this->backThrough(*b->dropout1, b->attention->output(), gMid);
    const Activity<T>& gn1 = this->backThrough(*b->attention, b->norm1->output(), ga);
    Tensor<T> gIn;  // a new tensor: g is recorded as an inner layer's gradOutput, so it is not written over
    detail::addTo(gIn, gMid, this->backThrough(*b->norm1, b->in, gn1).toTensor());
    g = gIn;
  }
  const Tensor<T> gEncoded = this->backThrough(*dropout_, encoded_, g).toTensor().contiguous();
  // through the shift and the scale to the embeddings: step t's gradient is step t + 1's, the last step's 0
  // (without the shift, step t's own)
  Tensor<T> gEmbedding({n, steps, h});
  const T scale = static_cast<T>(std::sqrt(static_cast<double>(h)));
  const int64_t shift = options_.shiftRight ? 1 : 0;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t t = 0; t < steps; ++t) {
      T* out = gEmbedding.data() + (b * steps + t) * h;
      const T* in = gEncoded.data() + (b * steps + t + shift) * h;
      for (int64_t j = 0; j < h; ++j) out[j] = t + shift < steps ? scale * in[j] : T(0);
    }
  this->gradInput_ = this->backThrough(*embedding_, ids_, gEmbedding);
  (void)input;
}

template class TransformerModel<float>;
template class TransformerModel<double>;

}  // namespace ringdl
