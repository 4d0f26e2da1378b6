// Tanh: the vectorised kernel on a strided input (gradients, PyTorch values and errors are in
// conformance_test.cpp and relu_test.cpp).
#include <gtest/gtest.h>

#include <cmath>

#include "ringdl/nn/layers/activation/activations.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

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

}  // namespace
}  // namespace ringdl
