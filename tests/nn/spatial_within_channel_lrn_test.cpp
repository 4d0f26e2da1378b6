// SpatialWithinChannelLRN: Caffe's divisor (the window's area, padding included) worked by hand at a corner,
// and odd sizes only (conformance_test.cpp has the gradient check and PyTorch's values).
#include "ringdl/nn/layers/normalization/spatial_within_channel_lrn.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

TEST(SpatialWithinChannelLRN, PaddingCountsInTheMean) {
  // One 2 x 2 plane of 1, 2, 3, 4 and a 3 x 3 window: every window holds the whole plane (sum of squares
  // 30) and is divided by 9, though only 4 of its values are inside.
  SpatialWithinChannelLRN<double> lrn(3, 0.9, 0.5);
  const Tensor<double> x = Tensor<double>::fromVector({1, 2, 2}, {1, 2, 3, 4});
  const std::vector<double> y = lrn.forward(x).toTensor().toVector();
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(y[i], (i + 1) / std::sqrt(1 + 0.9 * 30 / 9), 1e-12) << i;
}

TEST(SpatialWithinChannelLRN, OddSizesOnly) {
  EXPECT_CONTAINS(errorOf([] { SpatialWithinChannelLRN<float>(4); }),
                  "SpatialWithinChannelLRN: size (the window's side) must be odd and >= 1, got 4");
  SpatialWithinChannelLRN<float> lrn;
  lrn.setName("lrn");
  EXPECT_CONTAINS(
      errorOf([&] {
        lrn.forward(Tensor<float>({2, 1, 3, 3, 3}));
      }),
      "layer 'lrn' (SpatialWithinChannelLRN): expected input of shape [N, C, H, W] or [C, H, W], got "
      "[2, 1, 3, 3, 3]");
}

}  // namespace
}  // namespace ringdl
