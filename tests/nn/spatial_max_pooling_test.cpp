// SpatialMaxPooling: NaN as PyTorch treats it, a maximum shared by overlapping windows, error messages
// (gradients, PyTorch values with padding and ceilMode, configuration and naming are in
// conformance_test.cpp).
#include "ringdl/nn/layers/pooling/spatial_max_pooling.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace ringdl {
namespace {

// ---- behaviour ----

TEST(SpatialMaxPooling, NaNWinsAndStaysAsInPyTorch) {
  // 2x2 windows: a NaN before a larger value, two NaNs (the last one wins, as in PyTorch), all -inf; with
  // ceilMode and a seventh column, a partial window too, which takes the general (clipped) path.
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  for (const bool ceilMode : {false, true}) {
    SCOPED_TRACE(ceilMode ? "clipped windows" : "fixed-size windows");
    SpatialMaxPooling<float> layer(2, 2, 2, 2, 0, 0, ceilMode);
    const Tensor<float> x = Tensor<float>::fromVector({1, 2, 7}, {nan, 5, 1, nan, -inf, -inf, 0.5f,  //
                                                                  1, 2, 3, nan, -inf, -inf, -1});
    const std::vector<float> y = layer.forward(x).toTensor().toVector();
    ASSERT_EQ(y.size(), ceilMode ? 4u : 3u);
    EXPECT_TRUE(std::isnan(y[0]));
    EXPECT_TRUE(std::isnan(y[1]));
    EXPECT_EQ(y[2], -inf);
    if (ceilMode) EXPECT_EQ(y[3], 0.5f);
    const Tensor<float> gradOutput = ceilMode ? Tensor<float>::fromVector({1, 1, 4}, {1, 2, 3, 4})
                                              : Tensor<float>::fromVector({1, 1, 3}, {1, 2, 3});
    const auto& gi = layer.backward(x, gradOutput).toTensor();
    EXPECT_EQ(gi.toVector(), (std::vector<float>{1, 0, 0, 0, 3, 0, ceilMode ? 4.0f : 0.0f,  //
                                                 0, 0, 0, 2, 0, 0, 0}));
  }
}

TEST(SpatialMaxPooling, OverlappingWindowsAccumulateGradient) {
  // The centre element is the maximum of all four 2x2 windows (stride 1) over a 3x3 plane.
  SpatialMaxPooling<double> layer(2, 2, 1, 1);
  Tensor<double> x({1, 3, 3});
  x.at({0, 1, 1}) = 5;
  layer.forward(x);
  const auto& gi = layer.backward(x, Tensor<double>::full({1, 2, 2}, 1.0)).toTensor();
  EXPECT_EQ(gi.at({0, 1, 1}), 4.0);
}

// ---- errors ----

std::string errorOf(SpatialMaxPooling<float>& layer, const Shape& inputShape) {
  try {
    layer.forward(Tensor<float>(inputShape));
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SpatialMaxPooling, WindowLargerThanInputNamesTheShapes) {
  SpatialMaxPooling<float> layer(3, 3, 2, 2);
  const std::string msg = errorOf(layer, {8, 12, 2, 2});
  ASSERT_FALSE(msg.empty()) << "expected an error";
  EXPECT_NE(msg.find("3x3 window"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[8, 12, 2, 2]"), std::string::npos) << msg;
}

TEST(SpatialMaxPooling, WrongRankNamesTheShape) {
  SpatialMaxPooling<float> layer(2, 2, 2, 2);
  const std::string msg = errorOf(layer, {128, 784});
  EXPECT_NE(msg.find("[N, C, H, W]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[128, 784]"), std::string::npos) << msg;
}

TEST(SpatialMaxPooling, PaddingOverHalfTheWindowIsAnError) {
  EXPECT_THROW(SpatialMaxPooling<float>(2, 2, 2, 2, 2, 0), Error);
  EXPECT_THROW(SpatialMaxPooling<float>(2, 2, 0, 2), Error);
}

TEST(SpatialMaxPooling, WrongGradOutputShapeIsAnError) {
  SpatialMaxPooling<float> layer(2, 2, 2, 2);
  const Tensor<float> x({2, 3, 4, 4});
  layer.forward(x);
  EXPECT_THROW(layer.backward(x, Tensor<float>({2, 3, 3, 2})), Error);
}

}  // namespace
}  // namespace ringdl
