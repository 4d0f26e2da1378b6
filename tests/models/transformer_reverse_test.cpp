// A translation Transformer trained here on a toy task, reversing 2 to 4 tokens (source: the tokens, eos,
// padding; target: the tokens reversed, eos, padding), then decoded with SequenceBeamSearch: beam 4's best
// sequence and beam 1's are the reversal for sources it was not trained on, and beam 1's is greedy decoding.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "ringdl/nn.h"
#include "ringdl/nn/sequence_beam_search.h"
#include "ringdl/optim/adam.h"
#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

constexpr int64_t kPad = 0, kEos = 1, kVocab = 8, kSteps = 5;  // tokens 2..7, at most 4 and eos

struct Batch {
  Tensor<float> source, target;
  std::vector<std::vector<int64_t>> tokens;
};

std::vector<int64_t> draw(Random& rng) {
  std::vector<int64_t> tokens(2 + rng.below(3));
  for (int64_t& t : tokens) t = 2 + static_cast<int64_t>(rng.below(kVocab - 2));
  return tokens;
}

Batch batchOf(const std::vector<std::vector<int64_t>>& all) {
  const int64_t n = static_cast<int64_t>(all.size());
  Batch b{Tensor<float>({n, kSteps}), Tensor<float>({n, kSteps}), all};
  for (int64_t i = 0; i < n; ++i) {
    const std::vector<int64_t>& t = all[static_cast<size_t>(i)];
    const int64_t len = static_cast<int64_t>(t.size());
    for (int64_t s = 0; s < kSteps; ++s) {
      b.source.at({i, s}) = static_cast<float>(s < len ? t[static_cast<size_t>(s)] : s == len ? kEos : kPad);
      b.target.at({i, s}) = static_cast<float>(s < len    ? t[static_cast<size_t>(len - 1 - s)]
                                               : s == len ? kEos
                                                          : kPad);
    }
  }
  return b;
}

TEST(TransformerReverse, BeamSearchDecodesTheReversal) {
  Random::global().seed(11);
  TransformerOptions o;
  o.vocabSize = kVocab, o.hiddenSize = 32, o.numHeads = 4, o.filterSize = 64, o.numHiddenlayers = 1;
  o.transformerType = "translation", o.paddingValue = kPad;
  TransformerModel<float> model(o);
  CrossEntropyCriterionOptions co;
  co.paddingValue = kPad;  // the target's padding is no token to learn
  CrossEntropyCriterion<float> loss(co);
  AdamOptions ao;
  ao.learningRate = 5e-3;
  Adam<float> adam(ao);
  auto [weights, grads] = model.getParameters();

  // held out: 12 sources of 4 tokens that training never sees
  Random other(99);
  std::set<std::vector<int64_t>> heldOut;
  while (heldOut.size() < 12) {
    std::vector<int64_t> t = draw(other);
    if (t.size() == 4) heldOut.insert(t);
  }
  Random data(5);
  double last = 0;
  for (int step = 0; step < 1500; ++step) {
    std::vector<std::vector<int64_t>> all;
    while (all.size() < 32) {
      std::vector<int64_t> t = draw(data);
      if (!heldOut.count(t)) all.push_back(t);
    }
    const Batch b = batchOf(all);
    const Activity<float> input = Activity<float>::table({b.source, b.target});
    grads.zero();
    const Tensor<float> logits = model.forward(input).toTensor().view({32 * kSteps, kVocab});
    const Tensor<float> labels = b.target.view({32 * kSteps});
    last = loss.forward(logits, labels);
    model.backward(input, loss.backward(logits, labels).toTensor().view({32, kSteps, kVocab}));
    adam.update(weights, grads);
  }
  EXPECT_LT(last, 0.2) << "the last batch's loss";

  model.evaluate();
  const std::vector<std::vector<int64_t>> unseen(heldOut.begin(), heldOut.end());
  const Batch b = batchOf(unseen);
  const int64_t n = static_cast<int64_t>(unseen.size());
  for (int64_t beam : {4, 1}) {
    SequenceBeamSearchOptions so;
    so.vocabSize = kVocab, so.beamSize = beam, so.maxDecodeLength = kSteps + 2, so.eosId = kEos;
    so.paddingValue = kPad;
    const BeamSearchResult<float> r = transformerBeamSearch(model, b.source, so);
    int correct = 0;
    for (int64_t i = 0; i < n; ++i) {
      std::vector<int64_t> expected = unseen[static_cast<size_t>(i)];
      std::reverse(expected.begin(), expected.end());
      expected.push_back(kEos);
      std::vector<int64_t> got;
      for (int64_t t = 1; t < r.sequences.size(2); ++t) {
        got.push_back(static_cast<int64_t>(r.sequences.at({i, 0, t})));
        if (got.back() == kEos) break;
      }
      correct += got == expected;
      EXPECT_EQ(r.finished.at({i, 0}), 1);
    }
    EXPECT_EQ(correct, n) << "beam " << beam;
  }
  // beam 1 is greedy decoding: the argmax of each step's logits, fed back, until eos
  SequenceBeamSearchOptions so;
  so.vocabSize = kVocab, so.beamSize = 1, so.maxDecodeLength = kSteps + 2, so.eosId = kEos,
  so.paddingValue = kPad;
  const BeamSearchResult<float> one = transformerBeamSearch(model, b.source, so);
  const EncodedSource<float> encoded = model.encode(b.source);
  for (int64_t i = 0; i < n; ++i) {
    EncodedSource<float> row{encoded.memory.narrow(0, i, 1).contiguous(),
                             encoded.mask.narrow(0, i, 1).contiguous()};
    std::vector<float> ids;
    while (static_cast<int64_t>(ids.size()) < so.maxDecodeLength && (ids.empty() || ids.back() != kEos)) {
      std::vector<float> in = ids;
      in.push_back(kPad);  // the step being predicted: its own id is not seen
      const Tensor<float> logits =
          model.decode(Tensor<float>::fromVector({1, static_cast<int64_t>(in.size())}, in), row);
      const Tensor<float> last = logits.select(1, logits.size(1) - 1).contiguous();
      ids.push_back(static_cast<float>(std::max_element(last.data(), last.data() + kVocab) - last.data()));
    }
    for (size_t t = 0; t < ids.size(); ++t)
      EXPECT_EQ(one.sequences.at({i, 0, static_cast<int64_t>(t) + 1}), ids[t])
          << "source " << i << " step " << t;
  }
}

}  // namespace
}  // namespace ringdl
