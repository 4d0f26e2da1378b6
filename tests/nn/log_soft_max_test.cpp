// LogSoftMax: gradients and PyTorch reference values for every supported rank (the class dimension is the
// last of [C] and [N, C], the channel dimension of [C, H, W] and [N, C, H, W]), stability for large inputs,
// errors.
#include "ringdl/nn/layers/activation/log_soft_max.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ringdl/tensor/math.h"
#include "support/grad_check.h"
#include "support/layer_fixture.h"

namespace ringdl {
namespace {

TEST(LogSoftMax, Gradients) {
  for (const Shape& shape : {Shape{7}, Shape{4, 10}, Shape{3, 4, 5}, Shape{2, 3, 4, 5}}) {
    SCOPED_TRACE(toString(shape));
    LogSoftMax<double> layer;
    test::expectGradientsMatch(layer, test::randomTensor(shape, 3, -3, 3));
  }
}

TEST(LogSoftMax, MatchesPyTorch) {
  const test::Fixture fixture("activations_criterions/log_soft_max.txt");
  for (const char* name : {"vector", "matrix", "large", "image", "batch"}) {
    LogSoftMax<double> d;
    test::expectLayerMatchesFixture(d, fixture, name);
    LogSoftMax<float> f;
    test::expectLayerMatchesFixture(f, fixture, name);
  }
}

// Viewing the input as [outer, classes, inner], probabilities over the class dimension sum to 1.
void expectNormalised(const Tensor<double>& y, int64_t outer, int64_t classes, int64_t inner) {
  const Tensor<double> v = y.contiguous().view({outer, classes, inner});
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t s = 0; s < inner; ++s) {
      double sum = 0;
      for (int64_t c = 0; c < classes; ++c) sum += std::exp(v.at({o, c, s}));
      EXPECT_NEAR(sum, 1.0, 1e-12) << "at outer " << o << ", position " << s;
    }
}

TEST(LogSoftMax, NormalisesOverTheClassDimension) {
  LogSoftMax<double> layer;
  expectNormalised(layer.forward(test::randomTensor({6})).toTensor(), 1, 6, 1);
  expectNormalised(layer.forward(test::randomTensor({3, 6})).toTensor(), 3, 6, 1);
  expectNormalised(layer.forward(test::randomTensor({4, 3, 2})).toTensor(), 1, 4, 6);
  expectNormalised(layer.forward(test::randomTensor({2, 4, 3, 2})).toTensor(), 2, 4, 6);
}

TEST(LogSoftMax, StableForLargeInputs) {
  for (double big : {1e4, -1e4, 3e38}) {
    LogSoftMax<float> layer;
    // Without max subtraction, exp() gives inf/inf or 0/0 here.
    const float b = static_cast<float>(big);
    const auto& y = layer.forward(Tensor<float>::fromVector({1, 2}, {b, b})).toTensor();
    for (float v : y.toVector()) EXPECT_FALSE(std::isnan(v)) << "input " << big;
    const float expected = std::log(0.5f);
    EXPECT_NEAR(y.at({0, 0}), expected, 1e-6) << "input " << big;
  }
}

TEST(LogSoftMax, StridedInputMatchesContiguous) {
  const Tensor<double> x = test::randomTensor({5, 4}).transpose(0, 1);
  LogSoftMax<double> a, b;
  EXPECT_TRUE(allClose(a.forward(x).toTensor(), b.forward(x.contiguous()).toTensor(), 0, 0));
}

TEST(LogSoftMax, UnsupportedRankNamesLayerAndShape) {
  LogSoftMax<float> layer;
  layer.setName("probs");
  try {
    layer.forward(Tensor<float>({2, 2, 2, 2, 2}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("probs"), std::string::npos) << msg;
    EXPECT_NE(msg.find("LogSoftMax"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[2, 2, 2, 2, 2]"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace ringdl
