// MultiHeadAttention<T>: scaled dot-product attention over numHeads heads of size d = E / numHeads. The
// projections are [N, T, E] with head h in columns h*d .. h*d + d - 1, so a head is a strided matrix (leading
// dimension E) that gemmRaw reads and writes in place. The softmax runs over each row of scores with masked
// keys left out (not set to -inf and exponentiated), which is what makes a fully masked row zeros, not NaNs.
#include "ringdl/nn/layers/attention/multi_head_attention.h"

#include <cmath>
#include <limits>

#include "ringdl/tensor/math.h"
#include "ringdl/tensor/random.h"

namespace ringdl {

namespace {
/// out [rows, E] = x [rows, E] W^T (+ b): W given as E rows of E.
template <typename T>
void project(const T* x, int64_t rows, int64_t e, const T* w, const T* b, T* out) {
  if (b != nullptr)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < e; ++j) out[r * e + j] = b[j];
  gemmRaw<T>(false, true, rows, e, e, T(1), x, e, w, e, b != nullptr ? T(1) : T(0), out, e);
}

/// b += the column sums of g [rows, e].
template <typename T>
void addColumnSums(const T* g, int64_t rows, int64_t e, T* b) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < e; ++j) b[j] += g[r * e + j];
}
}  // namespace

template <typename T>
MultiHeadAttention<T>::MultiHeadAttention(const MultiHeadAttentionOptions& options)
    : Module<T>("MultiHeadAttention"), options_(options) {
  const int64_t e = options_.hiddenSize, h = options_.numHeads;
  RINGDL_CHECK(e > 0 && h > 0 && e % h == 0, "MultiHeadAttention: numHeads (", h,
               ") must be positive and divide hiddenSize (", e, ")");
  RINGDL_CHECK(options_.dropout >= 0 && options_.dropout < 1,
               "MultiHeadAttention: dropout must be in [0, 1), got ", options_.dropout);
  inWeight_ = Tensor<T>({3 * e, e});
  gradInWeight_ = Tensor<T>({3 * e, e});
  outWeight_ = Tensor<T>({e, e});
  gradOutWeight_ = Tensor<T>({e, e});
  this->registerParameter("in_proj_weight", &inWeight_, &gradInWeight_);
  if (options_.bias) {
    inBias_ = Tensor<T>({3 * e});
    gradInBias_ = Tensor<T>({3 * e});
    this->registerParameter("in_proj_bias", &inBias_, &gradInBias_);
  }
  this->registerParameter("out_proj.weight", &outWeight_, &gradOutWeight_);
  if (options_.bias) {
    outBias_ = Tensor<T>({e});
    gradOutBias_ = Tensor<T>({e});
    this->registerParameter("out_proj.bias", &outBias_, &gradOutBias_);
  }
  reset();
}

template <typename T>
void MultiHeadAttention<T>::reset() {
  const int64_t e = options_.hiddenSize;
  InitMethod::xavier().apply(inWeight_, e, 3 * e);
  InitMethod::defaultUniform().apply(outWeight_, e, e);
  gradInWeight_.zero();
  gradOutWeight_.zero();
  if (options_.bias) {
    inBias_.zero(), outBias_.zero();
    gradInBias_.zero(), gradOutBias_.zero();
  }
}

template <typename T>
typename MultiHeadAttention<T>::Parts MultiHeadAttention<T>::partsOf(const Activity<T>& input) const {
  const int64_t e = options_.hiddenSize;
  Parts p;
  if (input.isTensor()) {
    const Tensor<T>& x = input.toTensor();
    RINGDL_CHECK_LAYER(x.dim() == 3 && x.size(2) == e, "expected x of shape [N, T, ", e,
                       "] (self-attention) or a Table {query, key, value[, keyPaddingMask]}, got ",
                       toString(x.shape()));
    p.q = p.k = p.v = x.contiguous();
    p.self = true;
    return p;
  }
  const auto& t = input.toTable();
  RINGDL_CHECK_LAYER(t.size() == 3 || t.size() == 4,
                     "takes a Table {query [N, Tq, E], key [N, Tk, E], value [N, Tk, E]} or with a fourth "
                     "entry, keyPaddingMask [N, Tk]; got a Table of ",
                     t.size(), " entries");
  const char* names[] = {"query", "key", "value", "keyPaddingMask"};
  for (size_t i = 0; i < t.size(); ++i)
    RINGDL_CHECK_LAYER(t[i].isTensor(), "entry ", i, " (", names[i], ") must be a Tensor, got a Table");
  p.q = t[0].toTensor().contiguous();
  p.k = t[1].toTensor().contiguous();
  p.v = t[2].toTensor().contiguous();
  RINGDL_CHECK_LAYER(p.q.dim() == 3 && p.q.size(2) == e, "query must be [N, Tq, ", e, "], got ",
                     toString(p.q.shape()));
  RINGDL_CHECK_LAYER(p.k.dim() == 3 && p.k.size(0) == p.q.size(0) && p.k.size(2) == e, "key must be [",
                     p.q.size(0), ", Tk, ", e, "] (the query's batch), got ", toString(p.k.shape()));
  RINGDL_CHECK_LAYER(p.v.shape() == p.k.shape(), "value must have the key's shape ", toString(p.k.shape()),
                     ", got ", toString(p.v.shape()));
  if (t.size() == 4) {
    p.mask = t[3].toTensor().contiguous();
    RINGDL_CHECK_LAYER(p.mask.shape() == Shape({p.k.size(0), p.k.size(1)}), "keyPaddingMask must be [",
                       p.k.size(0), ", ", p.k.size(1), "] ([N, Tk], non-zero at padded keys), got ",
                       toString(p.mask.shape()));
  }
  return p;
}

template <typename T>
const Activity<T>& MultiHeadAttention<T>::updateOutput(const Activity<T>& input) {
  const Parts p = partsOf(input);
  const int64_t n = p.q.size(0), tq = p.q.size(1), tk = p.k.size(1), e = options_.hiddenSize;
  const int64_t heads = options_.numHeads, d = e / heads;
  const T* bias = options_.bias ? inBias_.data() : nullptr;
  qProj_.resize({n, tq, e});
  kProj_.resize({n, tk, e});
  vProj_.resize({n, tk, e});
  project(p.q.data(), n * tq, e, inWeight_.data(), bias, qProj_.data());
  project(p.k.data(), n * tk, e, inWeight_.data() + e * e, bias ? bias + e : nullptr, kProj_.data());
  project(p.v.data(), n * tk, e, inWeight_.data() + 2 * e * e, bias ? bias + 2 * e : nullptr, vProj_.data());

  softmax_.resize({n, heads, tq, tk});
  const T scale = static_cast<T>(1.0 / std::sqrt(static_cast<double>(d)));
  const T* mask = p.mask.numel() > 0 ? p.mask.data() : nullptr;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t h = 0; h < heads; ++h) {
      T* s = softmax_.data() + (b * heads + h) * tq * tk;
      gemmRaw<T>(false, true, tq, tk, d, scale, qProj_.data() + b * tq * e + h * d, e,
                 kProj_.data() + b * tk * e + h * d, e, T(0), s, tk);
      for (int64_t i = 0; i < tq; ++i) {
        T* row = s + i * tk;
        const int64_t last = options_.causal ? std::min(i + 1, tk) : tk;  // keys last .. tk-1 are masked
        auto open = [&](int64_t j) { return j < last && (mask == nullptr || mask[b * tk + j] == T(0)); };
        T mx = -std::numeric_limits<T>::infinity();
        for (int64_t j = 0; j < tk; ++j)
          if (open(j)) mx = std::max(mx, row[j]);
        if (mx == -std::numeric_limits<T>::infinity()) {  // every key masked: attend to nothing
          for (int64_t j = 0; j < tk; ++j) row[j] = T(0);
          continue;
        }
        T total = 0;
        for (int64_t j = 0; j < tk; ++j) {
          row[j] = open(j) ? std::exp(row[j] - mx) : T(0);
          total += row[j];
        }
        for (int64_t j = 0; j < tk; ++j) row[j] /= total;
      }
    }

  if (this->training_ && options_.dropout > 0) {
    if (probs_.sharesStorageWith(softmax_))
      probs_ = Tensor<T>();  // shared by the last forward without dropout
    dropScale_.resize(softmax_.shape());
    probs_.resize(softmax_.shape());
    const T keep = static_cast<T>(1.0 / (1.0 - options_.dropout));
    Random& rng = Random::global();
    for (int64_t i = 0; i < softmax_.numel(); ++i) {
      dropScale_.data()[i] = rng.bernoulli(options_.dropout) ? T(0) : keep;
      probs_.data()[i] = softmax_.data()[i] * dropScale_.data()[i];
    }
  } else {
    dropScale_ = Tensor<T>();
    probs_ = softmax_;  // shared: no dropout
  }

  attended_.resize({n, tq, e});
  for (int64_t b = 0; b < n; ++b)
    for (int64_t h = 0; h < heads; ++h)
      gemmRaw<T>(false, false, tq, d, tk, T(1), probs_.data() + (b * heads + h) * tq * tk, tk,
                 vProj_.data() + b * tk * e + h * d, e, T(0), attended_.data() + b * tq * e + h * d, e);
  Tensor<T>& y = this->output_.toTensor();
  y.resize({n, tq, e});
  project(attended_.data(), n * tq, e, outWeight_.data(), options_.bias ? outBias_.data() : nullptr,
          y.data());
  innerGradsFresh_ = false;
  return this->output_;
}

template <typename T>
void MultiHeadAttention<T>::checkGradOutput(const Parts& p, const Activity<T>& gradOutput) const {
  RINGDL_CHECK_LAYER(gradOutput.isTensor() && gradOutput.toTensor().shape() == p.q.shape(),
                     "gradOutput must have the query's shape ", toString(p.q.shape()));
  RINGDL_CHECK_LAYER(qProj_.shape() == p.q.shape() && kProj_.shape() == p.k.shape(),
                     "backward must follow a forward of the same input");
}

template <typename T>
void MultiHeadAttention<T>::backpropagate(const Parts& p, const Tensor<T>& gy) {
  const int64_t n = p.q.size(0), tq = p.q.size(1), tk = p.k.size(1), e = options_.hiddenSize;
  const int64_t heads = options_.numHeads, d = e / heads;
  const T scale = static_cast<T>(1.0 / std::sqrt(static_cast<double>(d)));
  gradAttended_.resize({n, tq, e});
  gemmRaw<T>(false, false, n * tq, e, e, T(1), gy.data(), e, outWeight_.data(), e, T(0), gradAttended_.data(),
             e);
  gradQ_.resize({n, tq, e});
  gradK_.resize({n, tk, e});
  gradV_.resize({n, tk, e});
  gradScores_.resize({tq, tk});
  T* gs = gradScores_.data();
  const bool dropped = dropScale_.numel() > 0;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t h = 0; h < heads; ++h) {
      const int64_t at = (b * heads + h) * tq * tk;
      const T* ga = gradAttended_.data() + b * tq * e + h * d;
      // of the weights: gA V^T; of the values: P^T gA
      gemmRaw<T>(false, true, tq, tk, d, T(1), ga, e, vProj_.data() + b * tk * e + h * d, e, T(0), gs, tk);
      gemmRaw<T>(true, false, tk, d, tq, T(1), probs_.data() + at, tk, ga, e, T(0),
                 gradV_.data() + b * tk * e + h * d, e);
      const T* sm = softmax_.data() + at;
      for (int64_t i = 0; i < tq; ++i) {
        T* g = gs + i * tk;
        const T* pr = sm + i * tk;
        if (dropped)
          for (int64_t j = 0; j < tk; ++j) g[j] *= dropScale_.data()[at + i * tk + j];
        T dot = 0;  // softmax backward: p (g - sum g p)
        for (int64_t j = 0; j < tk; ++j) dot += g[j] * pr[j];
        for (int64_t j = 0; j < tk; ++j) g[j] = pr[j] * (g[j] - dot) * scale;
      }
      gemmRaw<T>(false, false, tq, d, tk, T(1), gs, tk, kProj_.data() + b * tk * e + h * d, e, T(0),
                 gradQ_.data() + b * tq * e + h * d, e);
      gemmRaw<T>(true, false, tk, d, tq, T(1), gs, tk, qProj_.data() + b * tq * e + h * d, e, T(0),
                 gradK_.data() + b * tk * e + h * d, e);
    }
}

template <typename T>
const Activity<T>& MultiHeadAttention<T>::updateGradInput(const Activity<T>& input,
                                                          const Activity<T>& gradOutput) {
  const Parts p = partsOf(input);
  checkGradOutput(p, gradOutput);
  const Tensor<T> gy = gradOutput.toTensor().contiguous();
  backpropagate(p, gy);
  innerGradsFresh_ = true;
  const int64_t n = p.q.size(0), tq = p.q.size(1), tk = p.k.size(1), e = options_.hiddenSize;
  const T* w = inWeight_.data();
  if (p.self) {  // x was query, key and value: the three gradients add up
    Tensor<T> gx({n, tq, e});
    gemmRaw<T>(false, false, n * tq, e, e, T(1), gradQ_.data(), e, w, e, T(0), gx.data(), e);
    gemmRaw<T>(false, false, n * tk, e, e, T(1), gradK_.data(), e, w + e * e, e, T(1), gx.data(), e);
    gemmRaw<T>(false, false, n * tk, e, e, T(1), gradV_.data(), e, w + 2 * e * e, e, T(1), gx.data(), e);
    this->gradInput_ = Activity<T>(gx);
    return this->gradInput_;
  }
  Tensor<T> gq({n, tq, e}), gk({n, tk, e}), gv({n, tk, e});
  gemmRaw<T>(false, false, n * tq, e, e, T(1), gradQ_.data(), e, w, e, T(0), gq.data(), e);
  gemmRaw<T>(false, false, n * tk, e, e, T(1), gradK_.data(), e, w + e * e, e, T(0), gk.data(), e);
  gemmRaw<T>(false, false, n * tk, e, e, T(1), gradV_.data(), e, w + 2 * e * e, e, T(0), gv.data(), e);
  std::vector<Activity<T>> entries{Activity<T>(gq), Activity<T>(gk), Activity<T>(gv)};
  if (input.toTable().size() == 4)
    entries.push_back(Activity<T>(Tensor<T>(p.mask.shape())));  // the mask selects: zero gradient
  this->gradInput_ = Activity<T>::table(std::move(entries));
  return this->gradInput_;
}

template <typename T>
void MultiHeadAttention<T>::accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) {
  const Parts p = partsOf(input);
  checkGradOutput(p, gradOutput);
  const Tensor<T> gy = gradOutput.toTensor().contiguous();
  if (!innerGradsFresh_) backpropagate(p, gy);  // gradInput was not asked for
  innerGradsFresh_ = false;
  const int64_t n = p.q.size(0), tq = p.q.size(1), tk = p.k.size(1), e = options_.hiddenSize;
  gemmRaw<T>(true, false, e, e, n * tq, T(1), gy.data(), e, attended_.data(), e, T(1), gradOutWeight_.data(),
             e);
  T* gw = gradInWeight_.data();
  gemmRaw<T>(true, false, e, e, n * tq, T(1), gradQ_.data(), e, p.q.data(), e, T(1), gw, e);
  gemmRaw<T>(true, false, e, e, n * tk, T(1), gradK_.data(), e, p.k.data(), e, T(1), gw + e * e, e);
  gemmRaw<T>(true, false, e, e, n * tk, T(1), gradV_.data(), e, p.v.data(), e, T(1), gw + 2 * e * e, e);
  if (!options_.bias) return;
  addColumnSums(gy.data(), n * tq, e, gradOutBias_.data());
  addColumnSums(gradQ_.data(), n * tq, e, gradInBias_.data());
  addColumnSums(gradK_.data(), n * tk, e, gradInBias_.data() + e);
  addColumnSums(gradV_.data(), n * tk, e, gradInBias_.data() + 2 * e);
}

template class MultiHeadAttention<float>;
template class MultiHeadAttention<double>;

}  // namespace ringdl
