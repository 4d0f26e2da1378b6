// SpatialConvolution: each backend against PyTorch, buffer reuse, error messages, initialisation (gradients,
// PyTorch values for the default backend, configuration and naming are in conformance_test.cpp).
#include "ringdl/nn/layers/convolution/spatial_convolution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "ringdl/tensor/math.h"
#include "support/grad_check.h"
#include "support/layer_fixture.h"

namespace ringdl {
namespace {

// ---- each backend against PyTorch ----

// conformance_test.cpp compares the default backend choice with PyTorch; here each backend runs every
// convolution case of tests/fixtures/conformance/ (oneDNN only in builds with it).
const char* const kCases[] = {
    "conv_basic",          "conv_stride2_pad1", "conv_nonsquare",      "conv_groups2",
    "conv_groups3_nobias", "conv_input3d",      "conv_batch1",         "conv_kernel_fills_padded_input",
    "conv_lenet",          "conv_dilated",      "conv_dilated_groups2"};

/// The case's layer, from the options gen_conformance.py recorded (integers, and withBias).
std::shared_ptr<SpatialConvolution<float>> layerOf(const test::Fixture& f) {
  Attributes a;
  for (const std::string& name : f.names()) {
    if (name.rfind("option.", 0) != 0) continue;
    const std::string key = name.substr(7);
    if (key == "withBias")
      a.set(key, f.scalar(name) != 0);
    else
      a.set(key, static_cast<int64_t>(f.scalar(name)));
  }
  return std::make_shared<SpatialConvolution<float>>(a);
}

TEST(SpatialConvolution, MatchesPyTorchInFloatOnEachBackend) {
  for (ConvBackend backend : {ConvBackend::kGemm, ConvBackend::kDnnl}) {
    if (!SpatialConvolution<float>::backendAvailable(backend)) continue;
    SCOPED_TRACE(backend == ConvBackend::kGemm ? "gemm" : "dnnl");
    for (const char* name : kCases) {
      const test::Fixture f(std::string("conformance/") + name + ".txt");
      auto layer = layerOf(f);
      layer->setBackend(backend);
      test::expectModuleMatchesFixture(*layer, f);
    }
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

TEST(SpatialConvolution, WrongChannelCountNamesTheShapes) {
  SpatialConvolution<float> layer(6, 12, 5, 5);
  const std::string msg = errorOf(layer, {128, 3, 28, 28});
  ASSERT_FALSE(msg.empty()) << "expected an error";
  EXPECT_NE(msg.find("[N, 6, H, W]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[128, 3, 28, 28]"), std::string::npos) << msg;
}

TEST(SpatialConvolution, WrongRankNamesTheShape) {
  SpatialConvolution<float> layer(1, 2, 3, 3);
  const std::string msg = errorOf(layer, {1, 28, 28, 1, 1});
  EXPECT_NE(msg.find("[1, 28, 28, 1, 1]"), std::string::npos) << msg;
}

TEST(SpatialConvolution, KernelLargerThanInputNamesTheShapes) {
  SpatialConvolution<float> layer(1, 2, 5, 5, 1, 1, 1, 1);
  const std::string msg = errorOf(layer, {4, 1, 2, 8});
  ASSERT_FALSE(msg.empty()) << "expected an error";
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

// ---- initialisation ----

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
