// RoiAlign: a hand-worked sample, the mode option and the roi errors (gradients, PyTorch values with and
// without aligned and adaptive sampling, configuration are in conformance_test.cpp).
#include "ringdl/nn/layers/pooling/roi_align.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

TEST(RoiAlign, OneSampleIsABilinearInterpolation) {
  // One bin of one sample at the box's centre: the box (0.5, 0.5)-(1.5, 1.5) at scale 1 samples (1, 1), cell
  // (1, 1) exactly; shifted by a quarter cell it mixes cells (1, 1), (1, 2), (2, 1) and (2, 2).
  RoiAlign<double> layer(1.0, 1, 1, 1);
  const Tensor<double> x = Tensor<double>::fromVector({1, 1, 3, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8});
  auto run = [&](std::vector<double> box) {
    return layer
        .forward(Activity<double>::table(
            {Activity<double>(x), Activity<double>(Tensor<double>::fromVector({1, 5}, box))}))
        .toTensor()
        .toVector()[0];
  };
  EXPECT_DOUBLE_EQ(run({0, 0.5, 0.5, 1.5, 1.5}), 4.0);
  EXPECT_DOUBLE_EQ(run({0, 0.75, 0.75, 1.75, 1.75}),
                   0.25 * 0.25 * 8 + 0.25 * 0.75 * (5 + 7) + 0.75 * 0.75 * 4);
}

TEST(RoiAlign, ModeIsAvgOrMax) {
  EXPECT_CONTAINS(errorOf([] { RoiAlign<float>(0.5, 2, 2, 2, "mean"); }), "mode 'mean' is not one of");
  EXPECT_NO_THROW(RoiAlign<float>(0.5, 2, 2, 2, "avg"));
  EXPECT_NO_THROW(RoiAlign<float>(0.5, 2, 2, 2, "max"));
}

TEST(RoiAlign, ABatchIndexThatNamesNoImageIsAnError) {
  RoiAlign<float> layer(0.5, 2, 2, 2);
  const Activity<float> in =
      Activity<float>::table({Activity<float>(Tensor<float>({1, 2, 6, 6})),
                              Activity<float>(Tensor<float>::fromVector({1, 5}, {1, 0, 0, 4, 4}))});
  const std::string msg = errorOf([&] { layer.forward(in); });
  EXPECT_CONTAINS(msg, "(RoiAlign)");
  EXPECT_CONTAINS(msg, "roi 0 has batch index 1");
}

}  // namespace
}  // namespace ringdl
