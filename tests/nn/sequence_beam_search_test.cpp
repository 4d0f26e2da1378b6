// SequenceBeamSearch: the results of a separate implementation of TensorFlow's beam search
// (tests/fixtures/gen_beam_search.py) on fixed logits tables; every finished sequence against a brute-force
// enumeration when the beam is wide enough to drop none (alpha 0 and 0.6); beam 1 follows greedy decoding;
// eos, padding after it, maxDecodeLength with nothing finished; bad options; the Transformer decoders.
#include "ringdl/nn/sequence_beam_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ringdl/nn.h"
#include "ringdl/tensor/random.h"
#include "support/fixture.h"

namespace ringdl {
namespace {

/// logits = steps[i, last] + pairs[prev] + elements[b]: the form gen_beam_search.py gives its cases.
template <typename T>
typename SequenceBeamSearch<T>::LogitsFn tableLogits(const Tensor<double>& steps, const Tensor<double>& pairs,
                                                     const Tensor<double>& elements, int64_t beam,
                                                     int64_t pad) {
  return [=](const Tensor<T>& ids, int64_t i) {
    const int64_t rows = ids.size(0), len = ids.size(1), v = pairs.size(0);
    Tensor<T> out({rows, v});
    for (int64_t r = 0; r < rows; ++r) {
      const auto last = static_cast<int64_t>(ids.data()[r * len + len - 1]);
      const int64_t prev = len >= 2 ? static_cast<int64_t>(ids.data()[r * len + len - 2]) : pad;
      for (int64_t c = 0; c < v; ++c)
        out.data()[r * v + c] =
            static_cast<T>(steps.at({i, last, c}) + pairs.at({prev, c}) + elements.at({r / beam, c}));
    }
    return out;
  };
}

SequenceBeamSearchOptions optionsOf(const test::Fixture& f) {
  SequenceBeamSearchOptions o;
  o.vocabSize = static_cast<int64_t>(f.scalar("option.vocabSize"));
  o.beamSize = static_cast<int64_t>(f.scalar("option.beamSize"));
  o.alpha = f.scalar("option.alpha");
  o.maxDecodeLength = static_cast<int64_t>(f.scalar("option.maxDecodeLength"));
  o.eosId = static_cast<int64_t>(f.scalar("option.eosId"));
  o.paddingValue = static_cast<int64_t>(f.scalar("option.paddingValue"));
  return o;
}

template <typename T>
void expectFixtureCase(const std::string& name) {
  SCOPED_TRACE(name + (sizeof(T) == 4 ? " in float" : " in double"));
  const test::Fixture f("beam_search/" + name + ".txt");
  const SequenceBeamSearchOptions o = optionsOf(f);
  SequenceBeamSearch<T> search(
      o, tableLogits<T>(f.get("steps"), f.get("pairs"), f.get("elements"), o.beamSize, o.paddingValue));
  const BeamSearchResult<T> r = search.search(static_cast<int64_t>(f.scalar("batch")));
  const Tensor<double>& sequences = f.get("sequences");
  ASSERT_EQ(r.sequences.shape(), sequences.shape());
  EXPECT_EQ(r.sequences.template to<double>().toVector(), sequences.toVector());
  EXPECT_EQ(r.finished.template to<double>().toVector(), f.get("finished").toVector());
  const Tensor<double>& scores = f.get("scores");
  ASSERT_EQ(r.scores.shape(), scores.shape());
  for (int64_t i = 0; i < scores.numel(); ++i)  // float holds the -1e7 set-aside scores to a few units
    EXPECT_NEAR(r.scores.data()[i], scores.data()[i],
                (sizeof(T) == 4 ? 1e-6 : 1e-12) * (1 + std::abs(scores.data()[i])))
        << "score " << i;
}

TEST(SequenceBeamSearch, MatchesTheReferenceImplementation) {
  for (const char* name : {"alpha_0_6", "alpha_0", "wide_beam", "early_stop", "nothing_finishes", "beam_1"}) {
    expectFixtureCase<double>(name);
    expectFixtureCase<float>(name);
  }
}

/// Random logits tables for brute force: a function of the whole prefix (a hash of it picks a row).
struct RandomTables {
  RandomTables(int64_t vocab, uint64_t seed) : v(vocab), table({64, vocab}) {
    Random rng(seed);
    for (int64_t i = 0; i < table.numel(); ++i) table.data()[i] = rng.uniform(-2, 2);
  }
  std::vector<double> logits(const std::vector<int64_t>& prefix) const {
    uint64_t h = 1469598103934665603ull;
    for (int64_t id : prefix) h = (h ^ static_cast<uint64_t>(id + 1)) * 1099511628211ull;
    const int64_t row = static_cast<int64_t>(h % 64);
    return std::vector<double>(table.data() + row * v, table.data() + (row + 1) * v);
  }
  SequenceBeamSearch<double>::LogitsFn fn() const {
    return [this](const Tensor<double>& ids, int64_t) {
      const int64_t rows = ids.size(0), len = ids.size(1);
      Tensor<double> out({rows, v});
      for (int64_t r = 0; r < rows; ++r) {
        const std::vector<double> l =
            logits(std::vector<int64_t>(ids.data() + r * len, ids.data() + (r + 1) * len));
        std::copy(l.begin(), l.end(), out.data() + r * v);
      }
      return out;
    };
  }
  int64_t v;
  Tensor<double> table;
};

double logSoftmaxAt(const std::vector<double>& l, int64_t c) {
  double top = *std::max_element(l.begin(), l.end()), sum = 0;
  for (double x : l) sum += std::exp(x - top);
  return l[static_cast<size_t>(c)] - top - std::log(sum);
}

TEST(SequenceBeamSearch, FindsTheBestFinishedSequencesOfABruteForceEnumeration) {
  // vocab {0, 1, 2}, eos 2, at most 3 tokens: 7 sequences end in eos (and 8 stay alive), so a beam of 8 drops
  // none and the finished set is the best of all of them, in order.
  for (double alpha : {0.0, 0.6}) {
    for (uint64_t seed : {1u, 2u, 3u}) {
      SCOPED_TRACE("alpha " + std::to_string(alpha) + " seed " + std::to_string(seed));
      const RandomTables tables(3, seed);
      SequenceBeamSearchOptions o;
      o.vocabSize = 3, o.beamSize = 8, o.alpha = alpha, o.maxDecodeLength = 3, o.eosId = 2,
      o.paddingValue = 0;
      const BeamSearchResult<double> r = SequenceBeamSearch<double>(o, tables.fn()).search(1);
      // every sequence: start id, tokens 0/1, then eos
      std::vector<std::pair<double, std::vector<int64_t>>> all;
      std::function<void(std::vector<int64_t>, double)> grow = [&](std::vector<int64_t> seq, double lp) {
        const std::vector<double> l = tables.logits(seq);
        const int64_t length = static_cast<int64_t>(seq.size());  // tokens after this one: length
        std::vector<int64_t> ended = seq;
        ended.push_back(2);
        all.push_back({(lp + logSoftmaxAt(l, 2)) / std::pow((5.0 + length) / 6.0, alpha), ended});
        if (length == 3) return;
        for (int64_t c : {0, 1}) {
          std::vector<int64_t> next = seq;
          next.push_back(c);
          grow(next, lp + logSoftmaxAt(l, c));
        }
      };
      grow({0}, 0.0);
      ASSERT_EQ(all.size(), 7u);
      std::stable_sort(all.begin(), all.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      const int64_t len = r.sequences.size(2);
      // TensorFlow's arithmetic: a beam wider than the sequences there are also keeps set-aside ones (an
      // eos-ended sequence carried on alive at -1e7, ...), scored below -1e6 after the real ones
      int64_t found = 0;
      for (int64_t k = 0; k < 8; ++k) {
        if (r.finished.at({0, k}) == 0 || r.scores.at({0, k}) < -1e6) {
          for (int64_t j = k; j < 8; ++j)
            EXPECT_TRUE(r.finished.at({0, j}) == 0 || r.scores.at({0, j}) < -1e6);
          break;
        }
        const auto& [score, ids] = all[static_cast<size_t>(k)];
        EXPECT_NEAR(r.scores.at({0, k}), score, 1e-12) << "place " << k;
        for (int64_t t = 0; t < len; ++t)
          EXPECT_EQ(r.sequences.at({0, k, t}),
                    t < static_cast<int64_t>(ids.size()) ? ids[static_cast<size_t>(t)] : 0)
              << "place " << k << " step " << t;
        ++found;
      }
      EXPECT_GE(found, 1);
    }
  }
}

TEST(SequenceBeamSearch, BeamOneFollowsGreedyDecoding) {
  // eos scores -20 until step 3 and +20 there: greedy takes the argmax three times, then eos; so must beam 1.
  const int64_t vocab = 6, eos = 1;
  Random rng(7);
  Tensor<double> table({4, vocab, vocab});
  for (int64_t i = 0; i < table.numel(); ++i) table.data()[i] = rng.uniform(-2, 2);
  auto logitsOf = [&](int64_t last, int64_t step) {
    std::vector<double> l(table.data() + (step * vocab + last) * vocab,
                          table.data() + (step * vocab + last + 1) * vocab);
    l[eos] = step < 3 ? -20 : 20;
    return l;
  };
  SequenceBeamSearchOptions o;
  o.vocabSize = vocab, o.beamSize = 1, o.maxDecodeLength = 4, o.eosId = eos, o.paddingValue = 0;
  SequenceBeamSearch<double> search(o, [&](const Tensor<double>& ids, int64_t step) {
    Tensor<double> out({ids.size(0), vocab});
    for (int64_t r = 0; r < ids.size(0); ++r) {
      const std::vector<double> l = logitsOf(static_cast<int64_t>(ids.at({r, ids.size(1) - 1})), step);
      std::copy(l.begin(), l.end(), out.data() + r * vocab);
    }
    return out;
  });
  const BeamSearchResult<double> r = search.search(1);
  std::vector<double> greedy{0};
  double logProb = 0;
  for (int64_t step = 0; step < 4; ++step) {
    const std::vector<double> l = logitsOf(static_cast<int64_t>(greedy.back()), step);
    const int64_t best = std::max_element(l.begin(), l.end()) - l.begin();
    logProb += logSoftmaxAt(l, best);
    greedy.push_back(static_cast<double>(best));
    if (best == eos) break;
  }
  ASSERT_EQ(greedy.size(), 5u);
  EXPECT_EQ(r.sequences.toVector(), greedy);
  EXPECT_EQ(r.finished.item(), 1);
  EXPECT_NEAR(r.scores.item(), logProb / std::pow((5.0 + 4) / 6.0, 0.6), 1e-12);
}

TEST(SequenceBeamSearch, FinishedSequencesArePaddedAfterEos) {
  // the start id and everything after eos is paddingValue (5 here); alive sequences hold no eos
  int64_t padded = 0;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const RandomTables tables(6, seed);
    SequenceBeamSearchOptions o;
    o.vocabSize = 6, o.beamSize = 3, o.alpha = 0.6, o.maxDecodeLength = 6, o.eosId = 1, o.paddingValue = 5;
    const BeamSearchResult<double> r = SequenceBeamSearch<double>(o, tables.fn()).search(2);
    const int64_t len = r.sequences.size(2);
    for (int64_t b = 0; b < 2; ++b)
      for (int64_t k = 0; k < 3; ++k) {
        SCOPED_TRACE("seed " + std::to_string(seed) + " element " + std::to_string(b) + " place " +
                     std::to_string(k));
        EXPECT_EQ(r.sequences.at({b, k, 0}), 5);
        int64_t end = len;
        for (int64_t t = 1; t < len && end == len; ++t)
          if (r.sequences.at({b, k, t}) == 1) end = t;
        EXPECT_EQ(end < len, r.finished.at({b, k}) == 1) << "finished exactly when it holds eos";
        for (int64_t t = end + 1; t < len; ++t) EXPECT_EQ(r.sequences.at({b, k, t}), 5) << "step " << t;
        if (end + 1 < len) ++padded;
      }
  }
  EXPECT_GT(padded, 0) << "no finished sequence shorter than the search: the test checks no padding";
}

TEST(SequenceBeamSearch, ReachingMaxDecodeLengthWithNothingFinishedGivesTheAliveSequences) {
  // eos has logit -100 and 2 * beamSize < vocabSize: it is never among the candidates
  const int64_t vocab = 6, eos = 5;
  SequenceBeamSearchOptions o;
  o.vocabSize = vocab, o.beamSize = 2, o.alpha = 0.6, o.maxDecodeLength = 3, o.eosId = eos,
  o.paddingValue = 0;
  auto logitRow = [](int64_t step) {
    std::vector<double> row(6);
    for (int64_t c = 0; c < 6; ++c) row[static_cast<size_t>(c)] = c == 5 ? -100.0 : 0.3 * c + 0.1 * step;
    return row;
  };
  auto logits = [&](const Tensor<double>& ids, int64_t step) {
    Tensor<double> out({ids.size(0), vocab});
    const std::vector<double> row = logitRow(step);
    for (int64_t r = 0; r < ids.size(0); ++r) std::copy(row.begin(), row.end(), out.data() + r * vocab);
    return out;
  };
  const BeamSearchResult<double> r = SequenceBeamSearch<double>(o, logits).search(2);
  EXPECT_EQ(r.sequences.shape(), (Shape{2, 2, 4})) << "the start id and maxDecodeLength tokens";
  EXPECT_EQ(r.finished.toVector(), std::vector<double>(4, 0.0));
  // the best: token 4 every step; its score is its raw log probability (no length normalisation)
  double lp = 0;
  for (int64_t step = 0; step < 3; ++step) lp += logSoftmaxAt(logitRow(step), 4);
  for (int64_t b = 0; b < 2; ++b) {
    EXPECT_NEAR(r.scores.at({b, 0}), lp, 1e-12);
    for (int64_t t = 1; t < 4; ++t) EXPECT_EQ(r.sequences.at({b, 0, t}), 4);
    EXPECT_LT(r.scores.at({b, 1}), r.scores.at({b, 0}));
  }
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(SequenceBeamSearch, BadOptionsSayWhatIsWrong) {
  const auto logits = [](const Tensor<double>& ids, int64_t) { return Tensor<double>({ids.size(0), 5}); };
  auto withOptions = [&](const std::function<void(SequenceBeamSearchOptions&)>& change) {
    SequenceBeamSearchOptions o;
    o.vocabSize = 5, o.maxDecodeLength = 3, o.eosId = 1;
    change(o);
    return errorOf([&] { SequenceBeamSearch<double>(o, logits).search(2); });
  };
  const std::vector<std::pair<std::function<void(SequenceBeamSearchOptions&)>, std::string>> cases = {
      {[](auto& o) { o.vocabSize = 1; }, "vocabSize must be at least 2"},
      {[](auto& o) { o.beamSize = 0; }, "beamSize must be at least 1, got 0"},
      {[](auto& o) { o.alpha = -0.5; },
       "alpha (the length normalisation's exponent) must be finite and >= 0"},
      {[](auto& o) { o.maxDecodeLength = 0; },
       "maxDecodeLength (the most tokens to decode) must be at least 1"},
      {[](auto& o) { o.eosId = 5; }, "eosId must be an id in [0, 5) (vocabSize), got 5"},
      {[](auto& o) { o.paddingValue = -1; }, "paddingValue (the start id and the filler after eos)"},
      {[](auto& o) { o.vocabSize = 6; },
       "returned [8, 5] for ids [8, 1]; it must return the next token's logits [8, 6]"},
  };
  for (const auto& [change, expected] : cases) {
    const std::string message = withOptions(change);
    EXPECT_NE(message.find(expected), std::string::npos) << message;
    EXPECT_NE(message.find("SequenceBeamSearch"), std::string::npos) << message;
  }
  SequenceBeamSearchOptions o;
  o.vocabSize = 5, o.maxDecodeLength = 3, o.eosId = 1;
  EXPECT_NE(errorOf([&] { SequenceBeamSearch<double>(o, nullptr); }).find("no logits function"),
            std::string::npos);
  EXPECT_NE(
      errorOf([&] { SequenceBeamSearch<double>(o, logits).search(0); }).find("batchSize must be at least 1"),
      std::string::npos);
}

TransformerOptions transformer(const std::string& type) {
  TransformerOptions o;
  o.vocabSize = 7, o.hiddenSize = 8, o.numHeads = 2, o.filterSize = 12, o.numHiddenlayers = 2;
  o.transformerType = type;
  return o;
}

TEST(SequenceBeamSearch, TranslationDecodesEachPrefixAsTheTrainingForwardWould) {
  // the beam search's scores are the model's own: each finished sequence's score is the sum of the training
  // forward's log-softmax at its tokens (teacher forcing on the sequence), length-normalised
  TransformerOptions to = transformer("translation");
  to.paddingValue = 0;
  TransformerModel<double> model(to);
  model.evaluate();
  const Tensor<double> source = Tensor<double>::fromVector({2, 4}, {3, 4, 5, 0, 6, 2, 2, 3});
  SequenceBeamSearchOptions o;
  o.vocabSize = 7, o.beamSize = 3, o.alpha = 0.6, o.maxDecodeLength = 4, o.eosId = 1, o.paddingValue = 0;
  const BeamSearchResult<double> r = transformerBeamSearch(model, source, o);
  const int64_t len = r.sequences.size(2);
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t k = 0; k < 3; ++k) {
      if (r.finished.at({b, k}) == 0) continue;
      std::vector<double> tokens;
      for (int64_t t = 1; t < len; ++t) {
        tokens.push_back(r.sequences.at({b, k, t}));
        if (tokens.back() == 1) break;
      }
      const int64_t n = static_cast<int64_t>(tokens.size());
      const Tensor<double> target = Tensor<double>::fromVector({1, n}, tokens);
      const Tensor<double> src = source.narrow(0, b, 1).contiguous();
      const Tensor<double> logits = model.forward(Activity<double>::table({src, target})).toTensor().clone();
      double lp = 0;
      for (int64_t t = 0; t < n; ++t) {
        std::vector<double> row(7);
        for (int64_t c = 0; c < 7; ++c) row[static_cast<size_t>(c)] = logits.at({0, t, c});
        lp += logSoftmaxAt(row, static_cast<int64_t>(tokens[static_cast<size_t>(t)]));
      }
      EXPECT_NEAR(r.scores.at({b, k}), lp / std::pow((5.0 + n) / 6.0, 0.6), 1e-9)
          << "element " << b << " place " << k;
    }
}

TEST(SequenceBeamSearch, LanguageModelContinuesAPrefix) {
  TransformerModel<double> lm(transformer("language_model"));
  lm.evaluate();
  const Tensor<double> prefix = Tensor<double>::fromVector({1, 2}, {4, 5});
  SequenceBeamSearchOptions o;
  o.vocabSize = 7, o.beamSize = 1, o.alpha = 0, o.maxDecodeLength = 3, o.eosId = 1, o.paddingValue = 0;
  const BeamSearchResult<double> r = transformerBeamSearch(lm, prefix, o);
  // the alive path or the finished one: its first token's log probability is the LM's at the prefix's end
  const Tensor<double> logits = lm.forward(Tensor<double>::fromVector({1, 3}, {4, 5, 0})).toTensor().clone();
  std::vector<double> row(7);
  for (int64_t c = 0; c < 7; ++c) row[static_cast<size_t>(c)] = logits.at({0, 2, c});
  const auto first = static_cast<int64_t>(r.sequences.at({0, 0, 1}));
  if (r.finished.item() == 0 && r.sequences.size(2) == 2) {
    EXPECT_NEAR(r.scores.item(), logSoftmaxAt(row, first), 1e-9);
  }
  // beam 1 with alpha 0 keeps the best first token that is not eos, or ends at once with eos
  std::vector<double> notEos = row;
  notEos[1] = -1e300;
  const int64_t best = std::max_element(notEos.begin(), notEos.end()) - notEos.begin();
  EXPECT_TRUE(first == best || first == 1) << first;
  EXPECT_NE(errorOf([&] {
              TransformerModel<double> training(transformer("language_model"));
              transformerBeamSearch(training, prefix, o);
            }).find("call evaluate() on the model first"),
            std::string::npos);
  o.vocabSize = 8;
  EXPECT_NE(
      errorOf([&] { transformerBeamSearch(lm, prefix, o); }).find("must be the Transformer's vocabSize (7)"),
      std::string::npos);
}

TEST(SequenceBeamSearch, UnshiftedLanguageModelScoresTheIdAfterThePrefix) {
  // shiftRight false: the last prefix id's step scores the next id, with no placeholder step after it
  TransformerOptions to = transformer("language_model");
  to.shiftRight = false;
  TransformerModel<double> lm(to);
  lm.evaluate();
  const Tensor<double> prefix = Tensor<double>::fromVector({1, 2}, {4, 5});
  SequenceBeamSearchOptions o;
  o.vocabSize = 7, o.beamSize = 1, o.alpha = 0, o.maxDecodeLength = 1, o.eosId = 1, o.paddingValue = 0;
  const BeamSearchResult<double> r = transformerBeamSearch(lm, prefix, o);
  const Tensor<double> logits = lm.forward(prefix).toTensor().clone();
  std::vector<double> row(7);
  for (int64_t c = 0; c < 7; ++c) row[static_cast<size_t>(c)] = logits.at({0, 1, c});
  const auto first = static_cast<int64_t>(r.sequences.at({0, 0, 1}));
  EXPECT_EQ(first, std::max_element(row.begin(), row.end()) - row.begin());
  EXPECT_NEAR(r.scores.item(), logSoftmaxAt(row, first), 1e-9);
  EXPECT_NE(errorOf([&] { transformerBeamSearch(lm, Tensor<double>(), o, 1); }).find("needs a prefix"),
            std::string::npos);
}

}  // namespace
}  // namespace ringdl
