// LayerNormalization: BigDL's eps (1e-6) as the default, the initial affine parameters, the error wording,
// and the statistics of each vector alone (conformance_test.cpp has the gradient check and PyTorch's values).
#include "ringdl/nn/layers/normalization/layer_normalization.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ringdl/nn/registry.h"
#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

TEST(LayerNormalization, DefaultsAreBigDLs) {
  LayerNormalization<float> ln(4);
  EXPECT_EQ(ln.options().eps, 1e-6);
  EXPECT_EQ(ln.weight().toVector(), (std::vector<float>{1, 1, 1, 1}));
  EXPECT_EQ(ln.bias().toVector(), (std::vector<float>{0, 0, 0, 0}));
  EXPECT_TRUE(
      createModule<float>("LayerNormalization", Attributes().set("hiddenSize", int64_t{4}))->config() ==
      Attributes().set("hiddenSize", int64_t{4}).set("eps", 1e-6));
}

TEST(LayerNormalization, EachVectorOnItsOwn) {
  // Two vectors with different means and spreads: each gives the same normalised values.
  LayerNormalization<double> ln(3, 0.0);
  const Tensor<double> x = Tensor<double>::fromVector({2, 3}, {1, 2, 3, 10, 30, 50});
  const std::vector<double> y = ln.forward(x).toTensor().toVector();
  const double a = std::sqrt(1.5);  // 1 / sqrt(2/3)
  const std::vector<double> expected = {-a, 0, a, -a, 0, a};
  for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], expected[i], 1e-12) << i;
}

TEST(LayerNormalization, ErrorsSayWhatWasExpected) {
  EXPECT_CONTAINS(errorOf([] { LayerNormalization<float>(0); }),
                  "LayerNormalization: hiddenSize (the size of the last dimension) must be positive, got 0");
  LayerNormalization<float> ln(4);
  ln.setName("ln");
  EXPECT_CONTAINS(errorOf([&] {
                    ln.forward(Tensor<float>({2, 4, 3}));
                  }),
                  "layer 'ln' (LayerNormalization): expected input of shape [..., 4] (the last dimension "
                  "hiddenSize), got [2, 4, 3]");
}

}  // namespace
}  // namespace ringdl
