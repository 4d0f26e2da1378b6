// SpatialFullConvolution and the column-convolution base it shares with VolumetricConvolution and
// VolumetricFullConvolution: the adjoint of SpatialConvolution, scratch reuse across calls and gradOutputs
// changed in place or not contiguous, and error wording (values and gradients are in conformance_test).
#include "ringdl/nn/layers/convolution/spatial_full_convolution.h"

#include <gtest/gtest.h>

#include <string>

#include "ringdl/nn/layers/convolution/spatial_convolution.h"
#include "ringdl/nn/layers/convolution/volumetric_convolution.h"
#include "ringdl/nn/layers/convolution/volumetric_full_convolution.h"
#include "ringdl/tensor/math.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using test::errorOf;

double dot(const Tensor<double>& a, const Tensor<double>& b) {
  double s = 0;
  const Tensor<double> ac = a.contiguous(), bc = b.contiguous();
  for (int64_t i = 0; i < ac.numel(); ++i) s += ac.data()[i] * bc.data()[i];
  return s;
}

// <conv(x), y> = <x, full(y)> with the same weights and no bias: the transposed convolution is the adjoint.
TEST(SpatialFullConvolution, IsTheAdjointOfSpatialConvolution) {
  SpatialConvolution<double> conv(3, 4, 3, 2, 2, 2, 1, 0, 1, false);
  SpatialFullConvolution<double> full(4, 3, 3, 2, 2, 2, 1, 0, 0, 0, 1, true);
  full.weight().copyFrom(conv.weight());  // [4, 3, 2, 3] both: conv's [out, in] is full's [in, out]
  const Tensor<double> x = test::randomTensor({2, 3, 6, 7}, 1);
  const Tensor<double> cx = conv.forward(x).toTensor().clone();
  const Tensor<double> y = test::randomTensor(cx.shape(), 2);
  const Tensor<double> fy = full.forward(y).toTensor();
  ASSERT_EQ(fy.shape(), x.shape());  // 7 = (4 - 1) * 2 - 2 + 3, 6 = (3 - 1) * 2 + 2
  EXPECT_NEAR(dot(cx, y), dot(x, fy), 1e-10);
}

// A backward after gradOutput changed in place, and with a non-contiguous gradOutput, gives what a fresh
// layer gives: what the scratch keeps of gradOutput is never reused across backwards.
template <typename Layer>
void expectFreshGradients(Layer& layer, Layer& fresh, const Shape& inputShape) {
  for (size_t i = 0; i < layer.parameters().size(); ++i)
    fresh.parameters()[i].weight->copyFrom(*layer.parameters()[i].weight);
  const Tensor<double> x = test::randomTensor(inputShape, 1);
  const Shape outShape = layer.forward(x).toTensor().shape();
  Tensor<double> gradOutput = test::randomTensor(outShape, 2);
  layer.backward(x, gradOutput);
  gradOutput.copyFrom(test::randomTensor(outShape, 5));  // same buffer, new values
  layer.zeroGradParameters();
  layer.backward(x, gradOutput);
  fresh.forward(x);
  fresh.zeroGradParameters();
  fresh.backward(x, gradOutput.clone());
  for (size_t i = 0; i < layer.parameters().size(); ++i)
    EXPECT_TRUE(allClose(*layer.parameters()[i].grad, *fresh.parameters()[i].grad, 1e-12, 1e-12))
        << layer.parameters()[i].name;
  EXPECT_TRUE(allClose(layer.gradInputTensor(), fresh.gradInputTensor(), 1e-12, 1e-12));

  // A transposed view: not contiguous, so the layer works on a copy.
  Shape swapped = outShape;
  std::swap(swapped[0], swapped[1]);
  const Tensor<double> t = test::randomTensor(swapped, 6).transpose(0, 1);
  layer.zeroGradParameters();
  fresh.zeroGradParameters();
  layer.backward(x, t);
  fresh.backward(x, t.contiguous());
  for (size_t i = 0; i < layer.parameters().size(); ++i)
    EXPECT_TRUE(allClose(*layer.parameters()[i].grad, *fresh.parameters()[i].grad, 1e-12, 1e-12))
        << layer.parameters()[i].name << " with a non-contiguous gradOutput";
}

TEST(SpatialFullConvolution, GradientOverwrittenInPlaceOrNotContiguousIsReread) {
  SpatialFullConvolution<double> a(2, 3, 3, 3, 2, 2, 1, 1, 1, 1), b(2, 3, 3, 3, 2, 2, 1, 1, 1, 1);
  expectFreshGradients(a, b, {3, 2, 4, 3});
}

TEST(VolumetricConvolution, GradientOverwrittenInPlaceOrNotContiguousIsReread) {
  VolumetricConvolution<double> a(2, 3, 2, 2, 2), b(2, 3, 2, 2, 2);
  expectFreshGradients(a, b, {3, 2, 3, 4, 3});
}

TEST(VolumetricFullConvolution, GradientOverwrittenInPlaceOrNotContiguousIsReread) {
  VolumetricFullConvolution<double> a(2, 4, 2, 2, 2, 2, 1, 1), b(2, 4, 2, 2, 2, 2, 1, 1);
  expectFreshGradients(a, b, {3, 2, 2, 3, 2});
}

TEST(SpatialFullConvolution, ChangingBatchSizeBetweenCallsGivesFreshResults) {
  SpatialFullConvolution<double> layer(2, 3, 3, 3, 2, 2, 1, 1);
  const Tensor<double> big = test::randomTensor({4, 2, 3, 3}, 1), small = test::randomTensor({1, 2, 3, 3}, 2);
  layer.forward(big);
  const Tensor<double> afterBig = layer.forward(small).toTensor().clone();
  SpatialFullConvolution<double> fresh(2, 3, 3, 3, 2, 2, 1, 1);
  fresh.weight().copyFrom(layer.weight());
  fresh.bias().copyFrom(layer.bias());
  EXPECT_TRUE(allClose(afterBig, fresh.forward(small).toTensor(), 0, 0));
}

TEST(SpatialFullConvolution, ErrorsNameTheLayerShapesAndOptions) {
  SpatialFullConvolution<float> layer(3, 2, 3, 3, 1, 1, 2, 2);
  std::string msg = errorOf([&] { layer.forward(Tensor<float>({2, 4, 5, 5})); });
  EXPECT_NE(msg.find("SpatialFullConvolution"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[N, 3, H, W] or [3, H, W]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[2, 4, 5, 5]"), std::string::npos) << msg;
  // (1 - 1) * 1 - 2 * 2 + 3 = -1 rows
  msg = errorOf([&] { layer.forward(Tensor<float>({2, 3, 1, 4})); });
  EXPECT_NE(msg.find("gives an output of -1x2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("padding 2x2"), std::string::npos) << msg;
  msg = errorOf([] { SpatialFullConvolution<float>(4, 6, 3, 3, 1, 1, 0, 0, 0, 0, 4); });
  EXPECT_NE(msg.find("nGroup=4 must divide nInputPlane=4 and nOutputPlane=6"), std::string::npos) << msg;
  msg = errorOf([] { SpatialFullConvolution<float>(4, 6, 3, 3, 1, 1, 0, 0, -1); });
  EXPECT_NE(msg.find("adj 0x-1, dilation 1x1 (HxW)"), std::string::npos) << msg;  // adjW = -1
}

TEST(VolumetricConvolution, KernelLargerThanInputNamesTheShapes) {
  VolumetricConvolution<float> layer(1, 2, 3, 3, 3, 1, 1, 1, 0, 1, 1);
  const std::string msg = errorOf([&] { layer.forward(Tensor<float>({2, 1, 2, 4, 4})); });
  EXPECT_NE(msg.find("VolumetricConvolution"), std::string::npos) << msg;
  EXPECT_NE(msg.find("the 3x3x3 kernel"), std::string::npos) << msg;
  EXPECT_NE(msg.find("padded input, 2x6x6"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[2, 1, 2, 4, 4]"), std::string::npos) << msg;
}

TEST(VolumetricFullConvolution, WeightIsInOutByKernel) {
  VolumetricFullConvolution<float> layer(4, 6, 2, 3, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 2);
  EXPECT_EQ(layer.weight().shape(), (Shape{4, 3, 2, 1, 3}));  // [in, out/g, kT, kH, kW]
}

}  // namespace
}  // namespace ringdl
