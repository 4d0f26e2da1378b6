// NormalizeScale: the weight starts at `scale` in the shape `size` gives, the sizes it takes, a shared
// scale, and the exact gradients where the channel scales differ (BigDL's are not), plus the error wording
// (conformance_test.cpp has the gradient check and PyTorch's values with random scales).
#include "ringdl/nn/layers/normalization/normalize_scale.h"

#include <gtest/gtest.h>

#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using test::errorOf;

TEST(NormalizeScale, WeightStartsAtScaleInTheShapeOfSize) {
  NormalizeScale<float> ssd(2, 1e-10, 20, {1, 512, 1, 1});
  EXPECT_EQ(ssd.weight().shape(), (Shape{1, 512, 1, 1}));
  EXPECT_EQ(ssd.weight().toVector(), std::vector<float>(512, 20));
  EXPECT_EQ(ssd.parameters().size(), 1u);
}

TEST(NormalizeScale, ASharedScaleMultipliesEveryChannel) {
  NormalizeScale<double> n(2, 0.0, 10, {1});
  const Tensor<double> x = Tensor<double>::fromVector({1, 2, 1, 2}, {3, 1, 4, 0});
  const std::vector<double> y = n.forward(x).toTensor().toVector(), expected = {6, 10, 8, 0};
  for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], expected[i], 1e-14) << i;
}

TEST(NormalizeScale, ExactGradientsWithUnequalScales) {
  // BigDL scales the gradient after Normalize's backward, which is right only while every scale is equal.
  for (const Shape& size : {Shape{1, 3, 1, 1}, Shape{3}}) {
    NormalizeScale<double> n(3, 1e-10, 1, size);
    n.weight().copyFrom(Tensor<double>::fromVector(size, {0.5, -2, 3}));
    Tensor<double> x({2, 3, 2, 2});
    for (int64_t i = 0; i < x.numel(); ++i) x.data()[i] = 0.1 + 0.07 * i * (i % 2 ? 1 : -1);
    test::expectGradientsMatch(n, x);
  }
}

TEST(NormalizeScale, ErrorsSayWhatWasExpected) {
  EXPECT_CONTAINS(
      errorOf([] {
        NormalizeScale<float>(2, 1e-10, 20, {1, 3, 2, 1});
      }),
      "NormalizeScale: size (the weight's shape) must be C values, one per channel, with every other "
      "entry 1 ([C], [1, C, 1, 1], ...), or one value; got [1, 3, 2, 1]");
  EXPECT_CONTAINS(errorOf([] { NormalizeScale<float>(2, 1e-10, 20, {}); }), "got []");
  EXPECT_CONTAINS(errorOf([] { NormalizeScale<float>(0, 1e-10, 20, {3}); }),
                  "NormalizeScale: p must be >= 1 (or infinity), got 0");
  NormalizeScale<float> n(2, 1e-10, 20, {1, 3, 1, 1});
  n.setName("conv4_3_norm");
  EXPECT_CONTAINS(
      errorOf([&] {
        n.forward(Tensor<float>({2, 4, 5, 5}));
      }),
      "layer 'conv4_3_norm' (NormalizeScale): its weight of shape [1, 3, 1, 1] holds 3 channel scales, "
      "but the input [2, 4, 5, 5] has 4 channels (in dimension 1)");
}

}  // namespace
}  // namespace ringdl
