// Criterion::batchNormalizer for the criterions of nn/criterions/: the loss and gradient of a batch equal
// those of its two parts, weighted by their normalisers (which add up), or summed for a criterion that sums;
// this is what lets N ranks train exactly as one. Each case also checks the normaliser itself, so a criterion
// whose loss and normaliser are wrong together still fails.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "ringdl/nn.h"
#include "ringdl/tensor/random.h"
#include "support/activities.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

/// Rows from .. from + n - 1 of every Tensor of a (dimension 0), copied.
Activity<double> rowsOf(const Activity<double>& a, int64_t from, int64_t n) {
  if (a.isTable()) {
    std::vector<Activity<double>> items;
    for (const Activity<double>& e : a.toTable()) items.push_back(rowsOf(e, from, n));
    return Activity<double>::table(std::move(items));
  }
  return Activity<double>(a.toTensor().narrow(0, from, n).clone());
}

struct Case {
  std::string type;
  Attributes options;
  Activity<double> input, target;
  std::optional<double> normaliser;  ///< what batchNormalizer must give for the whole batch
};

Tensor<double> uniform(const Shape& s, uint64_t seed, double lo = -1, double hi = 1) {
  return test::randomTensor(s, seed, lo, hi);
}
Tensor<double> signs(const Shape& s, uint64_t seed) {
  Tensor<double> t = uniform(s, seed);
  for (int64_t i = 0; i < t.numel(); ++i) t.data()[i] = t.data()[i] < 0 ? -1 : 1;
  return t;
}

Tensor<double> labels(const Shape& s, int64_t classes, uint64_t seed, int64_t from = 0) {
  Tensor<double> t(s);
  Random rng(seed);
  for (int64_t i = 0; i < t.numel(); ++i)
    t.data()[i] =
        static_cast<double>(from + static_cast<int64_t>(rng.below(static_cast<uint64_t>(classes - from))));
  return t;
}
Activity<double> tensor(Tensor<double> t) { return Activity<double>(std::move(t)); }
Activity<double> table(std::vector<Tensor<double>> ts) {
  std::vector<Activity<double>> items;
  for (auto& t : ts) items.emplace_back(std::move(t));
  return Activity<double>::table(std::move(items));
}

void expectSplitEqualsWhole(const Case& c, int64_t cut) {
  SCOPED_TRACE(c.type + " cut at " + std::to_string(cut));
  CriterionPtr<double> criterion = createCriterion<double>(c.type, c.options);
  const double whole = criterion->forward(c.input, c.target);
  const std::optional<double> n = criterion->batchNormalizer(c.input, c.target);
  ASSERT_EQ(n.has_value(), c.normaliser.has_value());
  if (n) EXPECT_DOUBLE_EQ(*n, *c.normaliser);
  const Activity<double> grad = test::deepCopy(criterion->backward(c.input, c.target));
  const int64_t rows = test::leaves(c.input)[0]->size(0);

  double combined = 0, total = 0;
  std::vector<Activity<double>> partGrads;
  std::vector<double> partNorms;
  for (auto [from, len] : {std::pair<int64_t, int64_t>{0, cut}, {cut, rows - cut}}) {
    const Activity<double> x = rowsOf(c.input, from, len), t = rowsOf(c.target, from, len);
    const double loss = criterion->forward(x, t);
    const std::optional<double> pn = criterion->batchNormalizer(x, t);
    ASSERT_EQ(pn.has_value(), n.has_value());
    combined += pn ? loss * *pn : loss;
    total += pn.value_or(0);
    partNorms.push_back(pn.value_or(1));
    partGrads.push_back(test::deepCopy(criterion->backward(x, t)));
  }
  if (n) {
    EXPECT_NEAR(total, *n, 1e-12) << "the parts' normalisers do not add up to the whole's";
    combined /= *n;
  }
  EXPECT_NEAR(combined, whole, 1e-10 * (1 + std::abs(whole)));
  // gradient rows: the part's, times its share of the normaliser
  const std::vector<const Tensor<double>*> g = test::leaves(grad);
  for (size_t k = 0; k < g.size(); ++k) {
    int64_t from = 0;
    for (size_t p = 0; p < 2; ++p) {
      const Tensor<double>& part = *test::leaves(partGrads[p])[k];
      const double share = n ? partNorms[p] / *n : 1.0;
      const Tensor<double> expect = g[k]->narrow(0, from, part.size(0)).contiguous();
      for (int64_t i = 0; i < part.numel(); ++i)
        EXPECT_NEAR(part.data()[i] * share, expect.data()[i], 1e-10) << "part " << p << ", element " << i;
      from += part.size(0);
    }
  }
}

TEST(CriterionSplit, ElementWiseCriterionsNormaliseByElementsOrRecords) {
  const Shape s{5, 3};
  const Attributes sum = Attributes().set("sizeAverage", false);
  const std::vector<Case> cases = {
      {"MarginCriterion", {}, Activity<double>(uniform(s, 1, -2, 2)), Activity<double>(signs(s, 2)), 15.0},
      {"MarginCriterion", sum, Activity<double>(uniform(s, 1, -2, 2)), Activity<double>(signs(s, 2)),
       std::nullopt},
      {"MeanAbsolutePercentageCriterion",
       {},
       Activity<double>(uniform(s, 3)),
       Activity<double>(uniform(s, 4)),
       15.0},
      {"MeanSquaredLogarithmicCriterion",
       {},
       Activity<double>(uniform(s, 3, 0.1, 2)),
       Activity<double>(uniform(s, 4)),
       15.0},
      {"PGCriterion",
       {},
       Activity<double>(uniform(s, 5, 0.1, 1)),
       Activity<double>(uniform(s, 6)),
       std::nullopt},
      {"PGCriterion", Attributes().set("sizeAverage", true), Activity<double>(uniform(s, 5, 0.1, 1)),
       Activity<double>(uniform(s, 6)), 5.0},
      {"PoissonCriterion",
       {},
       Activity<double>(uniform(s, 7, 0.1, 2)),
       Activity<double>(uniform(s, 8)),
       15.0},
      {"SmoothL1Criterion",
       {},
       Activity<double>(uniform(s, 9, -2, 2)),
       Activity<double>(uniform(s, 10)),
       15.0},
      {"SmoothL1Criterion", sum, Activity<double>(uniform(s, 9, -2, 2)), Activity<double>(uniform(s, 10)),
       std::nullopt},
      {"SoftMarginCriterion",
       {},
       Activity<double>(uniform(s, 11, -3, 3)),
       Activity<double>(signs(s, 12)),
       15.0},
  };
  for (const Case& c : cases) {
    expectSplitEqualsWhole(c, 2);
    expectSplitEqualsWhole(c, 1);
  }
}

TEST(CriterionSplit, RowRankingAndBoxCriterionsNormaliseByRecords) {
  const Attributes sum = Attributes().set("sizeAverage", false);
  Tensor<double> multiLabels = Tensor<double>::fromVector(
      {5, 4}, {0, 2, -1, -1, 3, -1, -1, -1, 1, 0, 3, -1, 2, -1, -1, -1, 0, 1, 2, -1});
  Tensor<double> swcTarget = labels({5, 2, 2}, 4, 14);
  swcTarget.data()[0] = swcTarget.data()[5] = swcTarget.data()[6] = 1;  // some ignored positions in each part
  int64_t valid = 0;
  for (double v : swcTarget.toVector()) valid += v != 1;
  const std::vector<Case> cases = {
      {"MultiMarginCriterion", {}, tensor(uniform({5, 4}, 1, -2, 2)), tensor(labels({5}, 4, 2)), 5.0},
      {"MultiMarginCriterion", Attributes().set("p", 2).set("weights", std::vector<double>{0.5, 2, 1, 3}),
       tensor(uniform({5, 4}, 1, -2, 2)), tensor(labels({5}, 4, 2)), 5.0},
      {"MultiLabelMarginCriterion", {}, tensor(uniform({5, 4}, 3, -2, 2)), tensor(multiLabels), 5.0},
      {"MultiLabelMarginCriterion", sum, tensor(uniform({5, 4}, 3, -2, 2)), tensor(multiLabels),
       std::nullopt},
      {"MultiLabelSoftMarginCriterion",
       {},
       tensor(uniform({5, 4}, 4, -3, 3)),
       tensor(labels({5, 4}, 2, 5)),
       5.0},
      {"MarginRankingCriterion", {}, table({uniform({5}, 6), uniform({5}, 7)}), tensor(signs({5}, 8)), 5.0},
      {"SmoothL1CriterionWithWeights", Attributes().set("sigma", 2.0), tensor(uniform({5, 4}, 9, -2, 2)),
       table({uniform({5, 4}, 10), uniform({5, 4}, 11, 0, 1), uniform({5, 4}, 12, 0, 1)}), 5.0},
      {"SmoothL1CriterionWithWeights", Attributes().set("sigma", 1.0).set("num", 7),
       tensor(uniform({5, 4}, 9, -2, 2)), table({uniform({5, 4}, 10)}), std::nullopt},
      {"SoftmaxWithCriterion", Attributes().set("ignoreLabel", 1), tensor(uniform({5, 4, 2, 2}, 13, -3, 3)),
       tensor(swcTarget), static_cast<double>(valid)},
      {"SoftmaxWithCriterion", Attributes().set("normalizeMode", "FULL"),
       tensor(uniform({5, 4, 2, 2}, 13, -3, 3)), tensor(swcTarget), 20.0},
      {"SoftmaxWithCriterion", Attributes().set("normalizeMode", "BATCH_SIZE").set("ignoreLabel", 1),
       tensor(uniform({5, 4, 2, 2}, 13, -3, 3)), tensor(swcTarget), 5.0},
      {"SoftmaxWithCriterion", Attributes().set("normalizeMode", "NONE"),
       tensor(uniform({5, 4, 2, 2}, 13, -3, 3)), tensor(swcTarget), std::nullopt},
  };
  for (const Case& c : cases) {
    expectSplitEqualsWhole(c, 2);
    expectSplitEqualsWhole(c, 1);
  }
}

TEST(CriterionSplit, CompositeCriterionsTakeTheirInnerNormaliser) {
  const auto multi = [](std::vector<std::string> types) { return Attributes().set("criterions", types); };
  const auto nested = [](const char* type) { return Attributes().set("criterion", type); };
  Tensor<double> padded = labels({5, 3}, 4, 20, -1);  // -1: padding
  padded.data()[0] = padded.data()[4] = padded.data()[14] = -1;
  int64_t kept = 0;
  for (double v : padded.toVector()) kept += v != -1;
  const std::vector<Case> cases = {
      {"MultiCriterion",
       multi({"MSECriterion", "SmoothL1Criterion"}).set("weights", std::vector<double>{0.5, 2}),
       tensor(uniform({5, 3}, 1, -2, 2)), tensor(uniform({5, 3}, 2)), 15.0},
      {"MultiCriterion", multi({"ClassNLLCriterion", "CrossEntropyCriterion"}),
       tensor(uniform({5, 4}, 3, -3, 0)), tensor(labels({5}, 4, 4)), 5.0},
      {"ParallelCriterion",
       multi({"MSECriterion", "ClassNLLCriterion"})
           .set("criterions.0.sizeAverage", false)
           .set("criterions.1.sizeAverage", false),
       table({uniform({5, 3}, 5), uniform({5, 4}, 6, -3, 0)}), table({uniform({5, 3}, 7), labels({5}, 4, 8)}),
       std::nullopt},
      {"ParallelCriterion", multi({"ClassNLLCriterion", "CrossEntropyCriterion"}).set("repeatTarget", true),
       table({uniform({5, 4}, 9, -3, 0), uniform({5, 4}, 10)}), tensor(labels({5}, 4, 11)), 5.0},
      {"TimeDistributedCriterion", nested("ClassNLLCriterion").set("sizeAverage", true),
       tensor(uniform({5, 3, 4}, 12, -3, 0)), tensor(labels({5, 3}, 4, 13)), 15.0},
      {"TimeDistributedCriterion", nested("ClassNLLCriterion"), tensor(uniform({5, 3, 4}, 12, -3, 0)),
       tensor(labels({5, 3}, 4, 13)), 5.0},
      {"TimeDistributedMaskCriterion", nested("ClassNLLCriterion"), tensor(uniform({5, 3, 4}, 14, -3, 0)),
       tensor(padded), static_cast<double>(kept)},
      {"TimeDistributedMaskCriterion", nested("CrossEntropyCriterion").set("criterion.sizeAverage", false),
       tensor(uniform({5, 3, 4}, 14, -3, 3)), tensor(padded), static_cast<double>(kept)},
      {"TransformerCriterion", nested("MSECriterion").set("inputTransformer", "Tanh"),
       tensor(uniform({5, 3}, 15)), tensor(uniform({5, 3}, 16)), 15.0},
  };
  for (const Case& c : cases) {
    expectSplitEqualsWhole(c, 2);
    expectSplitEqualsWhole(c, 1);
  }
}

TEST(CriterionSplit, InnerCriterionsThatNormaliseDifferentlyAreAnError) {
  CriterionPtr<double> c = createCriterion<double>(
      "MultiCriterion", Attributes()
                            .set("criterions", std::vector<std::string>{"MSECriterion", "ClassNLLCriterion"})
                            .set("criterions.0.sizeAverage", false));
  const Activity<double> x = tensor(uniform({5, 4}, 1, -3, 0)), t = tensor(labels({5}, 4, 2));
  try {
    c->batchNormalizer(x, t);
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string m = e.message();
    EXPECT_NE(m.find("MultiCriterion"), std::string::npos) << m;
    EXPECT_NE(m.find("none (a sum)"), std::string::npos) << m;
    EXPECT_NE(m.find("5.0"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace ringdl
