// RReLU: the random slopes in training (range, mean, one per negative element, reproducible from the global
// generator, used by backward), the mean slope in evaluate(), and bad options (gradients through fixed
// slopes, evaluate() against PyTorch, configuration and saving are in conformance_test.cpp).
#include "ringdl/nn/layers/activation/rrelu.h"

#include <gtest/gtest.h>

#include <set>

#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

TEST(RReLU, TrainingSlopesAreUniformInTheRangeForNegativeInputsOnly) {
  Random::global().seed(7);
  const int64_t n = 1 << 16;
  RReLU<double> layer(0.1, 0.3);
  Tensor<double> x({n});
  for (int64_t i = 0; i < n; ++i) x.data()[i] = i % 2 == 0 ? -2.0 : 3.0;
  const Tensor<double>& y = layer.forward(x).toTensor();
  double slopeSum = 0;
  std::set<double> distinct;
  for (int64_t i = 0; i < n; ++i) {
    if (i % 2 == 1) {
      EXPECT_EQ(y.data()[i], 3.0) << "a positive input passes unchanged";
      continue;
    }
    const double slope = y.data()[i] / -2.0;
    ASSERT_GE(slope, 0.1);
    ASSERT_LE(slope, 0.3);
    EXPECT_EQ(layer.noise().data()[i], slope);
    slopeSum += slope;
    distinct.insert(slope);
  }
  // U(0.1, 0.3) has mean 0.2 and standard deviation 0.058; over 32768 draws the mean's is 3.2e-4.
  EXPECT_NEAR(slopeSum / (n / 2), 0.2, 3e-3);
  EXPECT_GT(distinct.size(), static_cast<size_t>(n / 2 - 10)) << "one slope per element";
}

TEST(RReLU, SameGeneratorStateSameSlopesAndBackwardUsesThem) {
  RReLU<float> a, b;
  Tensor<float> x({50});
  for (int64_t i = 0; i < 50; ++i) x.data()[i] = -1.0f - static_cast<float>(i);
  Random::global().seed(3);
  const std::vector<float> ya = a.forward(x).toTensor().toVector();
  Random::global().seed(3);
  const std::vector<float> yb = b.forward(x).toTensor().toVector();
  EXPECT_EQ(ya, yb);
  const std::vector<float> again = a.forward(x).toTensor().toVector();
  EXPECT_NE(again, ya) << "a second forward draws new slopes";
  const Tensor<float> g = Tensor<float>::full({50}, 2.0f);
  const Tensor<float>& gx = a.backward(x, g).toTensor();
  for (int64_t i = 0; i < 50; ++i) EXPECT_FLOAT_EQ(gx.data()[i], 2.0f * a.noise().data()[i]);
}

TEST(RReLU, EvaluateUsesTheMeanSlopeAndDrawsNothing) {
  RReLU<double> layer(0.2, 0.4);
  layer.evaluate();
  const std::string before = Random::global().state();
  const Tensor<double> x = Tensor<double>::fromVector({3}, {-1.0, 0.5, -4.0});
  const std::vector<double> y = layer.forward(x).toTensor().toVector();
  EXPECT_DOUBLE_EQ(y[0], -0.3);
  EXPECT_DOUBLE_EQ(y[1], 0.5);
  EXPECT_DOUBLE_EQ(y[2], -1.2);
  EXPECT_EQ(Random::global().state(), before);
}

TEST(RReLU, BadBoundsAreAnError) {
  EXPECT_THROW(RReLU<float>(0.5, 0.2), Error);
  EXPECT_THROW(RReLU<float>(-0.1, 0.2), Error);
}

}  // namespace
}  // namespace ringdl
