// LarsSGD against You et al. 2017 (Large Batch Training of Convolutional Networks, algorithm 1) written out
// here: a local rate per layer from its weight and gradient norms, momentum on the scaled step, with BigDL's
// learning-rate decay; the layers are the parameter layout the engine gives.
#include "ringdl/optim/lars_sgd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "ringdl/optim/registry.h"
#include "support/error_text.h"

namespace ringdl {
namespace {

constexpr int kN = 11;
const std::vector<ParamSpan> kLayers = {{"0.weight", 0, 6}, {"0.bias", 6, 8}, {"2.weight", 8, 11}};

std::vector<double> gradientAt(const std::vector<double>& w, int k) {
  std::vector<double> g(w.size());
  for (size_t i = 0; i < w.size(); ++i)
    g[i] = (0.5 + 0.2 * i) * (w[i] - (0.3 * i - 1.0)) + 0.5 * std::sin(1.3 * k + 0.7 * i);
  return g;
}

std::vector<double> paperTrajectory(const LarsSGDOptions& o, const std::vector<ParamSpan>& layers,
                                    int steps) {
  std::vector<double> w(kN), v(kN, 0.0);
  for (int i = 0; i < kN; ++i) w[i] = 0.1 * i - 0.4;
  for (int k = 0; k < steps; ++k) {
    const std::vector<double> g = gradientAt(w, k);
    const double gamma = o.learningRate / (1 + k * o.learningRateDecay);  // the global rate
    for (const ParamSpan& l : layers) {
      double ww = 0, gg = 0;
      for (int64_t i = l.begin; i < l.end; ++i) ww += w[i] * w[i], gg += g[i] * g[i];
      const double local = o.trust * std::sqrt(ww) / (std::sqrt(gg) + o.weightDecay * std::sqrt(ww));
      for (int64_t i = l.begin; i < l.end; ++i) {
        v[i] = o.momentum * v[i] + gamma * local * (g[i] + o.weightDecay * w[i]);
        w[i] -= v[i];
      }
    }
  }
  return w;
}

template <typename T>
std::vector<double> ringdlTrajectory(const LarsSGDOptions& o, const std::vector<ParamSpan>& layers,
                                     int steps) {
  LarsSGD<T> lars(o);
  if (!layers.empty()) lars.setParameterLayout(layers);
  Tensor<T> w({kN}), g({kN});
  for (int i = 0; i < kN; ++i) w.data()[i] = static_cast<T>(0.1 * i - 0.4);
  for (int k = 0; k < steps; ++k) {
    std::vector<double> wd(kN);
    for (int i = 0; i < kN; ++i) wd[i] = w.data()[i];
    const std::vector<double> gd = gradientAt(wd, k);
    for (int i = 0; i < kN; ++i) g.data()[i] = static_cast<T>(gd[i]);
    lars.update(w, g);
  }
  std::vector<double> out(kN);
  for (int i = 0; i < kN; ++i) out[i] = w.data()[i];
  return out;
}

TEST(LarsSGD, FollowsThePapersUpdateRulePerLayer) {
  LarsSGDOptions bigdl;  // BigDL's defaults: lr 1e-3, decay 0.01, weight decay 5e-4, momentum 0.5, trust 1
  LarsSGDOptions strong;
  strong.learningRate = 0.5;
  strong.learningRateDecay = 0;
  strong.weightDecay = 0.01;
  strong.momentum = 0.9;
  strong.trust = 0.02;
  for (const LarsSGDOptions& o : {bigdl, strong}) {
    const std::vector<double> expected = paperTrajectory(o, kLayers, 300);
    const std::vector<double> d = ringdlTrajectory<double>(o, kLayers, 300);
    const std::vector<double> f = ringdlTrajectory<float>(o, kLayers, 300);
    for (int i = 0; i < kN; ++i) {
      EXPECT_NEAR(d[i], expected[i], 1e-12) << "element " << i << " lr " << o.learningRate;
      EXPECT_NEAR(f[i], expected[i], 1e-5) << "element " << i << " lr " << o.learningRate;
    }
  }
}

TEST(LarsSGD, WithoutALayoutTheBufferIsOneLayer) {
  LarsSGDOptions o;
  o.learningRate = 0.3;
  const std::vector<double> expected = paperTrajectory(o, {{"all", 0, kN}}, 50);
  const std::vector<double> got = ringdlTrajectory<double>(o, {}, 50);
  const std::vector<double> perLayer = ringdlTrajectory<double>(o, kLayers, 50);
  for (int i = 0; i < kN; ++i) EXPECT_NEAR(got[i], expected[i], 1e-12);
  EXPECT_NE(got, perLayer);  // the layout matters
}

TEST(LarsSGD, ZeroNormsGiveLocalRateOne) {
  LarsSGDOptions o;
  o.learningRate = 0.1;
  o.learningRateDecay = 0;
  o.weightDecay = 0;
  LarsSGD<double> lars(o);
  auto w = Tensor<double>::fromVector({2}, {0.0, 0.0});
  lars.update(w, Tensor<double>::fromVector({2}, {1.0, -2.0}));  // ||w|| = 0: plain SGD with momentum
  EXPECT_DOUBLE_EQ(w.at({0}), -0.1);
  EXPECT_DOUBLE_EQ(w.at({1}), 0.2);
}

TEST(LarsSGD, ALayoutOfOtherBuffersIsAnError) {
  LarsSGD<float> lars;
  lars.setParameterLayout(kLayers);
  Tensor<float> w({5}), g({5});
  EXPECT_CONTAINS(test::errorOf([&] { lars.update(w, g); }), "LarsSGD was given a parameter layout of 11");
  EXPECT_CONTAINS(test::errorOf([] { createOptimMethod<float>("LarsSGD", Attributes().set("trust", 0.0)); }),
                  "LarsSGD trust must be > 0, got 0");
}

}  // namespace
}  // namespace ringdl
