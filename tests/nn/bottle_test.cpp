// Bottle: folding several leading dimensions, the nOutputDim check, and errors naming the layer (gradients,
// PyTorch values, saving and cloning of each row are in conformance_test.cpp).
#include "ringdl/nn/layers/container/bottle.h"

#include <gtest/gtest.h>

#include "ringdl/nn.h"
#include "ringdl/tensor/math.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

TEST(Bottle, FoldsEveryLeadingDimensionIntoTheBatch) {
  auto lin = std::make_shared<Linear<double>>(4, 3);
  Bottle<double> b(lin);
  const Tensor<double> x = test::randomTensor({2, 3, 5, 4});
  const Tensor<double> y = b.forward(x).toTensor().clone();
  ASSERT_EQ(y.shape(), (Shape{2, 3, 5, 3}));
  EXPECT_EQ(lin->output().toTensor().shape(), (Shape{30, 3}));
  Linear<double> alone(4, 3);
  alone.weight().copyFrom(lin->weight());
  alone.bias().copyFrom(lin->bias());
  EXPECT_TRUE(allClose(y.view({30, 3}), alone.forward(x.view({30, 4})).toTensor(), 0, 0));
  const Tensor<double> gy = test::randomTensor({2, 3, 5, 3}, 5);
  const Tensor<double> gx = b.backward(x, gy).toTensor().clone();
  ASSERT_EQ(gx.shape(), x.shape());
  EXPECT_TRUE(allClose(gx.view({30, 4}), alone.backward(x.view({30, 4}), gy.view({30, 3})).toTensor(), 0, 0));
  test::expectGradientsMatch(b, x);
  EXPECT_EQ(b.config().values().count("nOutputDim"), 0u);  // unset: nInputDim
}

TEST(Bottle, ErrorsNameTheLayer) {
  Bottle<double> b(std::make_shared<Reshape<double>>(Shape{6}), 3, 3);
  b.setName("steps");
  std::string e = errorOf([&] { b.forward(test::randomTensor({2, 4, 2, 3})); });
  EXPECT_NE(e.find("layer 'steps' (Bottle): its module turned the folded input [8, 2, 3] into [8, 6]; Bottle "
                   "unfolds an output of 3 dimensions (nOutputDim) whose first is the 8 folded rows"),
            std::string::npos)
      << e;
  e = errorOf([&] { b.forward(Activity<double>::table({test::randomTensor({2, 3})})); });
  EXPECT_NE(e.find("layer 'steps' (Bottle) takes a Tensor, got a Table of 1 entries"), std::string::npos)
      << e;
  e = errorOf([&] { b.add(std::make_shared<Tanh<double>>()); });
  EXPECT_NE(e.find("layer 'steps' (Bottle) runs one module and has one already ('0')"), std::string::npos)
      << e;
  e = errorOf([] { Bottle<double>(std::make_shared<Tanh<double>>(), 0); });
  EXPECT_NE(e.find("Bottle: nInputDim must be >= 1, got 0"), std::string::npos) << e;

  Bottle<double> lin(std::make_shared<Linear<double>>(4, 3));
  lin.setName("lin");
  e = errorOf([&] { lin.forward(test::randomTensor({2, 3, 5})); });
  EXPECT_NE(e.find("layer 'lin' (Bottle), at child 0: layer '0' (Linear)"), std::string::npos) << e;
}

}  // namespace
}  // namespace ringdl
