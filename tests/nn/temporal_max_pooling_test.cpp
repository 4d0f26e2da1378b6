// TemporalMaxPooling: BigDL's default stride, NaN as PyTorch treats it, and the error for a sequence shorter
// than the window (gradients, PyTorch values and configuration are in conformance_test.cpp).
#include "ringdl/nn/layers/pooling/temporal_max_pooling.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/error_text.h"

namespace ringdl {
namespace {

TEST(TemporalMaxPooling, TheDefaultStrideIsTheWindow) {
  TemporalMaxPooling<float> layer(2);
  const Tensor<float> x = Tensor<float>::fromVector({5, 1}, {1, 3, 2, 0, 9});
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), (std::vector<float>{3, 2}));  // frame 4 is in no window
  EXPECT_EQ(layer.backward(x, Tensor<float>::fromVector({2, 1}, {1, 2})).toTensor().toVector(),
            (std::vector<float>{0, 1, 2, 0, 0}));
}

TEST(TemporalMaxPooling, NaNWinsAsInPyTorch) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  TemporalMaxPooling<float> layer(3, 1);
  const std::vector<float> y =
      layer.forward(Tensor<float>::fromVector({3, 2}, {1, nan, nan, 0, 2, 5})).toTensor().toVector();
  EXPECT_TRUE(std::isnan(y[0]));
  EXPECT_TRUE(std::isnan(y[1]));
}

TEST(TemporalMaxPooling, FewerFramesThanTheWindowIsAnError) {
  TemporalMaxPooling<float> layer(4, 1);
  layer.setName("pool");
  const std::string msg = test::errorOf([&] { layer.forward(Tensor<float>({2, 3, 5})); });
  EXPECT_CONTAINS(msg, "layer 'pool' (TemporalMaxPooling)");
  EXPECT_CONTAINS(msg, "3 frames (dimension 1 of [2, 3, 5]), fewer than the window kW=4");
}

}  // namespace
}  // namespace ringdl
