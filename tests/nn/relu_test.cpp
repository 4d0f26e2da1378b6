// ReLU, and with it every ElementWise activation: a gradOutput of the wrong shape is an error naming the
// layer (gradients and PyTorch values are in conformance_test.cpp).
#include <gtest/gtest.h>

#include "ringdl/nn/layers/activation/activations.h"

namespace ringdl {
namespace {

TEST(ReLU, GradOutputShapeMismatchNamesTheLayer) {
  ReLU<float> layer;
  layer.setName("act1");
  const Tensor<float> x({2, 3});
  layer.forward(x);
  try {
    layer.backward(x, Tensor<float>({3, 2}));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("layer 'act1' (ReLU)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("[3, 2]"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ringdl
