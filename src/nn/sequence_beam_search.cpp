// SequenceBeamSearch<T>: TensorFlow's beam search step by step on plain vectors (a handful of sequences per
// batch element): the top-k selections are stable sorts, so ties go to the lower index as tf.nn.top_k's do.
#include "ringdl/nn/sequence_beam_search.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "ringdl/util/error.h"

namespace ringdl {

namespace {

constexpr double kInf = 1e7;  // TensorFlow's INF: what sets a candidate aside

/// ((5 + length) / 6)^alpha, TensorFlow's length normalisation.
double lengthNorm(double alpha, int64_t length) {
  return std::pow((5.0 + static_cast<double>(length)) / 6.0, alpha);
}

/// The indices of the k largest values, largest first, ties by lower index.
std::vector<int64_t> topK(const std::vector<double>& values, int64_t k) {
  std::vector<int64_t> order(values.size());
  std::iota(order.begin(), order.end(), int64_t{0});
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return values[static_cast<size_t>(a)] > values[static_cast<size_t>(b)];
  });
  order.resize(static_cast<size_t>(k));
  return order;
}

struct Sequence {
  std::vector<int64_t> ids;
  double score = 0;  ///< alive: the log probability; finished: the normalised score
  bool finished = false;
};

}  // namespace

template <typename T>
SequenceBeamSearch<T>::SequenceBeamSearch(const SequenceBeamSearchOptions& options, LogitsFn logits)
    : options_(options), logits_(std::move(logits)) {
  const SequenceBeamSearchOptions& o = options_;
  RINGDL_CHECK(o.vocabSize >= 2,
               "SequenceBeamSearch: vocabSize must be at least 2 (the ids 0 .. vocabSize-1 "
               "the logits score, eosId among them), got ",
               o.vocabSize);
  RINGDL_CHECK(o.beamSize >= 1, "SequenceBeamSearch: beamSize must be at least 1, got ", o.beamSize);
  RINGDL_CHECK(
      std::isfinite(o.alpha) && o.alpha >= 0,
      "SequenceBeamSearch: alpha (the length normalisation's exponent) must be finite and >= 0, got ",
      o.alpha);
  RINGDL_CHECK(o.maxDecodeLength >= 1,
               "SequenceBeamSearch: maxDecodeLength (the most tokens to decode) must "
               "be at least 1, got ",
               o.maxDecodeLength);
  RINGDL_CHECK(o.eosId >= 0 && o.eosId < o.vocabSize, "SequenceBeamSearch: eosId must be an id in [0, ",
               o.vocabSize, ") (vocabSize), got ", o.eosId);
  RINGDL_CHECK(o.paddingValue >= 0,
               "SequenceBeamSearch: paddingValue (the start id and the filler after eos) "
               "must be a 0-based id, got ",
               o.paddingValue);
  RINGDL_CHECK(static_cast<bool>(logits_), "SequenceBeamSearch: no logits function given");
}

template <typename T>
BeamSearchResult<T> SequenceBeamSearch<T>::search(int64_t batchSize) const {
  const SequenceBeamSearchOptions& o = options_;
  RINGDL_CHECK(batchSize >= 1, "SequenceBeamSearch: batchSize must be at least 1, got ", batchSize);
  const int64_t beam = o.beamSize, vocab = o.vocabSize, n = batchSize;
  const double inf = std::numeric_limits<double>::infinity();
  const size_t nb = static_cast<size_t>(beam);
  // alive[b][k], finished[b][k]
  std::vector<std::vector<Sequence>> alive(static_cast<size_t>(n)), done(static_cast<size_t>(n));
  for (int64_t b = 0; b < n; ++b) {
    for (int64_t k = 0; k < beam; ++k) {
      alive[b].push_back({{o.paddingValue}, k == 0 ? 0.0 : -inf, false});
      done[b].push_back({{o.paddingValue}, -kInf, false});
    }
  }
  const double maxNorm = lengthNorm(o.alpha, o.maxDecodeLength);
  auto goOn = [&](int64_t i) {
    if (i >= o.maxDecodeLength) return false;
    for (int64_t b = 0; b < n; ++b) {
      // TensorFlow's: the unfinished places count as 0, an element with none finished as -INF
      double lowest = inf;
      bool any = false;
      for (const Sequence& s : done[b]) {
        lowest = std::min(lowest, s.finished ? s.score : 0.0);
        any = any || s.finished;
      }
      if (!any) lowest -= kInf;
      if (!(lowest > alive[b][0].score / maxNorm)) return true;
    }
    return false;
  };

  int64_t i = 0;
  std::vector<double> logProbs(static_cast<size_t>(beam * vocab));
  for (; goOn(i); ++i) {
    Tensor<T> ids({n * beam, i + 1});
    for (int64_t b = 0; b < n; ++b)
      for (int64_t k = 0; k < beam; ++k)
        for (int64_t t = 0; t <= i; ++t)
          ids.data()[(b * beam + k) * (i + 1) + t] = static_cast<T>(alive[b][k].ids[static_cast<size_t>(t)]);
    const Tensor<T> logits = logits_(ids, i).contiguous();
    RINGDL_CHECK(logits.shape() == Shape({n * beam, vocab}), "SequenceBeamSearch: at step ", i,
                 " the logits function returned ", toString(logits.shape()), " for ids ",
                 toString(ids.shape()), "; it must return the next token's logits [", n * beam, ", ", vocab,
                 "] (batch * beamSize, vocabSize)");
    const double norm = lengthNorm(o.alpha, i + 1);
    for (int64_t b = 0; b < n; ++b) {
      for (int64_t k = 0; k < beam; ++k) {  // log-softmax of each beam's logits, plus its log probability
        const T* row = logits.data() + (b * beam + k) * vocab;
        double top = -inf;
        for (int64_t v = 0; v < vocab; ++v) top = std::max(top, static_cast<double>(row[v]));
        double sum = 0;
        for (int64_t v = 0; v < vocab; ++v) sum += std::exp(static_cast<double>(row[v]) - top);
        const double logSum = top + std::log(sum);
        RINGDL_CHECK(std::isfinite(logSum), "SequenceBeamSearch: at step ", i, " the logits of row ",
                     b * beam + k, " are not finite (", logSum, ")");
        for (int64_t v = 0; v < vocab; ++v)
          logProbs[static_cast<size_t>(k * vocab + v)] =
              static_cast<double>(row[v]) - logSum + alive[b][static_cast<size_t>(k)].score;
      }
      // the top 2 * beamSize extensions
      std::vector<Sequence> grown;
      std::vector<double> aliveScore, finishedScore;
      for (int64_t c : topK(logProbs, 2 * beam)) {
        Sequence s = alive[b][static_cast<size_t>(c / vocab)];
        s.ids.push_back(c % vocab);
        s.score = logProbs[static_cast<size_t>(c)];
        s.finished = c % vocab == o.eosId;
        aliveScore.push_back(s.score + (s.finished ? -kInf : 0.0));
        finishedScore.push_back(s.score / norm + (s.finished ? 0.0 : -kInf));
        grown.push_back(std::move(s));
      }
      std::vector<Sequence> nextAlive;
      for (int64_t c : topK(aliveScore, beam)) {
        nextAlive.push_back(grown[static_cast<size_t>(c)]);
        nextAlive.back().score = aliveScore[static_cast<size_t>(c)];
        nextAlive.back().finished = false;
      }
      // the finished so far (one column longer) before the new ones
      std::vector<Sequence> pool = done[b];
      std::vector<double> poolScore;
      for (Sequence& s : pool) {
        s.ids.push_back(o.paddingValue);
        poolScore.push_back(s.score);
      }
      for (size_t c = 0; c < grown.size(); ++c) {
        pool.push_back(grown[c]);
        pool.back().score = finishedScore[c];
        poolScore.push_back(finishedScore[c]);
      }
      std::vector<Sequence> nextDone;
      for (int64_t c : topK(poolScore, beam)) nextDone.push_back(pool[static_cast<size_t>(c)]);
      alive[b] = std::move(nextAlive);
      done[b] = std::move(nextDone);
    }
  }

  BeamSearchResult<T> r;
  r.sequences = Tensor<T>({n, beam, i + 1});
  r.scores = Tensor<T>({n, beam});
  r.finished = Tensor<T>({n, beam});
  for (int64_t b = 0; b < n; ++b) {
    bool any = false;
    for (const Sequence& s : done[b]) any = any || s.finished;
    const std::vector<Sequence>& chosen = any ? done[b] : alive[b];
    for (size_t k = 0; k < nb; ++k) {
      const Sequence& s = chosen[k];
      for (int64_t t = 0; t <= i; ++t)
        r.sequences.data()[(b * beam + static_cast<int64_t>(k)) * (i + 1) + t] =
            static_cast<T>(s.ids[static_cast<size_t>(t)]);
      r.scores.data()[b * beam + static_cast<int64_t>(k)] = static_cast<T>(s.score);
      r.finished.data()[b * beam + static_cast<int64_t>(k)] = s.finished ? T(1) : T(0);
    }
  }
  return r;
}

template <typename T>
BeamSearchResult<T> transformerBeamSearch(TransformerModel<T>& model, const Tensor<T>& input,
                                          const SequenceBeamSearchOptions& options, int64_t batchSize) {
  const TransformerOptions& m = model.options();
  RINGDL_CHECK(
      m.withShareWeightsLinear,
      "transformerBeamSearch: the Transformer must give logits (withShareWeightsLinear: true); this one "
      "gives its hidden states");
  RINGDL_CHECK(options.vocabSize == m.vocabSize, "transformerBeamSearch: options.vocabSize (",
               options.vocabSize, ") must be the Transformer's vocabSize (", m.vocabSize, ")");
  const int64_t beam = options.beamSize;
  // row r of the search is batch element r / beam
  auto repeatRows = [beam](const Tensor<T>& x) {
    const Tensor<T> c = x.contiguous();
    const int64_t rows = c.size(0), each = c.numel() / rows;
    Shape shape = c.shape();
    shape[0] = rows * beam;
    Tensor<T> out(shape);
    for (int64_t r = 0; r < rows * beam; ++r)
      std::copy(c.data() + (r / beam) * each, c.data() + (r / beam + 1) * each, out.data() + r * each);
    return out;
  };
  // The model's input for ids [R, i + 1] of the search: prefix, then the ids after the start id, then, for a
  // model that shifts its input right, one more step (any id: the shift makes the last step's output depend on
  // the ids before it only). Without the shift the last real id's step scores the next id.
  auto withPrefix = [](const Tensor<T>& prefix, const Tensor<T>& ids, bool shifted) {
    const int64_t rows = ids.size(0), p = prefix.empty() ? 0 : prefix.size(1), i = ids.size(1) - 1;
    const int64_t length = p + i + (shifted ? 1 : 0);
    Tensor<T> out({rows, length});
    for (int64_t r = 0; r < rows; ++r) {
      for (int64_t t = 0; t < p; ++t) out.data()[r * length + t] = prefix.data()[r * p + t];
      for (int64_t t = 0; t < i; ++t) out.data()[r * length + p + t] = ids.data()[r * (i + 1) + t + 1];
      if (shifted) out.data()[r * length + p + i] = T(0);
    }
    return out;
  };
  auto lastStep = [](const Tensor<T>& logits) {  // [R, L, V] -> [R, V]
    return logits.select(1, logits.size(1) - 1).contiguous();
  };
  if (model.isTranslation()) {
    RINGDL_CHECK(!model.isTraining(),
                 "transformerBeamSearch: call evaluate() on the model first (in training "
                 "mode its dropouts would make the search random)");
    RINGDL_CHECK(input.dim() == 2 && input.numel() > 0,
                 "transformerBeamSearch: a translation Transformer takes source ids [N, S], got ",
                 toString(input.shape()));
    EncodedSource<T> encoded = model.encode(input);
    encoded.memory = repeatRows(encoded.memory);
    if (!encoded.mask.empty()) encoded.mask = repeatRows(encoded.mask);
    SequenceBeamSearch<T> search(options, [&](const Tensor<T>& ids, int64_t) {
      return lastStep(model.decode(withPrefix(Tensor<T>(), ids, /*shifted=*/true), encoded));
    });
    return search.search(input.size(0));
  }
  RINGDL_CHECK(!model.isTraining(),
               "transformerBeamSearch: call evaluate() on the model first (in training "
               "mode its dropouts would make the search random)");
  const bool hasPrefix = input.numel() > 0;
  RINGDL_CHECK(input.dim() == 2 || !hasPrefix,
               "transformerBeamSearch: a language model takes a prefix of ids [N, P], got ",
               toString(input.shape()));
  const int64_t n = input.dim() == 2 ? input.size(0) : batchSize;
  RINGDL_CHECK(n >= 1,
               "transformerBeamSearch: without a prefix, give the language model's batchSize (>= 1), "
               "got ",
               batchSize);
  const bool shifted = model.options().shiftRight;
  RINGDL_CHECK(hasPrefix || shifted,
               "transformerBeamSearch: a language model with shiftRight false scores the id after each id it is "
               "given, so it needs a prefix of ids [N, P] (P >= 1) to start from");
  const Tensor<T> prefix = hasPrefix ? repeatRows(input) : Tensor<T>();
  SequenceBeamSearch<T> search(options, [&](const Tensor<T>& ids, int64_t) {
    return lastStep(model.forward(withPrefix(prefix, ids, shifted)).toTensor());
  });
  return search.search(n);
}

template class SequenceBeamSearch<float>;
template class SequenceBeamSearch<double>;
template BeamSearchResult<float> transformerBeamSearch(TransformerModel<float>&, const Tensor<float>&,
                                                       const SequenceBeamSearchOptions&, int64_t);
template BeamSearchResult<double> transformerBeamSearch(TransformerModel<double>&, const Tensor<double>&,
                                                        const SequenceBeamSearchOptions&, int64_t);

}  // namespace ringdl
