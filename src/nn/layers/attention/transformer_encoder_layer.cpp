// TransformerEncoderLayer<T>: two residual blocks over the inner layers; the feed-forward block runs on
// [N*T, dModel] rows (one GEMM per Linear), the attention on the batch as MultiHeadAttention does.
#include "ringdl/nn/layers/attention/transformer_encoder_layer.h"

#include "ringdl/nn/layers/activation/activations.h"
#include "ringdl/nn/layers/attention/detail/residual.h"
#include "ringdl/nn/layers/dropout/dropout.h"

namespace ringdl {

namespace detail {
/// The checks common to both Transformer layers, and their activation.
template <typename T>
ModulePtr<T> checkedTransformerLayer(const TransformerLayerOptions& o, const char* type) {
  RINGDL_CHECK(o.dModel > 0 && o.nHead > 0 && o.dModel % o.nHead == 0, type, ": nHead (", o.nHead,
               ") must be positive and divide dModel (", o.dModel, ")");
  RINGDL_CHECK(o.dimFeedforward > 0, type, ": dimFeedforward must be positive, got ", o.dimFeedforward);
  RINGDL_CHECK(o.dropout >= 0 && o.dropout < 1, type, ": dropout must be in [0, 1), got ", o.dropout);
  RINGDL_CHECK(o.layerNormEps >= 0, type, ": layerNormEps must be >= 0, got ", o.layerNormEps);
  if (o.activation == "relu") return std::make_shared<ReLU<T>>();
  if (o.activation == "gelu") return std::make_shared<GELU<T>>();
  RINGDL_FAIL(type, ": activation must be \"relu\" or \"gelu\", got \"", o.activation, "\"");
}
template ModulePtr<float> checkedTransformerLayer<float>(const TransformerLayerOptions&, const char*);
template ModulePtr<double> checkedTransformerLayer<double>(const TransformerLayerOptions&, const char*);
}  // namespace detail

template <typename T>
TransformerEncoderLayer<T>::TransformerEncoderLayer(const TransformerLayerOptions& options)
    : CompositeLayer<T>("TransformerEncoderLayer"), options_(options) {
  ModulePtr<T> activation = detail::checkedTransformerLayer<T>(options_, "TransformerEncoderLayer");
  const int64_t d = options_.dModel, ff = options_.dimFeedforward;
  const double p = options_.dropout;
  selfAttn_ = this->own("self_attn",
                        std::make_shared<MultiHeadAttention<T>>(d, options_.nHead, p, true, options_.causal));
  linear1_ = this->own("linear1", std::make_shared<Linear<T>>(d, ff));
  dropout_ = this->own("dropout", std::make_shared<Dropout<T>>(p));
  linear2_ = this->own("linear2", std::make_shared<Linear<T>>(ff, d));
  norm1_ = this->own("norm1", std::make_shared<LayerNormalization<T>>(d, options_.layerNormEps));
  norm2_ = this->own("norm2", std::make_shared<LayerNormalization<T>>(d, options_.layerNormEps));
  dropout1_ = this->own("dropout1", std::make_shared<Dropout<T>>(p));
  dropout2_ = this->own("dropout2", std::make_shared<Dropout<T>>(p));
  activation_ = this->own("activation", activation);
}

template <typename T>
const Tensor<T>& TransformerEncoderLayer<T>::feedForward(const Tensor<T>& x) {
  ffRows_ = x.contiguous().view({x.numel() / options_.dModel, options_.dModel});
  const Activity<T>& h = this->run(*activation_, this->run(*linear1_, ffRows_));
  ffOut_ = this->run(*linear2_, this->run(*dropout_, h)).toTensor().view(x.shape());
  return ffOut_;
}

template <typename T>
Tensor<T> TransformerEncoderLayer<T>::feedForwardGrad(const Tensor<T>& gradOut) {
  const Tensor<T> g = gradOut.contiguous().view(ffRows_.shape());
  const Activity<T>& g1 = this->backThrough(*linear2_, dropout_->output(), g);
  const Activity<T>& g2 = this->backThrough(*dropout_, activation_->output(), g1);
  const Activity<T>& g3 = this->backThrough(*activation_, linear1_->output(), g2);
  return this->backThrough(*linear1_, ffRows_, g3).toTensor().view(gradOut.shape());
}

template <typename T>
const Activity<T>& TransformerEncoderLayer<T>::forwardInner(const Activity<T>& input) {
  const int64_t d = options_.dModel;
  if (input.isTable()) {
    const auto& t = input.toTable();
    RINGDL_CHECK_LAYER(t.size() == 2 && t[0].isTensor() && t[1].isTensor(), "takes x [N, T, ", d,
                       "] or a Table {x, keyPaddingMask [N, T]}, got a Table of ", t.size(), " entries");
    x_ = t[0].toTensor().contiguous();
    mask_ = t[1].toTensor();
  } else {
    x_ = input.toTensor().contiguous();
    mask_ = Tensor<T>();
  }
  RINGDL_CHECK_LAYER(x_.dim() == 3 && x_.size(2) == d, "expected x of shape [N, T, ", d, "], got ",
                     toString(x_.shape()));
  auto attentionInput = [&](const Tensor<T>& s) {
    return input.isTable() ? Activity<T>::table({s, s, s, mask_}) : Activity<T>(s);
  };
  if (options_.normFirst) {
    attnIn_ = attentionInput(this->run(*norm1_, x_).toTensor());
    detail::addTo(r1_, x_, this->run(*dropout1_, this->run(*selfAttn_, attnIn_)).toTensor());
    const Tensor<T>& f = feedForward(this->run(*norm2_, r1_).toTensor());
    detail::addTo(r2_, r1_, this->run(*dropout2_, f).toTensor());
    this->output_ = Activity<T>(r2_);
  } else {
    attnIn_ = attentionInput(x_);
    detail::addTo(r1_, x_, this->run(*dropout1_, this->run(*selfAttn_, attnIn_)).toTensor());
    const Tensor<T>& h = this->run(*norm1_, r1_).toTensor();
    const Tensor<T>& f = feedForward(h);
    detail::addTo(r2_, h, this->run(*dropout2_, f).toTensor());
    this->output_ = this->run(*norm2_, r2_);
  }
  return this->output_;
}

template <typename T>
void TransformerEncoderLayer<T>::backwardChain(const Activity<T>& input, const Activity<T>& gradOutput) {
  RINGDL_CHECK_LAYER(gradOutput.isTensor() && gradOutput.toTensor().shape() == x_.shape(),
                     "gradOutput must have x's shape ", toString(x_.shape()));
  const Tensor<T> gy = gradOutput.toTensor().contiguous();
  Tensor<T> gx, gAttnIn;
  if (options_.normFirst) {
    // y = r1 + dropout2(ff(norm2(r1))), r1 = x + dropout1(sa(norm1(x)))
    Tensor<T> gr1 = gy.clone();
    const Tensor<T> gn2 = feedForwardGrad(this->backThrough(*dropout2_, ffOut_, gy).toTensor());
    detail::addTo(gr1, gr1, this->backThrough(*norm2_, r1_, gn2).toTensor());
    gx = gr1.clone();
    const Activity<T>& ga = this->backThrough(*dropout1_, selfAttn_->output(), gr1);
    detail::selfAttentionGrad(gAttnIn, this->backThrough(*selfAttn_, attnIn_, ga));
    detail::addTo(gx, gx, this->backThrough(*norm1_, x_, gAttnIn).toTensor());
  } else {
    // y = norm2(h + dropout2(ff(h))), h = norm1(x + dropout1(sa(x)))
    const Tensor<T> gr2 = this->backThrough(*norm2_, r2_, gy).toTensor();
    Tensor<T> gh = gr2.clone();
    detail::addTo(gh, gh, feedForwardGrad(this->backThrough(*dropout2_, ffOut_, gr2).toTensor()));
    const Tensor<T> gr1 = this->backThrough(*norm1_, r1_, gh).toTensor();
    gx = gr1.clone();
    const Activity<T>& ga = this->backThrough(*dropout1_, selfAttn_->output(), gr1);
    detail::selfAttentionGrad(gAttnIn, this->backThrough(*selfAttn_, attnIn_, ga));
    detail::addTo(gx, gx, gAttnIn);
  }
  if (input.isTable()) {
    this->gradInput_ = Activity<T>::table({gx, Tensor<T>(mask_.shape())});  // the mask selects: zeros
  } else {
    this->gradInput_ = Activity<T>(gx);
  }
}

template class TransformerEncoderLayer<float>;
template class TransformerEncoderLayer<double>;

}  // namespace ringdl
