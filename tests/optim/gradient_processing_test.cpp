// The engine's gradient processing: regularisers (global and a layer's) and clipping (constant and by the
// whole gradient's L2 norm) against their formulas on one full-batch iteration, the L2 regulariser against
// SGD's weight_decay (PyTorch's), and the errors.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "ringdl/data/array_data_set.h"
#include "ringdl/nn.h"
#include "ringdl/optim/optimizer.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

constexpr int64_t kRecords = 20;

ModulePtr<double> model() {
  Random::global().seed(11);
  auto m = std::make_shared<Sequential<double>>();
  m->emplace<Linear<double>>(5, 8)
      .emplace<Tanh<double>>()
      .emplace<Linear<double>>(8, 3)
      .emplace<LogSoftMax<double>>();
  return m;
}

std::shared_ptr<ArrayDataSet<double>> data() {
  Random r(4);
  Tensor<double> x({kRecords, 5}), y({kRecords});
  r.fillNormal(x, 0, 2);
  for (int64_t i = 0; i < kRecords; ++i) y.data()[i] = static_cast<double>(r.below(3));
  return std::make_shared<ArrayDataSet<double>>(x, y, /*seed=*/1);
}

// One iteration over the whole data set with plain SGD (lr 0.5), `setup` configuring the engine.
template <typename Setup>
std::vector<double> trainOnce(ModulePtr<double> m, Setup setup, int64_t iterations = 1,
                              std::shared_ptr<SGD<double>> sgd = nullptr) {
  std::ostringstream log;
  Optimizer<double> opt(m, data(), std::make_shared<ClassNLLCriterion<double>>(), kRecords);
  opt.setOptimMethod(sgd ? sgd : std::make_shared<SGD<double>>(SGDOptions().lr(0.5)))
      .setEndWhen(Trigger::maxIteration(iterations))
      .setLogOptions({&log, 1000, 0});
  setup(opt);
  opt.optimize();
  return m->getParameters().first.toVector();
}

// The whole data set's gradient at the model's weights, and the weights.
std::pair<std::vector<double>, std::vector<double>> gradientOf(ModulePtr<double> m) {
  auto [w, g] = m->getParameters();
  g.zero();
  auto set = data();
  set->reset();
  MiniBatch<double> b = set->nextBatch(kRecords);
  ClassNLLCriterion<double> criterion;
  const Activity<double>& out = m->forward(b.input());
  criterion.forward(out, b.target());
  m->backward(b.input(), criterion.backward(out, b.target()));
  return {w.toVector(), g.toVector()};
}

void expectNear(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_NEAR(got[i], want[i], 1e-12) << "weight " << i;
}

TEST(GradientProcessing, ClippingByL2NormScalesTheWholeGradient) {
  auto [w, g] = gradientOf(model());
  double norm = 0;
  for (double v : g) norm += v * v;
  norm = std::sqrt(norm);
  const double maxNorm = norm / 3;  // clips
  std::vector<double> want(w.size());
  for (size_t i = 0; i < w.size(); ++i) want[i] = w[i] - 0.5 * g[i] * maxNorm / norm;
  expectNear(trainOnce(model(), [&](Optimizer<double>& o) { o.setGradientClippingByl2Norm(maxNorm); }), want);
  // Below the norm nothing changes.
  for (size_t i = 0; i < w.size(); ++i) want[i] = w[i] - 0.5 * g[i];
  expectNear(trainOnce(model(), [&](Optimizer<double>& o) { o.setGradientClippingByl2Norm(norm * 1.01); }),
             want);
}

TEST(GradientProcessing, ConstantClippingClampsEveryElementThenTheNorm) {
  auto [w, g] = gradientOf(model());
  std::vector<double> clamped(g.size());
  double norm = 0;
  for (size_t i = 0; i < g.size(); ++i) {
    clamped[i] = std::min(std::max(g[i], -0.01), 0.02);
    norm += clamped[i] * clamped[i];
  }
  norm = std::sqrt(norm);
  std::vector<double> want(w.size());
  for (size_t i = 0; i < w.size(); ++i) want[i] = w[i] - 0.5 * clamped[i];
  expectNear(trainOnce(model(), [](Optimizer<double>& o) { o.setConstantGradientClipping(-0.01, 0.02); }),
             want);
  for (size_t i = 0; i < w.size(); ++i) want[i] = w[i] - 0.5 * clamped[i] * (norm / 2) / norm;
  expectNear(trainOnce(model(),
                       [&](Optimizer<double>& o) {
                         o.setConstantGradientClipping(-0.01, 0.02).setGradientClippingByl2Norm(norm / 2);
                       }),
             want);
  // disableGradientClipping turns both off.
  for (size_t i = 0; i < w.size(); ++i) want[i] = w[i] - 0.5 * g[i];
  expectNear(trainOnce(model(),
                       [](Optimizer<double>& o) {
                         o.setConstantGradientClipping(-0.01, 0.02).setGradientClippingByl2Norm(1e-3);
                         o.disableGradientClipping();
                       }),
             want);
}

TEST(GradientProcessing, RegularisersAddTheirTermsBeforeClipping) {
  // A layer's L1L2 on the first Linear's weight (the flat buffer's first 40 values) and a global L2.
  auto [w, g] = gradientOf(model());
  std::vector<double> d(g.size());
  for (size_t i = 0; i < g.size(); ++i) {
    const double sign = (w[i] > 0) - (w[i] < 0);
    d[i] = g[i] + 0.02 * w[i] + (i < 40 ? 0.003 * sign + 0.1 * w[i] : 0.0);
  }
  std::vector<double> want(w.size());
  for (size_t i = 0; i < w.size(); ++i) want[i] = w[i] - 0.5 * d[i];
  ModulePtr<double> m = model();
  dynamic_cast<Linear<double>&>(*m->children()[0]).setRegularizers(L1L2Regularizer(0.003, 0.1));
  expectNear(trainOnce(m, [](Optimizer<double>& o) { o.setRegularizer(L2Regularizer(0.02)); }), want);
}

TEST(GradientProcessing, AGlobalL2RegularizerIsSGDsWeightDecay) {
  // PyTorch's weight_decay is the L2 term l2 * w added to the gradient: over several iterations with
  // momentum, SGD(weight_decay) and SGD + L2Regularizer train alike.
  const auto decayed = trainOnce(
      model(), [](Optimizer<double>&) {}, 5,
      std::make_shared<SGD<double>>(SGDOptions().lr(0.3).withMomentum(0.9).decay(0.05)));
  const auto regularised = trainOnce(
      model(), [](Optimizer<double>& o) { o.setRegularizer(L2Regularizer(0.05)); }, 5,
      std::make_shared<SGD<double>>(SGDOptions().lr(0.3).withMomentum(0.9)));
  expectNear(regularised, decayed);
  const auto plain = trainOnce(
      model(), [](Optimizer<double>&) {}, 5,
      std::make_shared<SGD<double>>(SGDOptions().lr(0.3).withMomentum(0.9)));
  EXPECT_GT(std::abs(plain[0] - decayed[0]), 1e-6) << "the decay must matter for this test to mean anything";
}

TEST(GradientProcessing, ErrorsSayWhatToFix) {
  Optimizer<double> opt(model(), data(), std::make_shared<ClassNLLCriterion<double>>(), 4);
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.message());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([&] { opt.setGradientClippingByl2Norm(0); }).find("needs max_norm > 0, got 0"),
            std::string::npos);
  EXPECT_NE(
      message([&] { opt.setConstantGradientClipping(1, -1); }).find("needs finite min <= max, got min 1"),
      std::string::npos);
  EXPECT_NE(message([&] { opt.setRegularizer(L1Regularizer(-1)); }).find("l1 >= 0 and l2 >= 0, got -1"),
            std::string::npos);
}

}  // namespace
}  // namespace ringdl
