// SGD and Adam: hand-computed steps, PyTorch trajectories, state handling and option validation.
#include <gtest/gtest.h>

#include <cmath>

#include "ringdl/optim/adam.h"
#include "ringdl/optim/sgd.h"
#include "support/fixture.h"

namespace ringdl {
namespace {

TEST(SGD, HandComputedMomentumSteps) {
  SGD<double> sgd(SGDOptions().lr(0.1).withMomentum(0.5));
  auto w = Tensor<double>::fromVector({2}, {1.0, -1.0});
  auto g = Tensor<double>::fromVector({2}, {0.5, 1.0});
  sgd.update(w, g);  // buffer = g = (0.5, 1); w = (1 - 0.05, -1 - 0.1)
  EXPECT_DOUBLE_EQ(w.at({0}), 0.95);
  EXPECT_DOUBLE_EQ(w.at({1}), -1.1);
  sgd.update(w, g);  // buffer = 0.5*(0.5,1) + (0.5,1) = (0.75, 1.5); w -= 0.1*buffer
  EXPECT_DOUBLE_EQ(w.at({0}), 0.95 - 0.075);
  EXPECT_DOUBLE_EQ(w.at({1}), -1.1 - 0.15);
  EXPECT_EQ(sgd.state().step, 2);
  EXPECT_EQ(sgd.state().tensors.at("momentum").toVector(), (std::vector<double>{0.75, 1.5}));
}

TEST(SGD, LearningRateDecayFollowsBigDL) {
  SGD<double> sgd(SGDOptions().lr(0.1).lrDecay(0.5));
  auto w = Tensor<double>::fromVector({1}, {0.0});
  auto g = Tensor<double>::fromVector({1}, {1.0});
  EXPECT_DOUBLE_EQ(sgd.currentLearningRate(), 0.1);
  sgd.update(w, g);
  EXPECT_DOUBLE_EQ(sgd.currentLearningRate(), 0.1 / 1.5);
  sgd.update(w, g);
  EXPECT_DOUBLE_EQ(w.at({0}), -0.1 - 0.1 / 1.5);
}

TEST(Adam, HandComputedFirstStep) {
  Adam<double> adam(AdamOptions().lr(0.01));
  auto w = Tensor<double>::fromVector({1}, {1.0});
  auto g = Tensor<double>::fromVector({1}, {2.0});
  adam.update(w, g);
  // m = 0.2, v = 0.004; mhat = 2, vhat = 4; step = 0.01 * 2 / (2 + 1e-8)
  EXPECT_NEAR(w.at({0}), 1.0 - 0.01 * 2.0 / (2.0 + 1e-8), 1e-15);
}

template <typename Method>
void expectMatchesTorch(const std::string& fixture, Method& method) {
  test::Fixture f("optim/" + fixture + ".txt");
  Tensor<double> w = f.get("w0").clone();
  for (int i = 0; i < 5; ++i) {
    method.update(w, f.get("g" + std::to_string(i)));
    const Tensor<double>& expected = f.get("w" + std::to_string(i + 1));
    for (int64_t j = 0; j < w.numel(); ++j)
      EXPECT_NEAR(w.data()[j], expected.data()[j], 1e-12) << fixture << " step " << i + 1 << " element " << j;
  }
}

TEST(SGD, MatchesTorchPlain) {
  SGD<double> m(SGDOptions().lr(0.1));
  expectMatchesTorch("sgd_plain", m);
}
TEST(SGD, MatchesTorchMomentumDampeningWeightDecay) {
  SGD<double> m(SGDOptions().lr(0.1).withMomentum(0.9).withDampening(0.1).decay(0.01));
  expectMatchesTorch("sgd_momentum", m);
}
TEST(SGD, MatchesTorchNesterov) {
  SGD<double> m(SGDOptions().lr(0.05).withMomentum(0.8).withNesterov(true).decay(0.001));
  expectMatchesTorch("sgd_nesterov", m);
}
TEST(Adam, MatchesTorch) {
  Adam<double> m(AdamOptions().lr(0.01).betas(0.9, 0.99).eps(1e-6).decay(0.01));
  expectMatchesTorch("adam", m);
}

TEST(OptimMethod, RestoredStateContinuesIdentically) {
  auto w1 = Tensor<float>::fromVector({3}, {1, 2, 3});
  auto g = Tensor<float>::fromVector({3}, {0.1f, -0.2f, 0.3f});
  Adam<float> a(AdamOptions().lr(0.1));
  a.update(w1, g);
  auto w2 = w1.clone();
  Adam<float> b(AdamOptions().lr(0.1));
  OptimState<float> saved = a.state();
  for (auto& [k, t] : saved.tensors) t = t.clone();
  b.setState(saved);
  a.update(w1, g);
  b.update(w2, g);
  EXPECT_EQ(w1.toVector(), w2.toVector());
}

TEST(OptimMethod, BadOptionsNameTheFieldAndRange) {
  try {
    SGD<float> s(SGDOptions().withMomentum(1.5));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("momentum must be in [0, 1)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(SGD<float>(SGDOptions().withNesterov(true)), Error);
  EXPECT_THROW(Adam<float>(AdamOptions().betas(1.0, 0.9)), Error);
  SGD<float> s(SGDOptions().withMomentum(0.9));
  auto w = Tensor<float>({4});
  s.update(w, Tensor<float>({4}));
  auto w5 = Tensor<float>({5});
  EXPECT_THROW(s.update(w5, Tensor<float>({5})), Error);
}

}  // namespace
}  // namespace ringdl
