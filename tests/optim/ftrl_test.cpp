// Ftrl against McMahan et al. 2013 (Ad Click Prediction, algorithm 1: per-coordinate FTRL-Proximal) written
// out here, with BigDL's and TensorFlow's initial accumulator (the paper's beta = 0), their l2 counted twice
// (the paper's lambda2 = 2 * l2) and their l2 shrinkage (added to the gradient in z only).
#include "ringdl/optim/ftrl.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "ringdl/optim/registry.h"
#include "support/error_text.h"

namespace ringdl {
namespace {

// A noisy quadratic: g = a (w - c) + 0.5 sin(1.3 k + 0.7 i) at step k.
std::vector<double> gradientAt(const std::vector<double>& w, int k) {
  std::vector<double> g(w.size());
  for (size_t i = 0; i < w.size(); ++i)
    g[i] = (0.5 + 0.2 * i) * (w[i] - (0.3 * i - 1.0)) + 0.5 * std::sin(1.3 * k + 0.7 * i);
  return g;
}

std::vector<double> paperTrajectory(const FtrlOptions& o, int steps) {
  const size_t n = 9;
  std::vector<double> w(n, 0.0), z(n, 0.0), acc(n, o.initialAccumulatorValue);
  const double alpha = o.learningRate, lambda1 = o.l1RegularizationStrength;
  const double lambda2 = 2 * o.l2RegularizationStrength;
  for (int k = 0; k < steps; ++k) {
    const std::vector<double> g = gradientAt(w, k);
    for (size_t i = 0; i < n; ++i) {
      const double sigma = (std::sqrt(acc[i] + g[i] * g[i]) - std::sqrt(acc[i])) / alpha;
      z[i] += g[i] + 2 * o.l2ShrinkageRegularizationStrength * w[i] - sigma * w[i];
      acc[i] += g[i] * g[i];
      w[i] = std::abs(z[i]) <= lambda1
                 ? 0.0
                 : -(z[i] - (z[i] > 0 ? lambda1 : -lambda1)) / (std::sqrt(acc[i]) / alpha + lambda2);
    }
  }
  return w;
}

template <typename T>
std::vector<double> ringdlTrajectory(const FtrlOptions& o, int steps) {
  Ftrl<T> ftrl(o);
  Tensor<T> w({9}), g({9});
  for (int k = 0; k < steps; ++k) {
    std::vector<double> wd(9);
    for (int i = 0; i < 9; ++i) wd[i] = w.data()[i];
    const std::vector<double> gd = gradientAt(wd, k);
    for (int i = 0; i < 9; ++i) g.data()[i] = static_cast<T>(gd[i]);
    ftrl.update(w, g);
  }
  std::vector<double> out(9);
  for (int i = 0; i < 9; ++i) out[i] = w.data()[i];
  return out;
}

std::vector<FtrlOptions> optionSets() {
  FtrlOptions plain;
  plain.learningRate = 0.1;
  FtrlOptions l1l2 = plain;
  l1l2.l1RegularizationStrength = 50;  // z sums gradients: 50 keeps the weights near 0 at exactly 0
  l1l2.l2RegularizationStrength = 0.05;
  l1l2.initialAccumulatorValue = 0.5;
  FtrlOptions shrinkage = l1l2;
  shrinkage.l2ShrinkageRegularizationStrength = 0.1;
  return {plain, l1l2, shrinkage};
}

TEST(Ftrl, FollowsThePapersUpdateRule) {
  for (const FtrlOptions& o : optionSets()) {
    const std::vector<double> expected = paperTrajectory(o, 300);
    const std::vector<double> d = ringdlTrajectory<double>(o, 300);
    const std::vector<double> f = ringdlTrajectory<float>(o, 300);
    for (int i = 0; i < 9; ++i) {
      EXPECT_NEAR(d[i], expected[i], 1e-12) << "element " << i << " l1 " << o.l1RegularizationStrength;
      EXPECT_NEAR(f[i], expected[i], 1e-5) << "element " << i << " l1 " << o.l1RegularizationStrength;
    }
  }
  // l1 makes some coordinates exactly 0: the proximal step, not a small number.
  const std::vector<double> sparse = ringdlTrajectory<double>(optionSets()[1], 300);
  const auto zeros = std::count(sparse.begin(), sparse.end(), 0.0);
  EXPECT_GT(zeros, 0);
  EXPECT_LT(zeros, 9);
}

TEST(Ftrl, AnotherLearningRatePowerIsTheGeneralisedRule) {
  // p = -1: n^1 / lr in place of sqrt(n) / lr (TensorFlow's form); checked on one coordinate by hand.
  FtrlOptions o;
  o.learningRate = 0.5;
  o.learningRatePower = -1;
  o.initialAccumulatorValue = 1;
  Ftrl<double> ftrl(o);
  auto w = Tensor<double>::fromVector({1}, {0.2});
  ftrl.update(w, Tensor<double>::fromVector({1}, {0.5}));
  // n = 1.25; sigma = (1.25 - 1) / 0.5 = 0.5; z = 0.5 - 0.5 * 0.2 = 0.4; w = -0.4 / (1.25 / 0.5)
  EXPECT_NEAR(w.at({0}), -0.4 / 2.5, 1e-15);
}

TEST(Ftrl, BadOptionsNameTheOption) {
  EXPECT_CONTAINS(
      test::errorOf([] { createOptimMethod<float>("Ftrl", Attributes().set("learningRatePower", 0.5)); }),
      "Ftrl learning_rate_power must be <= 0, got 0.5");
  EXPECT_CONTAINS(test::errorOf([] {
                    createOptimMethod<float>("Ftrl", Attributes().set("l1RegularizationStrength", -1.0));
                  }),
                  "Ftrl l1_regularization_strength must be >= 0");
}

}  // namespace
}  // namespace ringdl
