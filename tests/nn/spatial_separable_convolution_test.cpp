// SpatialSeparableConvolution: as a first layer (no gradInput wanted) its depthwise weights still get their
// gradient, its parameters are its own, and its errors name it (values and gradients are in
// conformance_test).
#include "ringdl/nn/layers/convolution/spatial_separable_convolution.h"

#include <gtest/gtest.h>

#include <string>

#include "ringdl/tensor/math.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using test::errorOf;

TEST(SpatialSeparableConvolution, WithoutGradInputTheDepthwiseGradientIsStillComputed) {
  SpatialSeparableConvolution<double> full(2, 3, 2, 3, 3, 1, 1, 1, 1), first(2, 3, 2, 3, 3, 1, 1, 1, 1);
  for (size_t i = 0; i < full.parameters().size(); ++i)
    first.parameters()[i].weight->copyFrom(*full.parameters()[i].weight);
  first.setGradInputNeeded(false);
  const Tensor<double> x = test::randomTensor({2, 2, 5, 4}, 3), g = test::randomTensor({2, 3, 5, 4}, 4);
  for (int step = 0; step < 2; ++step) {  // the second backward must not reuse the first's middle gradient
    const Tensor<double> gradOutput = step == 0 ? g : test::randomTensor({2, 3, 5, 4}, 9);
    full.zeroGradParameters();
    first.zeroGradParameters();
    full.forward(x);
    full.backward(x, gradOutput);
    first.forward(x);
    first.backward(x, gradOutput);
    for (size_t i = 0; i < full.parameters().size(); ++i)
      EXPECT_TRUE(allClose(*first.parameters()[i].grad, *full.parameters()[i].grad, 1e-12, 1e-12))
          << full.parameters()[i].name << " at step " << step;
  }
}

TEST(SpatialSeparableConvolution, ParametersAreNamedAndShapedAsDocumented) {
  SpatialSeparableConvolution<float> layer(3, 4, 2, 3, 2);
  const auto params = layer.parameters();
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(params[0].name, "depthWeight");
  EXPECT_EQ(params[0].weight->shape(), (Shape{6, 1, 2, 3}));
  EXPECT_EQ(params[1].name, "pointWeight");
  EXPECT_EQ(params[1].weight->shape(), (Shape{4, 6, 1, 1}));
  EXPECT_EQ(params[2].name, "bias");
  EXPECT_EQ(SpatialSeparableConvolution<float>(3, 4, 2, 3, 2, 1, 1, 0, 0, false).parameters().size(), 2u);
}

TEST(SpatialSeparableConvolution, ErrorsNameTheLayerAndItsOptions) {
  SpatialSeparableConvolution<float> layer(3, 4, 2, 3, 3);
  std::string msg = errorOf([&] { layer.forward(Tensor<float>({2, 2, 5, 5})); });
  EXPECT_NE(msg.find("SpatialSeparableConvolution"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[N, 3, H, W]"), std::string::npos) << msg;
  msg = errorOf([&] { layer.forward(Tensor<float>({2, 3, 2, 5})); });
  EXPECT_NE(msg.find("3x3 kernel (kH x kW)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[2, 3, 2, 5]"), std::string::npos) << msg;
  msg = errorOf([] { SpatialSeparableConvolution<float>(3, 4, 0, 3, 3); });
  EXPECT_NE(msg.find("depthMultiplier=0"), std::string::npos) << msg;
}

}  // namespace
}  // namespace ringdl
