// Dropout: the statistics of inverted dropout, evaluate(), reproducibility from the global generator,
// in-place operation, configuration errors (gradients through a fixed mask, evaluate() values, configuration
// and saving are in conformance_test.cpp).
#include "ringdl/nn/layers/dropout/dropout.h"

#include <gtest/gtest.h>

#include "ringdl/tensor/math.h"
#include "ringdl/tensor/random.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TEST(Dropout, ZeroesAFractionPAndPreservesTheMean) {
  Random::global().seed(123);
  const int64_t n = 1 << 20;
  for (double p : {0.1, 0.5, 0.8}) {
    SCOPED_TRACE(p);
    Dropout<float> layer(p);
    const Tensor<float> x = Tensor<float>::full({n}, 2.0f);
    const Tensor<float>& y = layer.forward(x).toTensor();
    int64_t zeros = 0;
    for (float v : y.toVector()) {
      if (v == 0.0f)
        ++zeros;
      else
        EXPECT_FLOAT_EQ(v, static_cast<float>(2.0 / (1 - p)));
    }
    // Binomial standard deviation of the fraction is sqrt(p(1-p)/n) < 5e-4; allow about 10 of them.
    EXPECT_NEAR(static_cast<double>(zeros) / n, p, 5e-3);
    EXPECT_NEAR(sum(y) / n, 2.0, 2e-2);
  }
}

TEST(Dropout, EvaluateIsTheIdentity) {
  Dropout<float> layer(0.5);
  layer.evaluate();
  const Tensor<float> x = test::randomTensor({3, 4}).to<float>();
  const std::string before = Random::global().state();
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), x.toVector());
  EXPECT_FALSE(
      layer.output().toTensor().sharesStorageWith(x));  // a copy: later in-place layers cannot reach x
  EXPECT_EQ(Random::global().state(), before);          // and no random numbers are drawn
  const Tensor<float> g = test::randomTensor({3, 4}, 9).to<float>();
  EXPECT_EQ(layer.backward(x, g).toTensor().toVector(), g.toVector());
}

TEST(Dropout, WithoutScaleTrainingKeepsSurvivorsUnscaled) {
  // evaluate() multiplying by 1 - p is a hand-derived row of conformance_test.cpp.
  Dropout<double> layer(0.25, /*inplace=*/false, /*scale=*/false);
  const Tensor<double> x = test::randomTensor({50});
  for (int64_t i = 0; i < 50; ++i) {
    const double y = layer.forward(x).toTensor().data()[i];
    EXPECT_TRUE(y == 0 || y == x.data()[i]) << "training output must be 0 or the input, unscaled";
  }
}

TEST(Dropout, MaskDependsOnlyOnTheGlobalGeneratorState) {
  const Tensor<double> x = Tensor<double>::full({1000}, 1.0);
  Random::global().seed(42);
  Dropout<double> a(0.5);
  const std::vector<double> first = a.forward(x).toTensor().toVector();
  const std::vector<double> second = a.forward(x).toTensor().toVector();
  EXPECT_NE(first, second);  // the stream moves on between batches
  Random::global().seed(42);
  Dropout<float> b(0.5);
  const Tensor<double> replay = b.forward(x.to<float>()).toTensor().to<double>();
  EXPECT_EQ(replay.toVector(), first);  // same seed: same mask, in float as in double
}

TEST(Dropout, ZeroProbabilityIsTheIdentityAndDrawsNothing) {
  Dropout<double> layer(0.0);
  const Tensor<double> x = test::randomTensor({4, 4});
  const std::string before = Random::global().state();
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), x.toVector());
  EXPECT_EQ(Random::global().state(), before);
}

TEST(Dropout, InplaceOverwritesInputAndGradOutput) {
  Random::global().seed(5);
  Dropout<double> reference(0.5);
  const Tensor<double> x0 = test::randomTensor({8, 8});
  const Tensor<double> g0 = test::randomTensor({8, 8}, 3);
  const Tensor<double> y = reference.forward(x0).toTensor().clone();
  const Tensor<double> gi = reference.backward(x0, g0).toTensor().clone();

  Random::global().seed(5);
  Dropout<double> layer(0.5, /*inplace=*/true);
  Tensor<double> x = x0.clone(), g = g0.clone();
  const Tensor<double>& out = layer.forward(x).toTensor();
  EXPECT_EQ(out.data(), x.data());
  EXPECT_EQ(x.toVector(), y.toVector());
  const Tensor<double>& gradIn = layer.backward(x, g).toTensor();
  EXPECT_EQ(gradIn.data(), g.data());
  EXPECT_EQ(g.toVector(), gi.toVector());
}

TEST(Dropout, InplaceWithStridedInputFallsBackToACopy) {
  Random::global().seed(5);
  Dropout<double> layer(0.5, /*inplace=*/true);
  const Tensor<double> x = test::randomTensor({4, 6}).transpose(0, 1);
  const std::vector<double> before = x.toVector();
  const Tensor<double>& y = layer.forward(x).toTensor();
  EXPECT_EQ(x.toVector(), before);
  EXPECT_EQ(y.shape(), x.shape());
}

TEST(Dropout, ProbabilityIsChecked) {
  EXPECT_DOUBLE_EQ(Dropout<float>(Attributes()).p(), 0.5);
  for (double bad : {-0.1, 1.0, 1.5}) {
    try {
      Dropout<float> d(bad);
      FAIL() << "expected an error for p = " << bad;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("Dropout"), std::string::npos) << e.what();
    }
  }
}

TEST(Dropout, GradOutputShapeMismatchNamesLayer) {
  Dropout<float> layer;
  layer.setName("drop1");
  layer.forward(Tensor<float>({2, 3}));
  try {
    layer.backward(Tensor<float>({2, 3}), Tensor<float>({6}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    for (const char* part : {"drop1", "Dropout", "[6]", "[2, 3]"})
      EXPECT_NE(msg.find(part), std::string::npos) << "missing '" << part << "' in: " << msg;
  }
}

}  // namespace
}  // namespace ringdl
