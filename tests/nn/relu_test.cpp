// ReLU: gradients (away from the kink), PyTorch reference values in double and float, shape errors.
#include "ringdl/nn/layers/activation/activations.h"

#include <gtest/gtest.h>

#include "support/grad_check.h"
#include "support/layer_fixture.h"

namespace ringdl {
namespace {

TEST(ReLU, Gradients) {
  // Values are kept away from 0, where ReLU is not differentiable and central differences would straddle it.
  Tensor<double> x = test::randomTensor({3, 4, 5}, 3, 0.1, 2.0);
  for (int64_t i = 0; i < x.numel(); i += 2) x.data()[i] = -x.data()[i];
  ReLU<double> layer;
  test::expectGradientsMatch(layer, x);
}

TEST(ReLU, MatchesPyTorch) {
  const test::Fixture fixture("linear_relu/relu.txt");
  for (const char* name : {"matrix", "image"}) {
    ReLU<double> d;
    test::expectLayerMatchesFixture(d, fixture, name);
    ReLU<float> f;
    test::expectLayerMatchesFixture(f, fixture, name);
  }
}

TEST(ReLU, GradOutputShapeMismatchNamesTheLayer) {
  ReLU<float> layer;
  layer.setName("act1");
  const Tensor<float> x({2, 3});
  layer.forward(x);
  try {
    layer.backward(x, Tensor<float>({3, 2}));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("layer 'act1' (ReLU)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("[3, 2]"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ringdl
