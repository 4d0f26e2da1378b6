// SpatialConvolution: gradients, PyTorch reference values, buffer reuse, errors, registry round trip.
#include "ringdl/nn/layers/convolution/spatial_convolution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "ringdl/nn/registry.h"
#include "ringdl/tensor/math.h"
#include "support/fixture.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TEST(SpatialConvolution, Gradients) {
  SpatialConvolution<double> layer(3, 4, 3, 3);
  test::expectGradientsMatch(layer, test::randomTensor({2, 3, 6, 5}));
}

TEST(SpatialConvolution, GradientsStrideTwoWithPadding) {
  SpatialConvolution<double> layer(2, 3, 3, 3, 2, 2, 1, 1);
  test::expectGradientsMatch(layer, test::randomTensor({2, 2, 7, 8}));
}

TEST(SpatialConvolution, GradientsNonSquareKernelAndStride) {
  // kernelW=2, kernelH=4, strideW=1, strideH=2, padW=1, padH=0
  SpatialConvolution<double> layer(2, 3, 2, 4, 1, 2, 1, 0);
  test::expectGradientsMatch(layer, test::randomTensor({2, 2, 9, 6}));
}

TEST(SpatialConvolution, GradientsTwoGroups) {
  SpatialConvolution<double> layer(4, 6, 3, 3, 1, 1, 1, 1, /*nGroup=*/2);
  test::expectGradientsMatch(layer, test::randomTensor({2, 4, 5, 5}));
}

TEST(SpatialConvolution, GradientsThreeGroupsWithoutBias) {
  SpatialConvolution<double> layer(6, 3, 3, 2, 2, 1, 1, 0, /*nGroup=*/3, /*withBias=*/false);
  test::expectGradientsMatch(layer, test::randomTensor({2, 6, 5, 7}));
}

TEST(SpatialConvolution, GradientsThreeDimensionalInput) {
  SpatialConvolution<double> layer(2, 3, 3, 2, 1, 1, 1, 1);
  test::expectGradientsMatch(layer, test::randomTensor({2, 5, 4}));
}

TEST(SpatialConvolution, GradientsBatchOfOne) {
  SpatialConvolution<double> layer(2, 3, 3, 3, 2, 1, 0, 1, 1);
  test::expectGradientsMatch(layer, test::randomTensor({1, 2, 6, 7}));
}

TEST(SpatialConvolution, GradientsKernelAsLargeAsPaddedInput) {
  SpatialConvolution<double> layer(2, 2, 4, 5, 1, 1, 1, 1);
  test::expectGradientsMatch(layer, test::randomTensor({2, 2, 3, 2}));
}

// ---- PyTorch reference values (tests/fixtures/gen_conv_pool.py) ----

/// Every element within atol + rtol*|expected|; reports the worst one.
template <typename T>
void expectClose(const Tensor<T>& actual, const Tensor<double>& expected, double rtol, double atol,
                 const std::string& what) {
  ASSERT_EQ(actual.shape(), expected.shape()) << what;
  const Tensor<double> a = actual.template to<double>();
  const std::vector<double> va = a.toVector(), ve = expected.toVector();
  double worst = 0;
  size_t worstAt = 0;
  for (size_t i = 0; i < va.size(); ++i) {
    const double excess = std::abs(va[i] - ve[i]) - (atol + rtol * std::abs(ve[i]));
    if (i == 0 || excess > worst) worst = excess, worstAt = i;
  }
  EXPECT_LE(worst, 0.0) << what << ": element " << worstAt << " is " << va[worstAt] << ", expected "
                        << ve[worstAt];
}

template <typename T>
void checkAgainstFixture(const std::string& name, double rtol, double atol,
                         ConvBackend backend = ConvBackend::kAuto) {
  SCOPED_TRACE(name);
  const test::Fixture f("conv_pool/conv_" + name + ".txt");
  auto n = [&](const char* key) { return static_cast<int64_t>(f.scalar(key)); };
  const bool withBias = n("withBias") != 0;
  SpatialConvolution<T> layer(n("nInputPlane"), n("nOutputPlane"), n("kernelW"), n("kernelH"), n("strideW"),
                              n("strideH"), n("padW"), n("padH"), n("nGroup"), withBias);
  layer.setBackend(backend);
  layer.weight().copyFrom(f.get("weight").to<T>());
  if (withBias) layer.bias().copyFrom(f.get("bias").to<T>());
  const Tensor<T> x = f.get("input").to<T>();
  expectClose(layer.forward(x).toTensor(), f.get("output"), rtol, atol, "output");
  layer.zeroGradParameters();
  expectClose(layer.backward(x, f.get("gradOutput").to<T>()).toTensor(), f.get("gradInput"), rtol, atol,
              "gradInput");
  const auto params = layer.parameters();
  expectClose(*params[0].grad, f.get("gradWeight"), rtol, atol, "gradWeight");
  if (withBias) expectClose(*params[1].grad, f.get("gradBias"), rtol, atol, "gradBias");
}

const char* const kFixtures[] = {"basic",          "stride2_pad1", "nonsquare", "groups2",
                                 "groups3_nobias", "input3d",      "lenet"};

TEST(SpatialConvolution, MatchesPyTorchInDouble) {
  for (const char* name : kFixtures) checkAgainstFixture<double>(name, 1e-10, 1e-10);
}

TEST(SpatialConvolution, MatchesPyTorchInFloat) {
  for (const char* name : kFixtures) checkAgainstFixture<float>(name, 1e-4, 1e-5);
}

TEST(SpatialConvolution, MatchesPyTorchInFloatOnEachBackend) {
  // kAuto above mixes the backends by layer; here each runs every fixture (oneDNN only in builds with it).
  for (ConvBackend backend : {ConvBackend::kGemm, ConvBackend::kDnnl}) {
    if (!SpatialConvolution<float>::backendAvailable(backend)) continue;
    SCOPED_TRACE(backend == ConvBackend::kGemm ? "gemm" : "dnnl");
    for (const char* name : kFixtures) checkAgainstFixture<float>(name, 1e-4, 1e-5, backend);
  }
}

// ---- buffer reuse ----

TEST(SpatialConvolution, ChangingBatchSizeBetweenCallsGivesFreshResults) {
  SpatialConvolution<double> reused(2, 3, 3, 3, 1, 1, 1, 1);
  SpatialConvolution<double> fresh(2, 3, 3, 3, 1, 1, 1, 1);
  fresh.weight().copyFrom(reused.weight());
  fresh.bias().copyFrom(reused.bias());
  const Tensor<double> big = test::randomTensor({4, 2, 6, 6}, 1), small = test::randomTensor({2, 2, 5, 7}, 2);
  reused.forward(big);
  reused.backward(big, test::randomTensor({4, 3, 6, 6}, 3));
  reused.zeroGradParameters();
  const Tensor<double> gradOutput = test::randomTensor({2, 3, 5, 7}, 4);
  const Tensor<double> y = reused.forward(small).toTensor().clone();
  const Tensor<double> gi = reused.backward(small, gradOutput).toTensor().clone();
  EXPECT_TRUE(allClose(y, fresh.forward(small).toTensor(), 0, 0));
  EXPECT_TRUE(allClose(gi, fresh.backward(small, gradOutput).toTensor(), 0, 0));
  EXPECT_TRUE(allClose(*reused.parameters()[0].grad, *fresh.parameters()[0].grad, 0, 0));
}

TEST(SpatialConvolution, OutputStorageIsReusedForTheSameShape) {
  SpatialConvolution<float> layer(1, 6, 5, 5);
  const Tensor<float> x({8, 1, 28, 28});
  const float* first = layer.forward(x).toTensor().data();
  EXPECT_EQ(layer.forward(x).toTensor().data(), first);
}

TEST(SpatialConvolution, GradientOverwrittenInPlaceBetweenBackwardsIsReread) {
  SpatialConvolution<double> layer(2, 4, 3, 3);
  const Tensor<double> x = test::randomTensor({3, 2, 5, 5}, 1);
  Tensor<double> gradOutput = test::randomTensor({3, 4, 3, 3}, 2);
  layer.forward(x);
  layer.backward(x, gradOutput);
  gradOutput.copyFrom(test::randomTensor({3, 4, 3, 3}, 5));  // same buffer, new values
  layer.zeroGradParameters();
  layer.backward(x, gradOutput);
  const Tensor<double> gw = layer.parameters()[0].grad->clone();

  SpatialConvolution<double> fresh(2, 4, 3, 3);
  fresh.weight().copyFrom(layer.weight());
  fresh.forward(x);
  fresh.zeroGradParameters();
  fresh.backward(x, gradOutput);
  EXPECT_TRUE(allClose(gw, *fresh.parameters()[0].grad, 1e-12, 1e-12));
}

// ---- errors ----

std::string errorOf(SpatialConvolution<float>& layer, const Shape& inputShape) {
  try {
    layer.forward(Tensor<float>(inputShape));
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SpatialConvolution, WrongChannelCountNamesLayerAndShapes) {
  SpatialConvolution<float> layer(6, 12, 5, 5);
  layer.setName("conv2");
  const std::string msg = errorOf(layer, {128, 3, 28, 28});
  ASSERT_FALSE(msg.empty()) << "expected an error";
  EXPECT_NE(msg.find("conv2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("SpatialConvolution"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[N, 6, H, W]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[128, 3, 28, 28]"), std::string::npos) << msg;
}

TEST(SpatialConvolution, WrongRankNamesTheShape) {
  SpatialConvolution<float> layer(1, 2, 3, 3);
  const std::string msg = errorOf(layer, {1, 28, 28, 1, 1});
  EXPECT_NE(msg.find("[1, 28, 28, 1, 1]"), std::string::npos) << msg;
}

TEST(SpatialConvolution, KernelLargerThanInputNamesLayerAndShapes) {
  SpatialConvolution<float> layer(1, 2, 5, 5, 1, 1, 1, 1);
  layer.setName("conv1");
  const std::string msg = errorOf(layer, {4, 1, 2, 8});
  ASSERT_FALSE(msg.empty()) << "expected an error";
  EXPECT_NE(msg.find("conv1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("5x5 kernel"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[4, 1, 2, 8]"), std::string::npos) << msg;
}

TEST(SpatialConvolution, BadGroupCountIsAnError) {
  EXPECT_THROW(SpatialConvolution<float>(4, 6, 3, 3, 1, 1, 0, 0, /*nGroup=*/3), Error);
  EXPECT_THROW(SpatialConvolution<float>(4, 6, 3, 3, /*strideW=*/0), Error);
}

TEST(SpatialConvolution, WrongGradOutputShapeIsAnError) {
  SpatialConvolution<float> layer(1, 2, 3, 3);
  const Tensor<float> x({2, 1, 5, 5});
  layer.forward(x);
  EXPECT_THROW(layer.backward(x, Tensor<float>({2, 2, 4, 3})), Error);
}

// ---- configuration ----

TEST(SpatialConvolution, ConfigRoundTripsThroughRegistry) {
  SpatialConvolution<float> layer(6, 9, 3, 2, 2, 1, 1, 0, 3, false);
  const ModulePtr<float> copy = createModule<float>("SpatialConvolution", layer.config());
  EXPECT_EQ(copy->typeName(), "SpatialConvolution");
  EXPECT_TRUE(copy->config() == layer.config());
  const auto params = copy->parameters();
  ASSERT_EQ(params.size(), 1u);  // no bias
  EXPECT_EQ(params[0].weight->shape(), (Shape{9, 2, 2, 3}));
}

TEST(SpatialConvolution, DefaultInitIsUniformOverFanIn) {
  SpatialConvolution<double> layer(4, 8, 3, 3, 1, 1, 0, 0, 2);
  const double bound = 1.0 / std::sqrt(2.0 * 3 * 3);
  const std::vector<double> w = layer.weight().toVector();
  EXPECT_LE(*std::max_element(w.begin(), w.end()), bound);
  EXPECT_GE(*std::min_element(w.begin(), w.end()), -bound);
  EXPECT_GT(*std::max_element(w.begin(), w.end()), 0.8 * bound);
  layer.setInitMethod(InitMethod::constant(0.5), InitMethod::zeros());
  EXPECT_EQ(layer.weight().toVector(), std::vector<double>(layer.weight().numel(), 0.5));
  EXPECT_EQ(layer.bias().toVector(), std::vector<double>(8, 0.0));
}

}  // namespace
}  // namespace ringdl
