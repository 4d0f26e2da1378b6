// Tanh: gradients on several shapes, PyTorch reference values in double and float, strided input, shape
// errors.
#include "ringdl/nn/layers/activation/activations.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/grad_check.h"
#include "support/layer_fixture.h"

namespace ringdl {
namespace {

TEST(Tanh, Gradients) {
  for (const Shape& shape : {Shape{7}, Shape{4, 5}, Shape{2, 3, 4, 4}}) {
    SCOPED_TRACE(toString(shape));
    Tanh<double> layer;
    test::expectGradientsMatch(layer, test::randomTensor(shape, 7, -3, 3));
  }
}

TEST(Tanh, MatchesPyTorch) {
  const test::Fixture fixture("activations_criterions/tanh.txt");
  for (const char* name : {"matrix", "image"}) {
    Tanh<double> d;
    test::expectLayerMatchesFixture(d, fixture, name);
    Tanh<float> f;
    test::expectLayerMatchesFixture(f, fixture, name);
  }
}

TEST(Tanh, StridedInputMatchesElementwiseFormula) {
  const Tensor<double> x = test::randomTensor({3, 4}, 11, -4, 4).transpose(0, 1);
  Tanh<double> layer;
  const Tensor<double> y = layer.forward(x).toTensor();
  ASSERT_EQ(y.shape(), (Shape{4, 3}));
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 3; ++j) {
      const double v = x.at({i, j});
      EXPECT_NEAR(y.at({i, j}), std::tanh(v), 1e-14);
    }
}

TEST(Tanh, GradOutputShapeMismatchNamesLayer) {
  Tanh<float> layer;
  layer.setName("act1");
  layer.forward(Tensor<float>({2, 3}));
  try {
    layer.backward(Tensor<float>({2, 3}), Tensor<float>({3, 2}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("act1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("Tanh"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[3, 2]"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace ringdl
