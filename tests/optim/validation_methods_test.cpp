// The validation methods beyond top-1/top-5 and loss: figures worked out by hand, figures against PyTorch
// (tests/fixtures/gen_validation.py), results that merge to the same figures however the records are split,
// and errors that say what was wrong.
#include <gtest/gtest.h>

#include <cmath>
#include <iterator>
#include <sstream>

#include "ringdl/optim/registry.h"
#include "ringdl/optim/validation/classification.h"
#include "ringdl/optim/validation/confusion.h"
#include "ringdl/optim/validation/language_model.h"
#include "ringdl/optim/validation/precision_curves.h"
#include "ringdl/optim/validation/ranking.h"
#include "support/error_text.h"
#include "support/fixture.h"

namespace ringdl {
namespace {

using test::errorOf;
using test::Fixture;

Tensor<double> vec(const std::vector<double>& v) {
  return Tensor<double>::fromVector({static_cast<int64_t>(v.size())}, v);
}

TEST(LanguageModelFamily, UniformScoresCostLog2OfTheVocabularyAndLogProbabilitiesScoreAsLogits) {
  // [N=2, T=3, V=4]: equal scores everywhere, so every step costs log 4 nats, 2 bits, perplexity 4.
  Tensor<double> out({2, 3, 4});
  out.fill(0.3);
  const Tensor<double> target = Tensor<double>::fromVector({2, 3}, {0, 1, 2, 3, 3, 1});
  const ValidationResult bits = BitsPerCharacter<double>().apply(out, target);
  EXPECT_EQ(bits.count, 6);
  EXPECT_NEAR(bits.total, 6 * std::log(4.0), 1e-12);
  EXPECT_NEAR(bits.result(), 2.0, 1e-12);
  EXPECT_NEAR(Perplexity<double>().apply(out, target).result(), 4.0, 1e-12);
  // One step worked by hand: scores (2, 0, 0, 0), target 0: nats = log(e^2 + 3) - 2.
  Tensor<double> logits = Tensor<double>::fromVector({1, 4}, {2, 0, 0, 0});
  const double nats = std::log(std::exp(2.0) + 3) - 2;
  EXPECT_NEAR(BitsPerCharacter<double>().apply(logits, vec({0})).result(), nats / std::log(2.0), 1e-12);
  // The same row as log-probabilities (a model ending in LogSoftMax) gives the same figure.
  Tensor<double> logProbs = logits.clone();
  for (int64_t j = 0; j < 4; ++j) logProbs.data()[j] -= std::log(std::exp(2.0) + 3);
  EXPECT_NEAR(BitsPerCharacter<double>().apply(logProbs, vec({0})).result(), nats / std::log(2.0), 1e-12);
  EXPECT_NEAR(Perplexity<double>().apply(logProbs, vec({0})).result(), std::exp(nats), 1e-12);
  EXPECT_EQ(bits.toString().rfind("BitsPerCharacter(nats: ", 0), 0u) << bits.toString();
  EXPECT_NE(bits.toString().find("tokens: 6, bits per character: 2)"), std::string::npos) << bits.toString();
  EXPECT_TRUE(BitsPerCharacter<float>().lowerIsBetter());
  EXPECT_TRUE(Perplexity<float>().lowerIsBetter());
}

TEST(LanguageModelFamily, BatchesMergeToTheWholeSetsFigureAveragedOverTokens) {
  // Two batches of different sizes: the figure is the mean over all 5 tokens, not the mean of batch means.
  const Tensor<double> a = Tensor<double>::fromVector({1, 2, 3}, {1, 0, 0, 0, 3, 0});
  const Tensor<double> ta = Tensor<double>::fromVector({1, 2}, {0, 2});
  const Tensor<double> b = Tensor<double>::fromVector({1, 3, 3}, {0, 0, 0, 5, 0, 0, 0, 0, 1});
  const Tensor<double> tb = Tensor<double>::fromVector({1, 3}, {1, 0, 2});
  auto nll = [](std::vector<double> row, int label) {
    double s = 0;
    for (double v : row) s += std::exp(v);
    return std::log(s) - row[label];
  };
  const double total = nll({1, 0, 0}, 0) + nll({0, 3, 0}, 2) + nll({0, 0, 0}, 1) + nll({5, 0, 0}, 0) +
                       nll({0, 0, 1}, 2);
  ValidationResult merged;
  const ValidationMethodPtr<double> method = createValidationMethod<double>("BitsPerCharacter");
  merged += method->apply(a, ta);
  merged += method->apply(b, tb);
  EXPECT_EQ(merged.count, 5);
  EXPECT_NEAR(merged.result(), total / 5 / std::log(2.0), 1e-12);
  // A rank that saw no record merges an empty result, restored with the method's summary.
  ValidationResult empty{"BitsPerCharacter", 0, 0, true};
  empty.summary = method->summary();
  empty += merged;
  EXPECT_NEAR(empty.result(), merged.result(), 1e-15);
  EXPECT_NEAR(createValidationMethod<double>("Perplexity")->apply(b, tb).result(),
              std::exp((nll({0, 0, 0}, 1) + nll({5, 0, 0}, 0) + nll({0, 0, 1}, 2)) / 3), 1e-12);
}

TEST(LanguageModelFamily, ErrorsNameTheMethodAndTheShapes) {
  Tensor<double> out({2, 3, 4});
  out.zero();
  EXPECT_CONTAINS(errorOf([&] { BitsPerCharacter<double>().apply(out, vec({0, 1})); }),
                  "BitsPerCharacter: output [2, 3, 4] holds 6 score rows but target [2] has 2 token ids");
  EXPECT_CONTAINS(errorOf([&] { Perplexity<double>().apply(vec({0, 1}), vec({0})); }),
                  "Perplexity needs next-token scores [N, T, vocabulary] with target [N, T]");
  EXPECT_CONTAINS(
      errorOf([&] { BitsPerCharacter<double>().apply(out, Tensor<double>::fromVector({2, 3}, {0, 1, 2, 3, 4, 0})); }),
      "BitsPerCharacter: target 4 at position 4 is out of range for 4 classes");
}

TEST(ConfusionFamily, HandWorkedMatrix) {
  // Predictions 0, 1, 1, 2 for labels 0, 1, 2, 2.
  auto out = Tensor<double>::fromVector({4, 3}, {0.9, 0, 0, 0, 0.8, 0.1, 0.1, 0.6, 0.3, 0, 0.1, 0.9});
  auto target = vec({0, 1, 2, 2});
  ConfusionMatrix<double> matrix;
  const ValidationResult r = matrix.apply(out, target);
  EXPECT_EQ(r.sums, (std::vector<double>{1, 0, 0, 0, 1, 0, 0, 1, 1}));
  EXPECT_DOUBLE_EQ(r.result(), 0.75);
  EXPECT_DOUBLE_EQ(Precision<double>().apply(out, target).result(), (1 + 0.5 + 1) / 3.0);
  EXPECT_DOUBLE_EQ(Recall<double>().apply(out, target).result(), (1 + 1 + 0.5) / 3.0);
  EXPECT_DOUBLE_EQ(F1<double>().apply(out, target).result(), (1 + 2.0 / 3 + 2.0 / 3) / 3.0);
  EXPECT_EQ(r.toString(),
            "ConfusionMatrix(count: 4, accuracy: 0.75)\n"
            "  true\\predicted  0  1  2\n"
            "               0  1  0  0\n"
            "               1  0  1  0\n"
            "               2  0  1  1\n"
            "  class 0: precision 1, recall 1, f1 1, support 1\n"
            "  class 1: precision 0.5, recall 1, f1 0.666667, support 1\n"
            "  class 2: precision 1, recall 0.5, f1 0.666667, support 2");
  EXPECT_EQ(Precision<double>().apply(out, target).toString(),
            "Precision(count: 4, macro average: 0.833333; by class: 1, 0.5, 1)");
}

TEST(ConfusionFamily, BinaryProbabilities) {
  // One probability per record: class 1 from 0.5 on. Predictions 0, 1, 1, 0 for labels 0, 1, 0, 1.
  const ValidationResult r = ConfusionMatrix<double>().apply(vec({0.2, 0.7, 0.5, 0.4}), vec({0, 1, 0, 1}));
  EXPECT_EQ(r.sums, (std::vector<double>{1, 1, 1, 1}));
  EXPECT_DOUBLE_EQ(Recall<double>().apply(vec({0.2, 0.7, 0.5, 0.4}), vec({0, 1, 0, 1})).result(), 0.5);
}

TEST(ConfusionFamily, ClassesNeverSeenCountZero) {
  // Class 2 is neither a label nor a prediction: its precision, recall and F1 are 0 (sklearn's
  // zero_division=0 with labels=range(3)), and they weigh in the mean.
  auto out = Tensor<double>::fromVector({2, 3}, {1, 0, 0, 0, 1, 0});
  EXPECT_DOUBLE_EQ(F1<double>().apply(out, vec({0, 1})).result(), 2.0 / 3);
}

TEST(ConfusionFamily, MatchesPyTorch) {
  Fixture f("validation/classification.txt");
  const Tensor<double>& out = f.get("output");
  const Tensor<double>& target = f.get("target");
  const ValidationResult r = ConfusionMatrix<double>().apply(out, target);
  const Tensor<double>& cm = f.get("confusion");
  ASSERT_EQ(r.sums.size(), static_cast<size_t>(cm.numel()));
  for (int64_t i = 0; i < cm.numel(); ++i) EXPECT_EQ(r.sums[i], cm.data()[i]) << "cell " << i;
  EXPECT_NEAR(r.result(), f.scalar("accuracy"), 1e-12);
  EXPECT_NEAR(Precision<double>().apply(out, target).result(), f.scalar("precision_macro"), 1e-12);
  EXPECT_NEAR(Recall<double>().apply(out, target).result(), f.scalar("recall_macro"), 1e-12);
  EXPECT_NEAR(F1<double>().apply(out, target).result(), f.scalar("f1_macro"), 1e-12);
  // The log's per-class figures are PyTorch's.
  const std::string text = r.toString();
  std::ostringstream class1;
  class1 << "class 1: precision " << f.get("precision").data()[1] << ", recall " << f.get("recall").data()[1]
         << ", f1 " << f.get("f1").data()[1];
  EXPECT_CONTAINS(text, class1.str());
}

TEST(TopKAccuracy, AnyKMatchesPyTorch) {
  Fixture f("validation/classification.txt");
  TopKAccuracy<double> top3(3);
  EXPECT_NEAR(top3.apply(f.get("output"), f.get("target")).result(), f.scalar("top3"), 1e-12);
  EXPECT_NEAR(TopKAccuracy<double>(1).apply(f.get("output"), f.get("target")).result(), f.scalar("top1"),
              1e-12);
  EXPECT_EQ(top3.name(), "TopKAccuracy");
  EXPECT_EQ(top3.config(), Attributes().set("k", 3));
  EXPECT_EQ(createValidationMethod<float>("TopKAccuracy", Attributes().set("k", 4))->config(),
            Attributes().set("k", 4));
  EXPECT_CONTAINS(errorOf([] { TopKAccuracy<float>(0); }), "TopKAccuracy needs k >= 1, got 0");
}

TEST(MAE, HandWorkedAndPyTorch) {
  // Predictions 1, 0, 2 for labels 0, 2, 2: |1 - 0| + |0 - 2| + 0 = 3 over 3 records.
  auto out = Tensor<float>::fromVector({3, 3}, {0.1f, 0.9f, 0, 0.8f, 0.1f, 0.1f, 0, 0, 1});
  MAE<float> mae;
  const ValidationResult r = mae.apply(out, Tensor<float>::fromVector({3}, {0, 2, 2}));
  EXPECT_EQ(r.total, 3);
  EXPECT_DOUBLE_EQ(r.result(), 1.0);
  EXPECT_TRUE(mae.lowerIsBetter());
  Fixture f("validation/classification.txt");
  EXPECT_NEAR(MAE<double>().apply(f.get("output"), f.get("target")).result(), f.scalar("mae"), 1e-12);
}

TEST(TreeNNAccuracy, RootOfEachRecord) {
  // One probability per node: the roots say 0.7 (class 1) and 0.2 (class 0); the roots' labels are 1 and 1.
  auto out = Tensor<double>::fromVector({2, 2, 1}, {0.7, 0.1, 0.2, 0.9});
  EXPECT_DOUBLE_EQ(
      TreeNNAccuracy<double>().apply(out, Tensor<double>::fromVector({2, 2}, {1, 0, 1, 1})).result(), 0.5);
  EXPECT_DOUBLE_EQ(TreeNNAccuracy<double>().apply(out, vec({1, 1})).result(), 0.5);
  // One record [nodes, classes] with its nodes' labels.
  auto one = Tensor<double>::fromVector({2, 3}, {0, 0.2, 0.1, 0.9, 0, 0});
  EXPECT_DOUBLE_EQ(TreeNNAccuracy<double>().apply(one, vec({1, 0})).result(), 1.0);
  Fixture f("validation/tree_nn.txt");
  EXPECT_NEAR(TreeNNAccuracy<double>().apply(f.get("output"), f.get("target")).result(), f.scalar("accuracy"),
              1e-12);
  EXPECT_CONTAINS(errorOf([&] {
                    TreeNNAccuracy<double>().apply(out, vec({1, 0, 1}));
                  }),
                  "TreeNNAccuracy: output [2, 2, 1] has 2 record(s) of 2 nodes but target [3]");
}

TEST(Ranking, HandWorkedHitRatioAndNDCG) {
  // negNum 3, k 2: the positives rank 1, 4 and 2.
  auto out = Tensor<double>::fromVector({3, 4}, {0.9, 0.1, 0.5, 0.3, 0.1, 0.9, 0.5, 0.3, 0.2, 0.6, 0.4, 0.8});
  const RankingOptions options{2, 3};
  HitRatio<double> hr(options);
  NDCG<double> ndcg(options);
  EXPECT_DOUBLE_EQ(hr.apply(out, vec({0, 0, 1})).result(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(ndcg.apply(out, vec({0, 0, 1})).result(), (1 + 1 / std::log2(3.0)) / 3);
  // BigDL's 0/1 marks give the same; so does one user per batch ([negNum + 1, 1]).
  auto marks = Tensor<double>::fromVector({3, 4}, {1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0});
  EXPECT_DOUBLE_EQ(ndcg.apply(out, marks).result(), (1 + 1 / std::log2(3.0)) / 3);
  EXPECT_DOUBLE_EQ(hr.apply(out.narrow(0, 2, 1).view({4, 1}), marks.narrow(0, 2, 1).view({4, 1})).result(),
                   1.0);
  EXPECT_EQ(hr.apply(out, vec({0, 0, 1})).toString(),
            "HitRatio@2(count: 3, in the top 2: 2, HitRatio: 0.666667)");
  EXPECT_EQ(hr.config(), Attributes().set("k", 2).set("negNum", 3));
}

TEST(Ranking, MatchesPyTorch) {
  Fixture f("validation/ranking.txt");
  const RankingOptions options{static_cast<int>(f.scalar("k")), static_cast<int>(f.scalar("neg_num"))};
  EXPECT_NEAR(HitRatio<double>(options).apply(f.get("output"), f.get("target")).result(),
              f.scalar("hit_ratio"), 1e-12);
  EXPECT_NEAR(NDCG<double>(options).apply(f.get("output"), f.get("target")).result(), f.scalar("ndcg"),
              1e-12);
}

TEST(Ranking, ErrorsSayWhatToFix) {
  HitRatio<double> hr(RankingOptions{2, 3});
  auto out = Tensor<double>::fromVector({2, 4}, {0.9, 0.1, 0.5, 0.3, 0.1, 0.9, 0.5, 0.3});
  EXPECT_CONTAINS(errorOf([&] { hr.apply(out.view({8}).narrow(0, 0, 6), vec({0})); }),
                  "HitRatio: with negNum 3 each record has 4 scores (its positive item and 3 negatives), but "
                  "output [6] has 6 elements; set negNum to the number of negatives per record");
  EXPECT_CONTAINS(errorOf([&] {
                    hr.apply(out, Tensor<double>::fromVector({2, 4}, {1, 0, 1, 0, 0, 0, 0, 1}));
                  }),
                  "HitRatio: record 0 marks more than one positive item (items 0 and 2)");
  EXPECT_CONTAINS(errorOf([&] {
                    hr.apply(out, Tensor<double>::fromVector({2, 4}, {1, 0, 0, 0, 0, 0, 0, 0}));
                  }),
                  "HitRatio: record 1 marks no positive item");
  EXPECT_CONTAINS(errorOf([&] {
                    hr.apply(out, vec({0, 4}));
                  }),
                  "HitRatio: target 4 of record 1 is not a 0-based item position in 0..3");
  EXPECT_CONTAINS(errorOf([] { NDCG<float>(RankingOptions{0, 3}); }), "NDCG needs k >= 1");
}

TEST(MeanAveragePrecision, HandWorked) {
  // Class 0 ranks records 0 (hit), 1, 2 (hit), 3: AP = (1 + 2/3) / 2; class 1 ranks 3 (hit), 2, 1 (hit), 0:
  // the same. With k = 2 each class finds one of its two positives: AP = (1 + 0) / 2.
  auto out = Tensor<double>::fromVector({4, 2}, {0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.1, 0.9});
  auto target = vec({0, 1, 0, 1});
  EXPECT_DOUBLE_EQ(MeanAveragePrecision<double>().apply(out, target).result(), 5.0 / 6);
  EXPECT_DOUBLE_EQ(MeanAveragePrecision<double>({2, 0}).apply(out, target).result(), 0.5);
  EXPECT_EQ(MeanAveragePrecision<double>({2, 0}).apply(out, target).toString(),
            "MeanAveragePrecision@2(count: 4, MAP: 0.5; AP by class: 0.5, 0.5)");
  // Ties count against the model: negatives first among equal scores, whatever the records' order.
  auto tied = Tensor<double>::fromVector({2, 2}, {0.5, 0.5, 0.5, 0.5});
  EXPECT_DOUBLE_EQ(MeanAveragePrecision<double>().apply(tied, vec({0, 1})).result(), 0.5);
  EXPECT_DOUBLE_EQ(MeanAveragePrecision<double>().apply(tied, vec({1, 0})).result(), 0.5);
  // A class without positives has AP 0 and counts in the mean (BigDL's).
  EXPECT_DOUBLE_EQ(MeanAveragePrecision<double>({0, 2}).apply(out, vec({0, 0, 0, 0})).result(), 0.5);
}

TEST(MeanAveragePrecision, MatchesPyTorch) {
  Fixture f("validation/classification.txt");
  for (int k : {0, 50}) {
    SCOPED_TRACE(k);
    MeanAveragePrecision<double> map({k, 0});
    const ValidationResult r = map.apply(f.get("output"), f.get("target"));
    EXPECT_NEAR(r.result(), f.scalar("map_k" + std::to_string(k)), 1e-12);
  }
  MeanAveragePrecision<float> narrow({0, 3});
  EXPECT_CONTAINS(
      errorOf([&] {
        narrow.apply(Tensor<float>::fromVector({1, 2}, {0, 1}), Tensor<float>::fromVector({1}, {0}));
      }),
      "MeanAveragePrecision: classes is 3 but output [1, 2] scores only 2");
}

TEST(PrecisionRecallAUC, HandWorkedAndPyTorch) {
  // Scores 0.9 .. 0.6 with labels 1, 0, 1, 0: (recall, precision) goes (0, 1), (0.5, 1), (0.5, 0.5), (1,
  // 2/3), area ((0.5)(2) + 0 + (0.5)(2/3 + 1/2)) / 2.
  PrecisionRecallAUC<double> auc;
  EXPECT_DOUBLE_EQ(auc.apply(vec({0.9, 0.8, 0.7, 0.6}), vec({1, 0, 1, 0})).result(), 19.0 / 24);
  EXPECT_DOUBLE_EQ(auc.apply(vec({0.6, 0.7, 0.8, 0.9}), vec({0, 1, 0, 1})).result(), 19.0 / 24);
  EXPECT_DOUBLE_EQ(auc.apply(vec({0.9, 0.8}), vec({0, 0})).result(), 0.0);
  Fixture f("validation/precision_recall_auc.txt");
  EXPECT_NEAR(auc.apply(f.get("output"), f.get("target")).result(), f.scalar("area"), 1e-12);
  EXPECT_CONTAINS(errorOf([&] {
                    auc.apply(vec({0.9, 0.8}), vec({1, 2}));
                  }),
                  "PrecisionRecallAUC: target 2 at position 1 is not a binary label (0 or 1)");
  EXPECT_CONTAINS(errorOf([&] {
                    auc.apply(vec({0.9, NAN}), vec({1, 0}));
                  }),
                  "PrecisionRecallAUC: the score of record 1 is NaN");
}

// Splits the records into batches of uneven sizes, merges the batches' results in another order than the
// records', and expects the very same figure as one batch.
void expectSplitIndependent(ValidationMethod<double>& method, const Tensor<double>& out,
                            const Tensor<double>& target, int64_t perRecordTarget = 1) {
  SCOPED_TRACE(method.name());
  const ValidationResult whole = method.apply(out, target);
  const int64_t n = out.size(0);
  const int64_t cuts[] = {0, 7, 8, n / 2, n / 2 + 3, n};
  std::vector<ValidationResult> parts;
  for (size_t i = 0; i + 1 < std::size(cuts); ++i) {
    const int64_t begin = cuts[i], size = cuts[i + 1] - cuts[i];
    if (size > 0)
      parts.push_back(
          method.apply(out.narrow(0, begin, size),
                       target.view({n, -1}).narrow(0, begin, size).view({size * perRecordTarget})));
  }
  ValidationResult merged;
  for (size_t i = parts.size(); i-- > 0;) merged += parts[i];
  EXPECT_EQ(merged.count, whole.count);
  EXPECT_EQ(merged.result(), whole.result());
  EXPECT_EQ(merged.toString(), whole.toString());
}

TEST(ValidationResult, MergingBatchesGivesTheSameFigures) {
  Fixture f("validation/classification.txt");
  const Tensor<double>& out = f.get("output");
  const Tensor<double>& target = f.get("target");
  for (const std::string& type :
       {"ConfusionMatrix", "F1", "MAE", "MeanAveragePrecision", "Precision", "Recall", "TopKAccuracy"}) {
    expectSplitIndependent(*createValidationMethod<double>(type), out, target);
  }
  MeanAveragePrecision<double> map50({50, 0});
  expectSplitIndependent(map50, out, target);
  Fixture auc("validation/precision_recall_auc.txt");
  PrecisionRecallAUC<double> pr;
  expectSplitIndependent(pr, auc.get("output").view({-1, 1}), auc.get("target"));
  Fixture ranking("validation/ranking.txt");
  const RankingOptions options{static_cast<int>(ranking.scalar("k")),
                               static_cast<int>(ranking.scalar("neg_num"))};
  HitRatio<double> hr(options);
  NDCG<double> ndcg(options);
  expectSplitIndependent(hr, ranking.get("output"), ranking.get("target"));
  expectSplitIndependent(ndcg, ranking.get("output"), ranking.get("target"));
  Fixture tree("validation/tree_nn.txt");
  TreeNNAccuracy<double> treeNN;
  expectSplitIndependent(treeNN, tree.get("output"), tree.get("target"), 4);
}

TEST(ValidationResult, MergingDifferentShapesIsAnError) {
  ValidationResult a = ConfusionMatrix<double>().apply(Tensor<double>::fromVector({1, 2}, {1, 0}), vec({0}));
  const ValidationResult b =
      ConfusionMatrix<double>().apply(Tensor<double>::fromVector({1, 3}, {1, 0, 0}), vec({0}));
  EXPECT_CONTAINS(errorOf([&] { a += b; }),
                  "ConfusionMatrix: cannot add a result of 9 statistics to one of 4");
}

}  // namespace
}  // namespace ringdl
