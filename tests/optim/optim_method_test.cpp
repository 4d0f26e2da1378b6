// Optim methods: hand-computed steps, PyTorch trajectories (five given gradients for SGD and Adam; long runs
// of every method PyTorch has on a small problem, in float and double), state handling and option
// validation.
#include <gtest/gtest.h>

#include <cmath>

#include "ringdl/optim/adam.h"
#include "ringdl/optim/registry.h"
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

// The long runs of gen_optim.py: f(w) = sum(a/2 (w - c)^2 + 0.3 log(1 + w^2) + noise_k w) at step k, its
// gradient computed element by element in PyTorch's order; LBFGS runs without the noise.
template <typename T>
struct SmallProblem {
  Tensor<T> a, c;
  double noiseScale = 0.5;
  int64_t k = 0;  // the step, which picks the noise
  T noise(int64_t i) const {
    return static_cast<T>(noiseScale * std::sin(1.3 * static_cast<double>(k) + 0.7 * i));
  }
  double operator()(const Tensor<T>& w, Tensor<T>& g) const {
    T loss = 0;  // summed in T, as PyTorch's sum() of a float tensor: LBFGS compares losses
    for (int64_t i = 0; i < w.numel(); ++i) {
      const T x = w.data()[i], ai = a.data()[i], ci = c.data()[i];
      g.data()[i] = ai * (x - ci) + T(0.6) * x / (1 + x * x) + noise(i);
      loss += T(0.5) * ai * (x - ci) * (x - ci) + T(0.3) * std::log(1 + x * x) + noise(i) * x;
    }
    return loss;
  }
};

struct LongCase {
  std::string fixture;
  std::string type;
  Attributes options;
  int64_t steps;
  // PyTorch's AVX2 kernels fuse multiply-adds (addcmul, add with alpha), which round once where these loops
  // round twice: an ulp per operation, which the ill-conditioned updates (centred RMSprop's
  // sqrt(E[g^2] - E[g]^2), quasi-Newton steps and line-search decisions) magnify. Double runs agree to 1e-9.
  double floatTolerance = 1e-6;
};

std::vector<LongCase> longCases() {
  using A = Attributes;
  return {
      {"sgd_long", "SGD", A().set("learningRate", 0.05).set("momentum", 0.9).set("weightDecay", 0.01), 300},
      {"adam_long", "Adam",
       A().set("learningRate", 0.01)
           .set("beta1", 0.8)
           .set("beta2", 0.99)
           .set("epsilon", 1e-6)
           .set("weightDecay", 0.02),
       300},
      {"adamw", "AdamW", A().set("learningRate", 0.01), 300},
      {"adamw_options", "AdamW",
       A().set("learningRate", 0.02)
           .set("beta1", 0.85)
           .set("beta2", 0.95)
           .set("epsilon", 1e-5)
           .set("weightDecay", 0.1),
       300},
      {"adamax", "Adamax", A(), 300},
      {"adamax_options", "Adamax",
       A().set("learningRate", 0.01)
           .set("beta1", 0.8)
           .set("beta2", 0.9)
           .set("epsilon", 1e-4)
           .set("weightDecay", 0.05),
       300},
      {"adagrad", "Adagrad", A().set("learningRate", 0.1), 300},
      {"adagrad_options", "Adagrad",
       A().set("learningRate", 0.2)
           .set("learningRateDecay", 0.01)
           .set("weightDecay", 0.03)
           .set("initialAccumulatorValue", 0.5)
           .set("epsilon", 1e-6),
       300},
      {"adadelta", "Adadelta", A().set("epsilon", 1e-6), 300},
      {"adadelta_options", "Adadelta",
       A().set("learningRate", 0.5).set("decayRate", 0.8).set("epsilon", 1e-4).set("weightDecay", 0.05), 300},
      {"rmsprop", "RMSprop", A(), 300},
      {"rmsprop_centered", "RMSprop",
       A().set("learningRate", 0.005).set("decayRate", 0.9).set("epsilon", 1e-4).set("centered", true), 300,
       1e-5},
      {"rmsprop_momentum", "RMSprop",
       A().set("learningRate", 0.002).set("momentum", 0.8).set("weightDecay", 0.01), 300},
      {"rmsprop_centered_momentum", "RMSprop",
       A().set("learningRate", 0.003)
           .set("decayRate", 0.95)
           .set("momentum", 0.5)
           .set("centered", true)
           .set("weightDecay", 0.02),
       300},
      // PyTorch's tolerance_grad default (1e-7) and max_eval (max_iter * 5 / 4).
      {"lbfgs", "LBFGS",
       A().set("learningRate", 0.5)
           .set("maxIter", 5)
           .set("maxEval", 6)
           .set("nCorrection", 4)
           .set("tolFun", 1e-7),
       30, 2e-5},
      {"lbfgs_one_iteration", "LBFGS",
       A().set("learningRate", 0.2)
           .set("maxIter", 1)
           .set("maxEval", 1)
           .set("nCorrection", 6)
           .set("tolFun", 1e-7),
       100},
      {"lbfgs_strong_wolfe", "LBFGS",
       A().set("learningRate", 1.0)
           .set("maxIter", 6)
           .set("maxEval", 7)
           .set("nCorrection", 5)
           .set("tolFun", 1e-7)
           .set("lineSearch", "strong_wolfe"),
       // The first step agrees to 1e-8; the search then reaches the minimum, where a float loss fixes the
       // weights only to about sqrt(float epsilon), so where each run stops is decided by rounding.
       30, 5e-4},
  };
}

template <typename T>
void expectLongRunMatchesTorch(const LongCase& c, const char* tag, double tolerance) {
  SCOPED_TRACE(c.fixture + " " + tag);
  test::Fixture f("optim/" + c.fixture + ".txt");
  SmallProblem<T> problem{f.get("a").to<T>(), f.get("c").to<T>(), c.type == "LBFGS" ? 0.0 : 0.5};
  Tensor<T> w = f.get("w0").to<T>(), g({w.numel()});
  OptimMethodPtr<T> method = createOptimMethod<T>(c.type, c.options);
  int compared = 0;
  for (int64_t k = 0; k < c.steps; ++k) {
    problem.k = k;
    method->optimize([&] { return problem(w, g); }, w, g);
    const std::string key = tag + std::to_string(k + 1);
    if (!f.has(key)) continue;
    const Tensor<double>& expected = f.get(key);
    ++compared;
    for (int64_t i = 0; i < w.numel(); ++i) {
      ASSERT_NEAR(w.data()[i], expected.data()[i], tolerance * std::max(1.0, std::abs(expected.data()[i])))
          << "step " << k + 1 << " element " << i;
    }
  }
  EXPECT_GE(compared, 10);
}

TEST(OptimMethod, LongRunsMatchTorchInFloat) {
  for (const LongCase& c : longCases()) expectLongRunMatchesTorch<float>(c, "f", c.floatTolerance);
}

TEST(OptimMethod, LongRunsMatchTorchInDouble) {
  for (const LongCase& c : longCases()) expectLongRunMatchesTorch<double>(c, "d", 1e-9);
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
