// TransformerModel<T>: the language model and the translation model as stacks of pre-norm blocks over inner
// layers; the shift and the timing signal are applied on the scaled embeddings, the output projection is a
// Linear whose weight and gradient are the embedding's. In translation the source and target ids go through
// the embedding joined (BigDL's JoinTable then split), so its one forward and backward serve both.
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
  RINGDL_CHECK(
      o.transformerType == "language_model" || o.transformerType == "translation",
      "Transformer: transformerType must be \"language_model\" (input ids [N, T]) or \"translation\" "
      "(input {source ids [N, S], target ids [N, T]}), got \"",
      o.transformerType, "\"");
  RINGDL_CHECK(o.vocabSize > 0 && o.hiddenSize > 0 && o.filterSize > 0 && o.numHiddenlayers > 0,
               "Transformer needs positive vocabSize, hiddenSize, filterSize and numHiddenlayers");
  RINGDL_CHECK(o.numHeads > 0 && o.hiddenSize % o.numHeads == 0, "Transformer: numHeads (", o.numHeads,
               ") must divide hiddenSize (", o.hiddenSize, ")");
  for (double p : {o.embeddingDropout, o.attentionDropout, o.ffnDropout})
    RINGDL_CHECK(p >= 0 && p < 1, "Transformer: dropouts must be in [0, 1), got ", p);
  translation_ = o.transformerType == "translation";
  const int64_t h = o.hiddenSize;
  embedding_ = this->own("embedding", std::make_shared<LookupTable<T>>(o.vocabSize, h, o.paddingValue));
  if (translation_) {
    encoder_ = makeStack("encoder.", "encoder_norm", "encoder_dropout", /*causal=*/false, /*cross=*/false);
    decoder_ = makeStack("decoder.", "decoder_norm", "decoder_dropout", /*causal=*/true, /*cross=*/true);
  } else {
    decoder_ = makeStack("blocks.", "norm", "embedding_dropout", /*causal=*/true, /*cross=*/false);
  }
  if (o.withShareWeightsLinear) {
    auto projection = std::make_shared<Linear<T>>(h, o.vocabSize, /*withBias=*/false);
    const ParamRef<T> mine = projection->parameters()[0], theirs = embedding_->parameters()[0];
    mine.weight->set(*theirs.weight);  // [vocabSize, hiddenSize] both: one parameter, listed once
    mine.grad->set(*theirs.grad);
    projection_ = this->own("output_projection", projection);
  }
}

template <typename T>
typename TransformerModel<T>::Stack TransformerModel<T>::makeStack(const std::string& blockPrefix,
                                                                   const std::string& normName,
                                                                   const std::string& dropoutName,
                                                                   bool causal, bool cross) {
  const TransformerOptions& o = options_;
  const int64_t h = o.hiddenSize;
  auto attention = [&](const std::string& name, bool isCausal) {
    return this->own(name, std::make_shared<MultiHeadAttention<T>>(h, o.numHeads, o.attentionDropout,
                                                                   /*bias=*/false, isCausal));
  };
  auto dropout = [&](const std::string& name) {
    return this->own(name, std::make_shared<Dropout<T>>(o.embeddingDropout));
  };
  auto norm = [&](const std::string& name) {
    return this->own(name, std::make_shared<LayerNormalization<T>>(h));
  };
  Stack s;
  s.dropout = dropout(dropoutName);
  for (int64_t i = 0; i < o.numHiddenlayers; ++i) {
    const std::string at = blockPrefix + std::to_string(i) + ".";
    Block b;
    b.norm1 = norm(at + "norm1");
    b.attention = attention(at + "self_attn", causal);
    b.dropout1 = dropout(at + "dropout1");
    if (cross) {
      b.crossNorm = norm(at + "cross_norm");
      b.crossAttention = attention(at + "cross_attn", false);
      b.crossDropout = dropout(at + "cross_dropout");
    }
    b.norm2 = norm(at + "norm2");
    b.ffn = this->own(at + "ffn", std::make_shared<FeedForwardNetwork<T>>(h, o.filterSize, o.ffnDropout));
    b.dropout2 = dropout(at + "dropout2");
    s.blocks.push_back(std::move(b));
  }
  s.norm = norm(normName);
  return s;
}

template <typename T>
void TransformerModel<T>::embedSteps(const Tensor<T>& e, int64_t from, int64_t steps, bool shift,
                                     Tensor<T>& into) const {
  const int64_t n = e.size(0), length = e.size(1), h = options_.hiddenSize;
  const Tensor<T> signal = SinusoidalPositionEncoding<T>::signal(steps, h, {});
  const T scale = static_cast<T>(std::sqrt(static_cast<double>(h)));
  into.resize({n, steps, h});
  for (int64_t b = 0; b < n; ++b)
    for (int64_t t = 0; t < steps; ++t) {
      T* out = into.data() + (b * steps + t) * h;
      const int64_t source = shift ? t - 1 : t;  // shifted: step t holds step t - 1's embedding, step 0 zeros
      const T* in = e.data() + (b * length + from + source) * h;
      const T* s = signal.data() + t * h;
      for (int64_t j = 0; j < h; ++j) out[j] = (source >= 0 ? scale * in[j] : T(0)) + s[j];
    }
}

template <typename T>
void TransformerModel<T>::embedStepsGrad(const Tensor<T>& gradOut, int64_t from, bool shift,
                                         Tensor<T>& gE) const {
  const Tensor<T> g = gradOut.contiguous();
  const int64_t n = g.size(0), steps = g.size(1), length = gE.size(1), h = options_.hiddenSize;
  const T scale = static_cast<T>(std::sqrt(static_cast<double>(h)));
  for (int64_t b = 0; b < n; ++b)
    for (int64_t t = 0; t < steps; ++t) {
      T* out = gE.data() + (b * length + from + t) * h;
      const int64_t used =
          shift ? t + 1 : t;  // the output step that saw embedding t (shifted: the last none)
      const T* in = g.data() + (b * steps + used) * h;
      for (int64_t j = 0; j < h; ++j) out[j] = used < steps ? scale * in[j] : T(0);
    }
}

template <typename T>
Tensor<T> TransformerModel<T>::paddingMask(const Tensor<T>& ids) const {
  if (options_.paddingValue < 0) return Tensor<T>();
  const Tensor<T> c = ids.contiguous();
  Tensor<T> mask(c.shape());
  for (int64_t i = 0; i < c.numel(); ++i)
    mask.data()[i] = c.data()[i] == static_cast<T>(options_.paddingValue) ? T(1) : T(0);
  return mask;
}

template <typename T>
const Tensor<T>& TransformerModel<T>::runStack(Stack& s, const Tensor<T>& selfMask, const Tensor<T>& memory,
                                               const Tensor<T>& memoryMask) {
  Tensor<T> x = this->run(*s.dropout, s.input).toTensor();
  for (Block& b : s.blocks) {
    b.in = x;
    const Tensor<T>& n1 = this->run(*b.norm1, b.in).toTensor();
    b.selfIn = selfMask.empty() ? Activity<T>(n1) : Activity<T>::table({n1, n1, n1, selfMask});
    detail::addTo(b.mid, b.in, this->run(*b.dropout1, this->run(*b.attention, b.selfIn)).toTensor());
    b.crossed = b.mid;
    if (b.crossAttention) {
      const Tensor<T>& cn = this->run(*b.crossNorm, b.mid).toTensor();
      b.crossIn = memoryMask.empty() ? Activity<T>::table({cn, memory, memory})
                                     : Activity<T>::table({cn, memory, memory, memoryMask});
      b.crossed = Tensor<T>();
      detail::addTo(b.crossed, b.mid,
                    this->run(*b.crossDropout, this->run(*b.crossAttention, b.crossIn)).toTensor());
    }
    Tensor<T> next;
    detail::addTo(next, b.crossed,
                  this->run(*b.dropout2, this->run(*b.ffn, this->run(*b.norm2, b.crossed))).toTensor());
    x = next;
  }
  s.last = x;
  return this->run(*s.norm, s.last).toTensor();
}

template <typename T>
Tensor<T> TransformerModel<T>::backStack(Stack& s, const Tensor<T>& gradOutput, Tensor<T>& gMemory) {
  Tensor<T> g = this->backThrough(*s.norm, s.last, gradOutput).toTensor().clone();
  for (auto b = s.blocks.rbegin(); b != s.blocks.rend(); ++b) {
    // out = crossed + d2(ffn(norm2(crossed))), crossed = mid + dc(ca(crossNorm(mid), memory)),
    // mid = in + d1(sa(norm1(in)))
    const Activity<T>& gf = this->backThrough(*b->dropout2, b->ffn->output(), g);
    const Activity<T>& gn2 = this->backThrough(*b->ffn, b->norm2->output(), gf);
    Tensor<T> gCrossed;  // new tensors throughout: each is recorded as an inner layer's gradOutput
    detail::addTo(gCrossed, g, this->backThrough(*b->norm2, b->crossed, gn2).toTensor());
    Tensor<T> gMid = gCrossed;
    if (b->crossAttention) {
      const Activity<T>& gc = this->backThrough(*b->crossDropout, b->crossAttention->output(), gCrossed);
      const auto& ga = this->backThrough(*b->crossAttention, b->crossIn, gc).toTable();
      Tensor<T> gm;
      detail::addTo(gm, ga[1].toTensor(), ga[2].toTensor());
      if (gMemory.empty()) {
        gMemory = gm;
      } else {
        Tensor<T> sum;
        detail::addTo(sum, gMemory, gm);
        gMemory = sum;
      }
      gMid = Tensor<T>();
      detail::addTo(gMid, gCrossed, this->backThrough(*b->crossNorm, b->mid, ga[0].toTensor()).toTensor());
    }
    const Activity<T>& ga = this->backThrough(*b->dropout1, b->attention->output(), gMid);
    Tensor<T> gn1;
    detail::selfAttentionGrad(gn1, this->backThrough(*b->attention, b->selfIn, ga));
    Tensor<T> gIn;
    detail::addTo(gIn, gMid, this->backThrough(*b->norm1, b->in, gn1).toTensor());
    g = gIn;
  }
  return this->backThrough(*s.dropout, s.input, g).toTensor().contiguous();
}

template <typename T>
Tensor<T> TransformerModel<T>::project(const Tensor<T>& h) {
  if (!projection_) return h;
  const int64_t n = h.size(0), steps = h.size(1);
  hiddenRows_ = h.contiguous().view({n * steps, options_.hiddenSize});
  return this->run(*projection_, hiddenRows_).toTensor().view({n, steps, options_.vocabSize});
}

template <typename T>
Tensor<T> TransformerModel<T>::projectGrad(const Tensor<T>& gradOutput) {
  const Tensor<T> g = gradOutput.contiguous();
  if (!projection_) return g;
  const int64_t n = g.size(0), steps = g.size(1);
  return this->backThrough(*projection_, hiddenRows_, g.view({n * steps, options_.vocabSize}))
      .toTensor()
      .view({n, steps, options_.hiddenSize});
}

template <typename T>
EncodedSource<T> TransformerModel<T>::encode(const Tensor<T>& source) {
  RINGDL_CHECK_LAYER(translation_,
                     "encode() is for transformerType \"translation\"; this is a language model");
  RINGDL_CHECK_LAYER(source.dim() == 2 && source.numel() > 0, "encode() takes source ids [N, S], got ",
                     toString(source.shape()));
  const Tensor<T>& e = this->run(*embedding_, source).toTensor();
  embedSteps(e, 0, source.size(1), /*shift=*/false, encoder_.input);
  EncodedSource<T> out;
  out.mask = paddingMask(source);
  out.memory = runStack(encoder_, out.mask, Tensor<T>(), Tensor<T>()).clone();
  return out;
}

template <typename T>
Tensor<T> TransformerModel<T>::decode(const Tensor<T>& target, const EncodedSource<T>& source) {
  RINGDL_CHECK_LAYER(translation_,
                     "decode() is for transformerType \"translation\"; this is a language model");
  RINGDL_CHECK_LAYER(target.dim() == 2 && target.numel() > 0, "decode() takes target ids [M, T], got ",
                     toString(target.shape()));
  const Tensor<T>& m = source.memory;
  RINGDL_CHECK_LAYER(m.dim() == 3 && m.size(0) == target.size(0) && m.size(2) == options_.hiddenSize,
                     "decode(): the encoded source must be [", target.size(0), ", S, ", options_.hiddenSize,
                     "] (one row per target row), got ", toString(m.shape()));
  RINGDL_CHECK_LAYER(source.mask.empty() || source.mask.shape() == Shape({m.size(0), m.size(1)}),
                     "decode(): the source mask must be [", m.size(0), ", ", m.size(1), "], got ",
                     toString(source.mask.shape()));
  const Tensor<T>& e = this->run(*embedding_, target).toTensor();
  embedSteps(e, 0, target.size(1), /*shift=*/true, decoder_.input);
  return project(runStack(decoder_, Tensor<T>(), m.contiguous(), source.mask)).clone();
}

template <typename T>
const Activity<T>& TransformerModel<T>::forwardInner(const Activity<T>& input) {
  if (!translation_) {
    RINGDL_CHECK_LAYER(input.isTensor() && input.toTensor().dim() == 2,
                       "takes ids [N, T] (0-based whole numbers), got ",
                       input.isTensor() ? toString(input.toTensor().shape()) : std::string("a Table"));
    ids_ = input.toTensor();
    const Tensor<T>& e = this->run(*embedding_, ids_).toTensor();
    embedSteps(e, 0, ids_.size(1), options_.shiftRight, decoder_.input);
    this->output_ = Activity<T>(project(runStack(decoder_, Tensor<T>(), Tensor<T>(), Tensor<T>())));
    return this->output_;
  }
  RINGDL_CHECK_LAYER(input.isTable() && input.toTable().size() == 2 && input.toTable()[0].isTensor() &&
                         input.toTable()[1].isTensor(),
                     "transformerType \"translation\" takes a Table {source ids [N, S], target ids [N, T]}");
  const Tensor<T> source = input.toTable()[0].toTensor().contiguous();
  const Tensor<T> target = input.toTable()[1].toTensor().contiguous();
  RINGDL_CHECK_LAYER(source.dim() == 2 && target.dim() == 2 && source.size(0) == target.size(0),
                     "expected source ids [N, S] and target ids [N, T] of one batch, got ",
                     toString(source.shape()), " and ", toString(target.shape()));
  const int64_t n = source.size(0), s = source.size(1), t = target.size(1);
  sourceSteps_ = s;
  ids_.resize({n, s + t});  // joined along the steps: one embedding forward for both
  for (int64_t b = 0; b < n; ++b) {
    std::memcpy(ids_.data() + b * (s + t), source.data() + b * s, sizeof(T) * static_cast<size_t>(s));
    std::memcpy(ids_.data() + b * (s + t) + s, target.data() + b * t, sizeof(T) * static_cast<size_t>(t));
  }
  const Tensor<T>& e = this->run(*embedding_, ids_).toTensor();
  embedSteps(e, 0, s, /*shift=*/false, encoder_.input);
  embedSteps(e, s, t, /*shift=*/true, decoder_.input);
  sourceMask_ = paddingMask(source);
  memory_ = runStack(encoder_, sourceMask_, Tensor<T>(), Tensor<T>());
  this->output_ = Activity<T>(project(runStack(decoder_, Tensor<T>(), memory_, sourceMask_)));
  return this->output_;
}

template <typename T>
void TransformerModel<T>::backwardChain(const Activity<T>& input, const Activity<T>& gradOutput) {
  const Tensor<T>& y = this->output_.toTensor();
  RINGDL_CHECK_LAYER(gradOutput.isTensor() && gradOutput.toTensor().shape() == y.shape(),
                     "gradOutput must have the output's shape ", toString(y.shape()));
  Tensor<T> gMemory;
  const Tensor<T> gDecoder = backStack(decoder_, projectGrad(gradOutput.toTensor()), gMemory);
  Tensor<T> gE(Shape{ids_.size(0), ids_.size(1), options_.hiddenSize});
  if (!translation_) {
    embedStepsGrad(gDecoder, 0, options_.shiftRight, gE);
    this->gradInput_ = this->backThrough(*embedding_, ids_, gE);
    (void)input;
    return;
  }
  Tensor<T> unused;
  const Tensor<T> gEncoder = backStack(encoder_, gMemory, unused);
  embedStepsGrad(gEncoder, 0, /*shift=*/false, gE);
  embedStepsGrad(gDecoder, sourceSteps_, /*shift=*/true, gE);
  this->backThrough(*embedding_, ids_, gE);
  const auto& t = input.toTable();  // the ids select: zero gradients
  this->gradInput_ =
      Activity<T>::table({Tensor<T>(t[0].toTensor().shape()), Tensor<T>(t[1].toTensor().shape())});
}

template class TransformerModel<float>;
template class TransformerModel<double>;

}  // namespace ringdl
