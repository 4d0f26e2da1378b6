// Linear: what its input-size and gradOutput errors say (gradients, PyTorch values, configuration and naming
// are in conformance_test.cpp).
#include "ringdl/nn/layers/linear/linear.h"

#include <gtest/gtest.h>

namespace ringdl {
namespace {

TEST(Linear, WrongInputSizeNamesTheShapes) {
  Linear<float> layer(784, 10);
  try {
    layer.forward(Tensor<float>({8, 100}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("[N, 784]"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[8, 100]"), std::string::npos) << msg;
  }
}

// The first layer of a model skips its input gradient (its input is data): its parameter gradients must still
// refuse a gradOutput of the wrong size instead of reading past it.
TEST(Linear, WrongGradOutputIsAnErrorWithoutInputGradient) {
  Linear<float> layer(4, 3);
  layer.setName("fc");
  layer.setGradInputNeeded(false);
  const Tensor<float> x({2, 4});
  layer.forward(x);
  for (const Shape& bad : {Shape{2, 2}, Shape{1, 3}, Shape{6, 3}}) {
    try {
      layer.backward(x, Tensor<float>(bad));
      FAIL() << "gradOutput " << toString(bad) << " was accepted";
    } catch (const Error& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("'fc'"), std::string::npos) << msg;
      EXPECT_NE(msg.find("expected [2, 3]"), std::string::npos) << msg;
    }
  }
  layer.backward(x, Tensor<float>({2, 3}));  // the right size is fine
}

}  // namespace
}  // namespace ringdl
