// GaussianDropout: the multiplicative noise's mean and variance, backward through the same noise, evaluate()
// (gradients through fixed noise, configuration and saving are in conformance_test.cpp).
#include "ringdl/nn/layers/dropout/gaussian_dropout.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ringdl/tensor/random.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TEST(GaussianDropout, NoiseHasMeanOneAndVarianceRateOverOneMinusRate) {
  Random::global().seed(11);
  const int64_t n = 1 << 18;
  for (double rate : {0.2, 0.5}) {
    SCOPED_TRACE(rate);
    GaussianDropout<double> layer(rate);
    const Tensor<double> x = Tensor<double>::full({n}, 2.0);
    const Tensor<double>& y = layer.forward(x).toTensor();
    double mean = 0, square = 0;
    for (double v : y.toVector()) mean += v / 2, square += (v / 2) * (v / 2);
    mean /= n;
    const double variance = square / n - mean * mean, expected = rate / (1 - rate);
    // Standard errors: sqrt(var / n) < 2e-3 for the mean, about var * sqrt(2 / n) < 3e-3 for the variance.
    EXPECT_NEAR(mean, 1.0, 1e-2);
    EXPECT_NEAR(variance, expected, 2e-2);
    const Tensor<double> g = Tensor<double>::full({n}, 1.0);
    const Tensor<double>& gx = layer.backward(x, g).toTensor();
    for (int64_t i = 0; i < n; i += 997) EXPECT_DOUBLE_EQ(gx.data()[i], y.data()[i] / 2);
  }
}

TEST(GaussianDropout, EvaluateIsTheIdentityAndDrawsNothing) {
  GaussianDropout<float> layer(0.4);
  layer.evaluate();
  const Tensor<float> x = test::randomTensor({3, 4}).to<float>();
  const std::string before = Random::global().state();
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), x.toVector());
  EXPECT_EQ(Random::global().state(), before);
}

TEST(GaussianDropout, RateOutsideTheRangeIsAnError) {
  EXPECT_CONTAINS(test::errorOf([] { GaussianDropout<float>(1.0); }), "rate must be in [0, 1), got 1");
}

}  // namespace
}  // namespace ringdl
