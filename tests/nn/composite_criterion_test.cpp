// The composite criterions beyond their conformance rows: built in C++ with add() or inner objects, they
// equal the same criterion rebuilt from config() through the registry, nested composites included; a
// transformer with parameters cannot be kept in a config; and the errors of the criterions added with them
// name the criterion, the option or the record, and say how to fix it.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "ringdl/nn.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using test::errorOf;

template <typename C, typename... A>
std::shared_ptr<C> make(A&&... a) {
  return std::make_shared<C>(std::forward<A>(a)...);
}

// The criterion and its registry twin agree on config(), loss and gradient.
void expectRebuildsTheSame(Criterion<double>& c, const Activity<double>& x, const Activity<double>& t) {
  CriterionPtr<double> twin = createCriterion<double>(c.typeName(), c.config());
  EXPECT_TRUE(twin->config() == c.config());
  EXPECT_DOUBLE_EQ(twin->forward(x, t), c.forward(x, t));
  const Tensor<double> g = c.backward(x, t).toTensor().clone();
  const Tensor<double> h = twin->backward(x, t).toTensor();
  EXPECT_EQ(g.toVector(), h.toVector());
}

TEST(CompositeCriterion, MultiCriterionBuiltWithAddRebuildsFromItsConfig) {
  MultiCriterion<double> m;
  m.add(make<MSECriterion<double>>(false), 0.5)
      .add(make<SmoothL1Criterion<double>>(SmoothL1CriterionFn{true, 0.3}));
  const Activity<double> x(test::randomTensor({4, 3}, 1)), t(test::randomTensor({4, 3}, 2));
  EXPECT_EQ(m.config().get<std::vector<std::string>>("criterions"),
            (std::vector<std::string>{"MSECriterion", "SmoothL1Criterion"}));
  EXPECT_EQ(m.config().get<double>("criterions.1.beta"), 0.3);
  EXPECT_EQ(m.config().get<bool>("criterions.0.sizeAverage"), false);
  // 0.5 sum of squares + smooth L1 mean
  double sq = 0, sl = 0;
  for (int64_t i = 0; i < 12; ++i) {
    const double d = x.toTensor().data()[i] - t.toTensor().data()[i];
    sq += d * d;
    sl += std::abs(d) < 0.3 ? 0.5 * d * d / 0.3 : std::abs(d) - 0.15;
  }
  EXPECT_NEAR(m.forward(x, t), 0.5 * sq + sl / 12, 1e-12);
  expectRebuildsTheSame(m, x, t);
  test::expectCriterionGradientsMatch(m, x, t);
}

TEST(CompositeCriterion, NestedCompositesRoundTrip) {
  auto inner = make<MultiCriterion<double>>();
  inner->add(make<ClassNLLCriterion<double>>()).add(make<CrossEntropyCriterion<double>>(), 2.0);
  TimeDistributedCriterion<double> td(inner, /*sizeAverage=*/true);
  const Attributes config = td.config();
  EXPECT_EQ(config.get<std::string>("criterion"), "MultiCriterion");
  EXPECT_EQ(config.get<std::vector<double>>("criterion.weights"), (std::vector<double>{1, 2}));
  EXPECT_EQ(config.get<bool>("criterion.criterions.1.sizeAverage"), true);
  Tensor<double> labels = Tensor<double>::fromVector({2, 3}, {0, 3, 1, 2, 2, 0});
  const Activity<double> x(test::randomTensor({2, 3, 4}, 3, -3, 0)), t(labels);
  CriterionPtr<double> twin = createCriterion<double>("TimeDistributedCriterion", config);
  EXPECT_TRUE(twin->config() == config);
  EXPECT_DOUBLE_EQ(twin->forward(x, t), td.forward(x, t));
  test::expectCriterionGradientsMatch(td, x, t);
}

TEST(CompositeCriterion, TransformerWithAContainerRoundTripsAndRefusesParameters) {
  auto seq = make<Sequential<double>>();
  seq->add(make<Log<double>>());
  seq->add(make<MulConstant<double>>(MulConstantFn{-1.0}));
  TransformerCriterion<double> pg(make<MSECriterion<double>>(), seq);
  const Activity<double> x(test::randomTensor({3, 2}, 4, 0.2, 2)), t(test::randomTensor({3, 2}, 5));
  expectRebuildsTheSame(pg, x, t);
  EXPECT_EQ(pg.config().get<std::vector<std::string>>("inputTransformer.children"),
            (std::vector<std::string>{"Log", "MulConstant"}));

  const std::string msg =
      errorOf([] { TransformerCriterion<double>(make<MSECriterion<double>>(), make<Linear<double>>(2, 2)); });
  EXPECT_NE(msg.find("TransformerCriterion"), std::string::npos) << msg;
  EXPECT_NE(msg.find("Linear"), std::string::npos) << msg;
  EXPECT_NE(msg.find("parameters"), std::string::npos) << msg;
}

TEST(CompositeCriterion, ParallelGivesZerosToEntriesWithoutACriterion) {
  ParallelCriterion<double> p(/*repeatTarget=*/true);
  p.add(make<MSECriterion<double>>(), 3.0);
  const Activity<double> x = Activity<double>::table(
      {Activity<double>(test::randomTensor({2, 2}, 6)), Activity<double>(test::randomTensor({5}, 7))});
  const Activity<double> t(test::randomTensor({2, 2}, 8));
  p.forward(x, t);
  const Activity<double>& g = p.backward(x, t);
  ASSERT_TRUE(g.isTable());
  EXPECT_EQ(g.toTable()[1].toTensor().shape(), (Shape{5}));
  for (double v : g.toTable()[1].toTensor().toVector()) EXPECT_EQ(v, 0.0);
}

TEST(CompositeCriterion, ErrorsNameTheCriterionAndSayWhatToDo) {
  const auto contains = [](const std::string& msg, const std::string& part) {
    EXPECT_NE(msg.find(part), std::string::npos) << "'" << part << "' not in: " << msg;
  };
  contains(errorOf([] { createCriterion<float>("TimeDistributedCriterion"); }),
           "TimeDistributedCriterion: option 'criterion' is required");
  contains(errorOf([] {
             createCriterion<float>("TimeDistributedCriterion",
                                    Attributes().set("criterion", "MSECriterion").set("dimension", 0));
           }),
           "0 holds the records");
  contains(errorOf([] {
             createCriterion<float>("MultiCriterion",
                                    Attributes()
                                        .set("criterions", std::vector<std::string>{"MSECriterion"})
                                        .set("criterions.0.sizeAverag", true));
           }),
           "MultiCriterion, in 'criterions.0': MSECriterion has no option 'sizeAverag'");
  contains(errorOf([] {
             createCriterion<float>("ParallelCriterion",
                                    Attributes()
                                        .set("criterions", std::vector<std::string>{"MSECriterion"})
                                        .set("weights", std::vector<double>{1, 2}));
           }),
           "2 weights were given for 1 criterions");
  contains(errorOf([] {
             createCriterion<float>("MultiCriterion")->forward(Tensor<float>({2}), Tensor<float>({2}));
           }),
           "has no criterions");
  contains(errorOf([] {
             createCriterion<float>("SoftmaxWithCriterion", Attributes().set("normalizeMode", "MEAN"));
           }),
           "normalizeMode 'MEAN' is not one of VALID, FULL, BATCH_SIZE, NONE");
  contains(errorOf([] { createCriterion<float>("MultiMarginCriterion", Attributes().set("p", 3)); }),
           "p must be 1 or 2, got 3");
  contains(errorOf([] { createCriterion<float>("SmoothL1CriterionWithWeights"); }),
           "SmoothL1CriterionWithWeights: option 'sigma' is required");
  contains(errorOf([] {
             createCriterion<float>("MultiMarginCriterion")
                 ->forward(Tensor<float>({2, 3}), Tensor<float>::fromVector({2}, {1, 3}));
           }),
           "target 3 of record 1 is out of range for 3 classes; labels are 0-based (0..2) (it looks 1-based");
  contains(errorOf([] {
             createCriterion<float>("MultiLabelMarginCriterion")
                 ->forward(Tensor<float>({1, 3}), Tensor<float>::fromVector({1, 3}, {0, 5, -1}));
           }),
           "and -1 ends a record's list");
  contains(errorOf([] {
             createCriterion<float>("SoftmaxWithCriterion")
                 ->forward(Tensor<float>({2, 3, 2}), Tensor<float>::fromVector({2, 2}, {0, 1, 2, 3}));
           }),
           "target 3 at position 3 is out of range for 3 classes");
  contains(errorOf([] {
             createCriterion<float>("MarginRankingCriterion")
                 ->forward(Activity<float>::table(
                               {Activity<float>(Tensor<float>({3})), Activity<float>(Tensor<float>({2}))}),
                           Activity<float>(Tensor<float>({3})));
           }),
           "must hold one value per pair each");
}

}  // namespace
}  // namespace ringdl
