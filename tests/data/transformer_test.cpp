// Transformers: Normalize and Scale known values, chaining with >> and then(), featureStats, errors.
#include "ringdl/data/transformer.h"

#include <gtest/gtest.h>

#include <cmath>

#include "data/temp_dir.h"
#include "ringdl/data/normalize.h"
#include "ringdl/data/scale.h"
#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

using test::expectError;

TEST(Normalize, ScalarKnownValues) {
  auto x = Tensor<double>::fromVector({3, 1}, {0, 0.5, 1});
  Normalize<double>(0.5, 0.25).apply(x);
  EXPECT_EQ(x.toVector(), (std::vector<double>{-2, 0, 2}));
}

TEST(Normalize, PerChannelKnownValues) {
  // [N=2, C=2, 1, 2]: channel 0 uses mean 1, std 1; channel 1 uses mean 10, std 2.
  auto x = Tensor<float>::fromVector({2, 2, 1, 2}, {1, 3, 10, 14, 5, 1, 6, 10});
  Normalize<float>({1, 10}, {1, 2}).apply(x);
  EXPECT_EQ(x.toVector(), (std::vector<float>{0, 2, 0, 2, 4, 0, -2, 0}));
}

TEST(Normalize, OneElementVectorBroadcasts) {
  auto x = Tensor<float>::fromVector({2, 3}, {1, 2, 3, 4, 5, 6});
  Normalize<float>(std::vector<double>{1}, std::vector<double>{0.5}).apply(x);
  EXPECT_EQ(x.toVector(), (std::vector<float>{0, 2, 4, 6, 8, 10}));
}

TEST(Normalize, MiniBatchInputOnly) {
  MiniBatch<double> b(Tensor<double>::fromVector({2, 1}, {3, 5}), Tensor<double>::fromVector({2}, {1, 0}));
  Normalize<double>(1, 2).apply(b);
  EXPECT_EQ(b.input().toVector(), (std::vector<double>{1, 2}));
  EXPECT_EQ(b.target().toVector(), (std::vector<double>{1, 0}));
}

TEST(Normalize, NonContiguousView) {
  const auto base = Tensor<double>::fromVector({2, 3}, {1, 2, 3, 4, 5, 6});
  auto x = base.transpose(0, 1);  // [3, 2], a view of base
  Normalize<double>(1, 1).apply(x);
  EXPECT_EQ(base.toVector(), (std::vector<double>{0, 1, 2, 3, 4, 5})) << "the view's storage is updated";
}

TEST(Normalize, AppliedLeavesTheArgument) {
  const auto x = Tensor<float>::fromVector({2, 1}, {2, 4});
  const auto y = Normalize<float>(2, 2).applied(x);
  EXPECT_EQ(x.toVector(), (std::vector<float>{2, 4}));
  EXPECT_EQ(y.toVector(), (std::vector<float>{0, 1}));
}

TEST(Normalize, Errors) {
  expectError([] { Normalize<float>(0.5, 0); }, {"standard deviation 0 is 0", "positive"});
  expectError([] { Normalize<float>({0.1, 0.2}, {1}); }, {"2 means and 1 standard deviations"});
  expectError([] { Normalize<float>(std::vector<double>{}, std::vector<double>{}); }, {"0 means"});
  Tensor<float> x({2, 1, 28, 28});
  expectError(
      [&] {
        Normalize<float>({0.1, 0.2, 0.3}, {1, 1, 1}).apply(x);
      },
      {"3 per-channel values need features [N, 3, ...]", "[2, 1, 28, 28]"});
  Tensor<float> scalar(Shape{});
  expectError([&] { Normalize<float>(0, 1).apply(scalar); }, {"record dimension"});
}

TEST(Scale, Multiplies) {
  auto x = Tensor<float>::fromVector({1, 3}, {0, 51, 255});
  Scale<float>(1.0 / 255).apply(x);
  EXPECT_FLOAT_EQ(x.at({0, 1}), 0.2f);
  EXPECT_FLOAT_EQ(x.at({0, 2}), 1.0f);
  auto y = Tensor<double>::fromVector({2, 2}, {1, 2, 3, 4}).transpose(0, 1);
  Scale<double>(-2).apply(y);
  EXPECT_EQ(y.toVector(), (std::vector<double>{-2, -6, -4, -8}));
}

TEST(ChainedTransformer, ShiftOperatorAppliesInOrder) {
  const auto chain = Scale<float>(1.0 / 255) >> Normalize<float>(0.5, 0.5);
  auto x = Tensor<float>::fromVector({3, 1}, {0, 127.5f, 255});
  chain.apply(x);
  EXPECT_FLOAT_EQ(x.at({0, 0}), -1);
  EXPECT_NEAR(x.at({1, 0}), 0, 1e-6);
  EXPECT_FLOAT_EQ(x.at({2, 0}), 1);
  EXPECT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain.describe(), "Scale(0.00392157) >> Normalize(mean=[0.5], std=[0.5])");
}

TEST(ChainedTransformer, ThenMatchesShiftAndFlattens) {
  const auto a = Scale<double>(2).then(Normalize<double>(1, 1));
  const auto b = a >> Scale<double>(10);
  EXPECT_EQ(b.size(), 3u) << "chaining a chain appends its steps";
  EXPECT_EQ(b.step(2).describe(), "Scale(10)");
  auto x = Tensor<double>::fromVector({1, 2}, {1, 3});
  b.apply(x);
  EXPECT_EQ(x.toVector(), (std::vector<double>{10, 50}));
  const auto c = Scale<double>(2) >> (Normalize<double>(1, 1) >> Scale<double>(10));
  EXPECT_EQ(c.describe(), b.describe());
  expectError([&] { b.step(3); }, {"step(3)", "3 steps"});
}

TEST(ChainedTransformer, EmptyChainIsIdentityAndCloneIsIndependent) {
  ChainedTransformer<float> chain;
  EXPECT_EQ(chain.describe(), "Identity");
  auto x = Tensor<float>::fromVector({1, 1}, {3});
  chain.apply(x);
  EXPECT_EQ(x.item(), 3);
  const auto clone = chain.clone();
  chain.add(Scale<float>(2));
  EXPECT_EQ(clone->describe(), "Identity");
}

TEST(FeatureStats, OverallKnownValues) {
  const auto x = Tensor<double>::fromVector({2, 2}, {1, 2, 3, 4});
  const auto s = featureStats(x);
  ASSERT_EQ(s.mean.size(), 1u);
  EXPECT_DOUBLE_EQ(s.mean[0], 2.5);
  EXPECT_DOUBLE_EQ(s.std[0], std::sqrt(1.25));  // population std
}

TEST(FeatureStats, PerChannelKnownValues) {
  // [N=2, C=2, 2]: channel 0 holds {0, 2, 4, 6}, channel 1 holds {10, 10, 10, 10}.
  const auto x = Tensor<float>::fromVector({2, 2, 2}, {0, 2, 10, 10, 4, 6, 10, 10});
  const auto s = featureStats(x, /*perChannel=*/true);
  EXPECT_EQ(s.mean, (std::vector<double>{3, 10}));
  EXPECT_DOUBLE_EQ(s.std[0], std::sqrt(5.0));
  EXPECT_EQ(s.std[1], 0);
}

TEST(FeatureStats, NormalizeWithStatsGivesZeroMeanUnitStd) {
  Tensor<float> x({500, 3, 4});
  Random random(3);
  random.fillNormal(x, 7.0, 3.0);
  const auto stats = featureStats(x, true);
  Normalize<float>(stats).apply(x);
  const auto after = featureStats(x, true);
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(after.mean[c], 0, 1e-5);
    EXPECT_NEAR(after.std[c], 1, 1e-5);
  }
}

TEST(FeatureStats, Errors) {
  expectError([] { featureStats(Tensor<float>({0, 3})); }, {"empty"});
  expectError([] { featureStats(Tensor<float>({5}), true); }, {"per-channel", "[N, C, ...]", "[5]"});
}

}  // namespace
}  // namespace ringdl
