// SpatialCrossMapLRN: the window of an even size worked by hand (PyTorch's placement, one channel further
// back than forward), option checks and error wording (conformance_test.cpp has the gradient check and
// PyTorch's values for odd and even sizes, a sample and a window wider than the channels).
#include "ringdl/nn/layers/normalization/spatial_cross_map_lrn.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

TEST(SpatialCrossMapLRN, EvenWindowReachesBackFurther) {
  // Four channels of one value each, x = 1, 2, 3, 4; size 2: channel f sums channels f - 1 and f.
  SpatialCrossMapLRN<double> lrn(2, 2.0, 1.0, 1.0);
  const Tensor<double> x = Tensor<double>::fromVector({1, 4, 1, 1}, {1, 2, 3, 4});
  const std::vector<double> y = lrn.forward(x).toTensor().toVector();
  const double sums[] = {1, 1 + 4, 4 + 9, 9 + 16};
  for (int f = 0; f < 4; ++f) EXPECT_NEAR(y[f], (f + 1) / (1 + 2.0 / 2 * sums[f]), 1e-12) << f;
}

TEST(SpatialCrossMapLRN, SampleEqualsBatchOfOne) {
  SpatialCrossMapLRN<double> lrn(3);
  const Tensor<double> x = Tensor<double>::fromVector({3, 1, 2}, {0.5, -1, 2, 0.25, -0.75, 1.5});
  const std::vector<double> one = lrn.forward(x).toTensor().toVector();
  const std::vector<double> batch = lrn.forward(x.reshape({1, 3, 1, 2})).toTensor().toVector();
  EXPECT_EQ(one, batch);
}

TEST(SpatialCrossMapLRN, ErrorsSayWhatWasExpected) {
  EXPECT_CONTAINS(errorOf([] { SpatialCrossMapLRN<float>(0); }),
                  "SpatialCrossMapLRN: size (channels in the window) must be >= 1, got 0");
  EXPECT_CONTAINS(errorOf([] { SpatialCrossMapLRN<float>(5, 1.0, 0.75, 0.0); }),
                  "SpatialCrossMapLRN: k must be > 0 (the divisor's base), got 0");
  SpatialCrossMapLRN<float> lrn;
  lrn.setName("norm1");
  EXPECT_CONTAINS(
      errorOf([&] {
        lrn.forward(Tensor<float>({4, 5}));
      }),
      "layer 'norm1' (SpatialCrossMapLRN): expected input of shape [N, C, H, W] or [C, H, W], got [4, 5]");
}

}  // namespace
}  // namespace ringdl
