// TransformerDecoderLayer<T>: three residual blocks (self-attention, attention over the memory, feed-forward)
// over the inner layers, as TransformerEncoderLayer's two.
#include "ringdl/nn/layers/attention/transformer_decoder_layer.h"

#include "ringdl/nn/layers/attention/detail/residual.h"
#include "ringdl/nn/layers/dropout/dropout.h"

namespace ringdl {

namespace detail {
template <typename T>
ModulePtr<T> checkedTransformerLayer(const TransformerLayerOptions& o, const char* type);
}  // namespace detail

template <typename T>
TransformerDecoderLayer<T>::TransformerDecoderLayer(const TransformerLayerOptions& options)
    : CompositeLayer<T>("TransformerDecoderLayer"), options_(options) {
  ModulePtr<T> activation = detail::checkedTransformerLayer<T>(options_, "TransformerDecoderLayer");
  const int64_t d = options_.dModel, ff = options_.dimFeedforward;
  const double p = options_.dropout;
  selfAttn_ = this->own("self_attn",
                        std::make_shared<MultiHeadAttention<T>>(d, options_.nHead, p, true, options_.causal));
  crossAttn_ = this->own("multihead_attn", std::make_shared<MultiHeadAttention<T>>(d, options_.nHead, p));
  linear1_ = this->own("linear1", std::make_shared<Linear<T>>(d, ff));
  dropout_ = this->own("dropout", std::make_shared<Dropout<T>>(p));
  linear2_ = this->own("linear2", std::make_shared<Linear<T>>(ff, d));
  norm1_ = this->own("norm1", std::make_shared<LayerNormalization<T>>(d, options_.layerNormEps));
  norm2_ = this->own("norm2", std::make_shared<LayerNormalization<T>>(d, options_.layerNormEps));
  norm3_ = this->own("norm3", std::make_shared<LayerNormalization<T>>(d, options_.layerNormEps));
  dropout1_ = this->own("dropout1", std::make_shared<Dropout<T>>(p));
  dropout2_ = this->own("dropout2", std::make_shared<Dropout<T>>(p));
  dropout3_ = this->own("dropout3", std::make_shared<Dropout<T>>(p));
  activation_ = this->own("activation", activation);
}

template <typename T>
const Tensor<T>& TransformerDecoderLayer<T>::feedForward(const Tensor<T>& x) {
  ffRows_ = x.contiguous().view({x.numel() / options_.dModel, options_.dModel});
  const Activity<T>& h = this->run(*activation_, this->run(*linear1_, ffRows_));
  ffOut_ = this->run(*linear2_, this->run(*dropout_, h)).toTensor().view(x.shape());
  return ffOut_;
}

template <typename T>
Tensor<T> TransformerDecoderLayer<T>::feedForwardGrad(const Tensor<T>& gradOut) {
  const Tensor<T> g = gradOut.contiguous().view(ffRows_.shape());
  const Activity<T>& g1 = this->backThrough(*linear2_, dropout_->output(), g);
  const Activity<T>& g2 = this->backThrough(*dropout_, activation_->output(), g1);
  const Activity<T>& g3 = this->backThrough(*activation_, linear1_->output(), g2);
  return this->backThrough(*linear1_, ffRows_, g3).toTensor().view(gradOut.shape());
}

template <typename T>
const Activity<T>& TransformerDecoderLayer<T>::forwardInner(const Activity<T>& input) {
  const int64_t d = options_.dModel;
  RINGDL_CHECK_LAYER(input.isTable() && (input.toTable().size() == 2 || input.toTable().size() == 4),
                     "takes a Table {tgt [N, T, ", d, "], memory [N, S, ", d,
                     "]} or {tgt, memory, tgtKeyPaddingMask [N, T], memoryKeyPaddingMask [N, S]}");
  const auto& t = input.toTable();
  for (size_t i = 0; i < t.size(); ++i) RINGDL_CHECK_LAYER(t[i].isTensor(), "entry ", i, " must be a Tensor");
  x_ = t[0].toTensor().contiguous();
  memory_ = t[1].toTensor().contiguous();
  RINGDL_CHECK_LAYER(x_.dim() == 3 && x_.size(2) == d, "expected tgt of shape [N, T, ", d, "], got ",
                     toString(x_.shape()));
  RINGDL_CHECK_LAYER(memory_.dim() == 3 && memory_.size(0) == x_.size(0) && memory_.size(2) == d,
                     "expected memory of shape [", x_.size(0), ", S, ", d, "], got ",
                     toString(memory_.shape()));
  const bool masked = t.size() == 4;
  tgtMask_ = masked ? t[2].toTensor() : Tensor<T>();
  memoryMask_ = masked ? t[3].toTensor() : Tensor<T>();
  auto selfInput = [&](const Tensor<T>& s) {
    return masked ? Activity<T>::table({s, s, s, tgtMask_}) : Activity<T>(s);
  };
  auto crossInput = [&](const Tensor<T>& s) {
    return masked ? Activity<T>::table({s, memory_, memory_, memoryMask_})
                  : Activity<T>::table({s, memory_, memory_});
  };
  if (options_.normFirst) {
    selfIn_ = selfInput(this->run(*norm1_, x_).toTensor());
    detail::addTo(r1_, x_, this->run(*dropout1_, this->run(*selfAttn_, selfIn_)).toTensor());
    crossIn_ = crossInput(this->run(*norm2_, r1_).toTensor());
    detail::addTo(r2_, r1_, this->run(*dropout2_, this->run(*crossAttn_, crossIn_)).toTensor());
    const Tensor<T>& f = feedForward(this->run(*norm3_, r2_).toTensor());
    detail::addTo(r3_, r2_, this->run(*dropout3_, f).toTensor());
    this->output_ = Activity<T>(r3_);
  } else {
    selfIn_ = selfInput(x_);
    detail::addTo(r1_, x_, this->run(*dropout1_, this->run(*selfAttn_, selfIn_)).toTensor());
    const Tensor<T>& h1 = this->run(*norm1_, r1_).toTensor();
    crossIn_ = crossInput(h1);
    detail::addTo(r2_, h1, this->run(*dropout2_, this->run(*crossAttn_, crossIn_)).toTensor());
    const Tensor<T>& h2 = this->run(*norm2_, r2_).toTensor();
    detail::addTo(r3_, h2, this->run(*dropout3_, feedForward(h2)).toTensor());
    this->output_ = this->run(*norm3_, r3_);
  }
  return this->output_;
}

template <typename T>
void TransformerDecoderLayer<T>::backwardChain(const Activity<T>& input, const Activity<T>& gradOutput) {
  RINGDL_CHECK_LAYER(gradOutput.isTensor() && gradOutput.toTensor().shape() == x_.shape(),
                     "gradOutput must have tgt's shape ", toString(x_.shape()));
  const Tensor<T> gy = gradOutput.toTensor().contiguous();
  Tensor<T> gx, gSelfIn, gMemory;
  // The cross-attention's gradient: entry 0 to its query, entries 1 and 2 (key and value) to the memory.
  auto crossGrad = [&](const Tensor<T>& gOut) {
    const Activity<T>& ga = this->backThrough(*dropout2_, crossAttn_->output(), gOut);
    const auto& g = this->backThrough(*crossAttn_, crossIn_, ga).toTable();
    detail::addTo(gMemory, g[1].toTensor(), g[2].toTensor());
    return g[0].toTensor().contiguous();
  };
  if (options_.normFirst) {
    Tensor<T> gr2 = gy.clone();
    const Tensor<T> gn3 = feedForwardGrad(this->backThrough(*dropout3_, ffOut_, gy).toTensor());
    detail::addTo(gr2, gr2, this->backThrough(*norm3_, r2_, gn3).toTensor());
    Tensor<T> gr1 = gr2.clone();
    const Tensor<T> gn2 = crossGrad(gr2);
    detail::addTo(gr1, gr1, this->backThrough(*norm2_, r1_, gn2).toTensor());
    gx = gr1.clone();
    const Activity<T>& ga = this->backThrough(*dropout1_, selfAttn_->output(), gr1);
    detail::selfAttentionGrad(gSelfIn, this->backThrough(*selfAttn_, selfIn_, ga));
    detail::addTo(gx, gx, this->backThrough(*norm1_, x_, gSelfIn).toTensor());
  } else {
    const Tensor<T> gr3 = this->backThrough(*norm3_, r3_, gy).toTensor();
    Tensor<T> gh2 = gr3.clone();
    detail::addTo(gh2, gh2, feedForwardGrad(this->backThrough(*dropout3_, ffOut_, gr3).toTensor()));
    const Tensor<T> gr2 = this->backThrough(*norm2_, r2_, gh2).toTensor();
    Tensor<T> gh1 = gr2.clone();
    detail::addTo(gh1, gh1, crossGrad(gr2));
    const Tensor<T> gr1 = this->backThrough(*norm1_, r1_, gh1).toTensor();
    gx = gr1.clone();
    const Activity<T>& ga = this->backThrough(*dropout1_, selfAttn_->output(), gr1);
    detail::selfAttentionGrad(gSelfIn, this->backThrough(*selfAttn_, selfIn_, ga));
    detail::addTo(gx, gx, gSelfIn);
  }
  std::vector<Activity<T>> entries{gx, gMemory};
  if (input.toTable().size() == 4) {  // the masks select: zeros
    entries.push_back(Tensor<T>(tgtMask_.shape()));
    entries.push_back(Tensor<T>(memoryMask_.shape()));
  }
  this->gradInput_ = Activity<T>::table(std::move(entries));
}

template class TransformerDecoderLayer<float>;
template class TransformerDecoderLayer<double>;

}  // namespace ringdl
