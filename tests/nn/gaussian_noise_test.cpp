// GaussianNoise: the added noise's mean and standard deviation, the gradient passed unchanged, evaluate()
// (configuration and saving are in conformance_test.cpp).
#include "ringdl/nn/layers/dropout/gaussian_noise.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ringdl/tensor/random.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TEST(GaussianNoise, AddsZeroMeanNoiseOfTheGivenDeviation) {
  Random::global().seed(12);
  const int64_t n = 1 << 18;
  GaussianNoise<double> layer(0.3);
  const Tensor<double> x = Tensor<double>::full({n}, 5.0);
  const Tensor<double>& y = layer.forward(x).toTensor();
  double mean = 0, square = 0;
  for (double v : y.toVector()) mean += v - 5, square += (v - 5) * (v - 5);
  mean /= n;
  // Standard errors: 0.3 / sqrt(n) < 6e-4 for the mean, 0.09 * sqrt(2 / n) < 3e-4 for the variance.
  EXPECT_NEAR(mean, 0.0, 5e-3);
  EXPECT_NEAR(std::sqrt(square / n - mean * mean), 0.3, 5e-3);
  const Tensor<double> g = test::randomTensor({n}, 3);
  EXPECT_EQ(layer.backward(x, g).toTensor().toVector(), g.toVector());
}

TEST(GaussianNoise, EvaluateIsTheIdentityAndDrawsNothing) {
  GaussianNoise<float> layer(1.0);
  layer.evaluate();
  const Tensor<float> x = test::randomTensor({3, 4}).to<float>();
  const std::string before = Random::global().state();
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), x.toVector());
  EXPECT_EQ(Random::global().state(), before);
}

TEST(GaussianNoise, NegativeDeviationIsAnError) {
  EXPECT_CONTAINS(test::errorOf([] { GaussianNoise<float>(-0.1); }), "stddev must be >= 0, got -0.1");
}

}  // namespace
}  // namespace ringdl
