// SpatialAveragePooling: the constructor defaults and error messages (gradients, PyTorch values with and
// without countIncludePad and ceilMode, configuration and naming are in conformance_test.cpp).
#include "ringdl/nn/layers/pooling/spatial_average_pooling.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ringdl {
namespace {

// ---- behaviour ----

TEST(SpatialAveragePooling, DefaultsAreStrideOneWithoutPadding) {
  SpatialAveragePooling<float> layer(2, 2);
  EXPECT_EQ(layer.forward(Tensor<float>({3, 4, 5, 6})).toTensor().shape(), (Shape{3, 4, 4, 5}));
}

TEST(SpatialAveragePooling, GlobalPoolingFollowsEachInputsPlane) {
  SpatialAveragePooling<float> layer(3, 3, 1, 1, 0, 0, false, true, /*globalPooling=*/true);
  const Tensor<float> small = Tensor<float>::fromVector({1, 1, 2, 2}, {1, 2, 3, 6});
  EXPECT_EQ(layer.forward(small).toTensor().toVector(), (std::vector<float>{3}));
  const Tensor<float> wide = Tensor<float>::fromVector({1, 2, 1, 3}, {1, 2, 3, -3, 0, 6});
  EXPECT_EQ(layer.forward(wide).toTensor().shape(), (Shape{1, 2, 1, 1}));
  EXPECT_EQ(layer.forward(wide).toTensor().toVector(), (std::vector<float>{2, 1}));
}

TEST(SpatialAveragePooling, GlobalPoolingTakesNoPadding) {
  EXPECT_THROW(SpatialAveragePooling<float>(3, 3, 1, 1, 1, 0, false, true, true), Error);
}

// ---- errors ----

std::string errorOf(SpatialAveragePooling<float>& layer, const Shape& inputShape) {
  try {
    layer.forward(Tensor<float>(inputShape));
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SpatialAveragePooling, WindowLargerThanInputNamesTheShapes) {
  SpatialAveragePooling<float> layer(5, 4, 1, 1);
  const std::string msg = errorOf(layer, {2, 3, 3, 7});
  ASSERT_FALSE(msg.empty()) << "expected an error";
  EXPECT_NE(msg.find("4x5 window"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[2, 3, 3, 7]"), std::string::npos) << msg;
}

TEST(SpatialAveragePooling, WrongRankNamesTheShape) {
  SpatialAveragePooling<float> layer(2, 2);
  const std::string msg = errorOf(layer, {10, 10});
  EXPECT_NE(msg.find("[10, 10]"), std::string::npos) << msg;
}

TEST(SpatialAveragePooling, PaddingOverHalfTheWindowIsAnError) {
  EXPECT_THROW(SpatialAveragePooling<float>(3, 3, 1, 1, 2, 0), Error);
}

TEST(SpatialAveragePooling, WrongGradOutputShapeIsAnError) {
  SpatialAveragePooling<float> layer(2, 2, 2, 2);
  const Tensor<float> x({2, 3, 4, 4});
  layer.forward(x);
  EXPECT_THROW(layer.backward(x, Tensor<float>({2, 3, 2, 3})), Error);
}

}  // namespace
}  // namespace ringdl
