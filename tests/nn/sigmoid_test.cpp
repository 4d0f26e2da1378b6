// Sigmoid: gradients on several shapes, PyTorch reference values in double and float, strided input, shape
// errors.
#include "ringdl/nn/layers/activation/activations.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/grad_check.h"
#include "support/layer_fixture.h"

namespace ringdl {
namespace {

TEST(Sigmoid, Gradients) {
  for (const Shape& shape : {Shape{7}, Shape{4, 5}, Shape{2, 3, 4, 4}}) {
    SCOPED_TRACE(toString(shape));
    Sigmoid<double> layer;
    test::expectGradientsMatch(layer, test::randomTensor(shape, 7, -3, 3));
  }
}

TEST(Sigmoid, MatchesPyTorch) {
  const test::Fixture fixture("activations_criterions/sigmoid.txt");
  for (const char* name : {"matrix", "image"}) {
    Sigmoid<double> d;
    test::expectLayerMatchesFixture(d, fixture, name);
    Sigmoid<float> f;
    test::expectLayerMatchesFixture(f, fixture, name);
  }
}

TEST(Sigmoid, StridedInputMatchesElementwiseFormula) {
  const Tensor<double> x = test::randomTensor({3, 4}, 11, -4, 4).transpose(0, 1);
  Sigmoid<double> layer;
  const Tensor<double> y = layer.forward(x).toTensor();
  ASSERT_EQ(y.shape(), (Shape{4, 3}));
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 3; ++j) {
      const double v = x.at({i, j});
      EXPECT_NEAR(y.at({i, j}), 1 / (1 + std::exp(-v)), 1e-14);
    }
}

TEST(Sigmoid, GradOutputShapeMismatchNamesLayer) {
  Sigmoid<float> layer;
  layer.setName("act1");
  layer.forward(Tensor<float>({2, 3}));
  try {
    layer.backward(Tensor<float>({2, 3}), Tensor<float>({3, 2}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("act1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("Sigmoid"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[3, 2]"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace ringdl
