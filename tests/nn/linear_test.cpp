// Linear: what its input-size error says (gradients, PyTorch values, configuration and naming are in
// conformance_test.cpp).
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

}  // namespace
}  // namespace ringdl
