// SpatialMaxPooling: gradients, PyTorch reference values, ceil mode, NaN, errors, registry round trip.
#include "ringdl/nn/layers/pooling/spatial_max_pooling.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "ringdl/nn/registry.h"
#include "support/fixture.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TEST(SpatialMaxPooling, Gradients) {
  SpatialMaxPooling<double> layer(2, 2, 2, 2);
  test::expectGradientsMatch(layer, test::randomTensor({2, 3, 6, 6}));
}

TEST(SpatialMaxPooling, GradientsOverlappingWindowsWithPadding) {
  SpatialMaxPooling<double> layer(3, 3, 2, 2, 1, 1);
  test::expectGradientsMatch(layer, test::randomTensor({2, 2, 7, 7}));
}

TEST(SpatialMaxPooling, GradientsThreeByThreeWindowsInside) {
  SpatialMaxPooling<double> layer(3, 3, 2, 2);
  test::expectGradientsMatch(layer, test::randomTensor({2, 2, 7, 9}));
}

TEST(SpatialMaxPooling, GradientsCeilMode) {
  SpatialMaxPooling<double> layer(3, 2, 2, 2, 1, 0, /*ceilMode=*/true);
  test::expectGradientsMatch(layer, test::randomTensor({2, 2, 7, 8}));
}

TEST(SpatialMaxPooling, GradientsNonSquareStrideOne) {
  SpatialMaxPooling<double> layer(3, 2, 1, 1);
  test::expectGradientsMatch(layer, test::randomTensor({2, 2, 5, 6}));
}

TEST(SpatialMaxPooling, GradientsThreeDimensionalInput) {
  SpatialMaxPooling<double> layer(2, 2, 2, 2, 0, 0, true);
  test::expectGradientsMatch(layer, test::randomTensor({3, 5, 5}));
}

// ---- PyTorch reference values (tests/fixtures/gen_conv_pool.py) ----

/// Every element within atol + rtol*|expected|; reports the worst one.
template <typename T>
void expectClose(const Tensor<T>& actual, const Tensor<double>& expected, double rtol, double atol,
                 const std::string& what) {
  ASSERT_EQ(actual.shape(), expected.shape()) << what;
  const std::vector<double> va = actual.template to<double>().toVector(), ve = expected.toVector();
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
void checkAgainstFixture(const std::string& name, double rtol, double atol) {
  SCOPED_TRACE(name);
  const test::Fixture f("conv_pool/maxpool_" + name + ".txt");
  auto n = [&](const char* key) { return static_cast<int64_t>(f.scalar(key)); };
  SpatialMaxPooling<T> layer(n("kW"), n("kH"), n("dW"), n("dH"), n("padW"), n("padH"), n("ceilMode") != 0);
  const Tensor<T> x = f.get("input").to<T>();
  expectClose(layer.forward(x).toTensor(), f.get("output"), rtol, atol, "output");
  expectClose(layer.backward(x, f.get("gradOutput").to<T>()).toTensor(), f.get("gradInput"), rtol, atol,
              "gradInput");
}

const char* const kFixtures[] = {"basic",          "overlap_pad", "ceil", "ceil_pad", "nonsquare_stride1",
                                 "window3_inside", "input3d"};

TEST(SpatialMaxPooling, MatchesPyTorchInDouble) {
  for (const char* name : kFixtures) checkAgainstFixture<double>(name, 1e-10, 1e-10);
}

TEST(SpatialMaxPooling, MatchesPyTorchInFloat) {
  for (const char* name : kFixtures) checkAgainstFixture<float>(name, 1e-4, 1e-5);
}

// ---- behaviour ----

TEST(SpatialMaxPooling, KnownValues) {
  SpatialMaxPooling<double> layer(2, 2, 2, 2);
  const Tensor<double> x = Tensor<double>::fromVector({1, 1, 4, 4}, {1, 2, 3, 4,  //
                                                                     5, 6, 7, 8,  //
                                                                     9, 1, 2, 3,  //
                                                                     4, 5, 6, 0});
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), (std::vector<double>{6, 8, 9, 6}));
  const auto& gi = layer.backward(x, Tensor<double>::fromVector({1, 1, 2, 2}, {1, 2, 3, 4})).toTensor();
  EXPECT_EQ(gi.toVector(), (std::vector<double>{0, 0, 0, 0,  //
                                                0, 1, 0, 2,  //
                                                3, 0, 0, 0,  //
                                                0, 0, 4, 0}));
}

TEST(SpatialMaxPooling, CeilModeKeepsThePartialLastWindow) {
  SpatialMaxPooling<float> floorLayer(2, 2, 2, 2), ceilLayer(2, 2, 2, 2, 0, 0, true);
  const Tensor<float> x({4, 3, 5, 7});
  EXPECT_EQ(floorLayer.forward(x).toTensor().shape(), (Shape{4, 3, 2, 3}));
  EXPECT_EQ(ceilLayer.forward(x).toTensor().shape(), (Shape{4, 3, 3, 4}));
}

TEST(SpatialMaxPooling, NaNWinsAndStaysAsInPyTorch) {
  // 2x2 windows: a NaN before a larger value, two NaNs (the last one wins, as in PyTorch), all -inf; with
  // ceilMode and a seventh column, a partial window too, which takes the general (clipped) path.
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  for (const bool ceilMode : {false, true}) {
    SCOPED_TRACE(ceilMode ? "clipped windows" : "fixed-size windows");
    SpatialMaxPooling<float> layer(2, 2, 2, 2, 0, 0, ceilMode);
    const Tensor<float> x = Tensor<float>::fromVector({1, 2, 7}, {nan, 5, 1, nan, -inf, -inf, 0.5f,  //
                                                                  1, 2, 3, nan, -inf, -inf, -1});
    const std::vector<float> y = layer.forward(x).toTensor().toVector();
    ASSERT_EQ(y.size(), ceilMode ? 4u : 3u);
    EXPECT_TRUE(std::isnan(y[0]));
    EXPECT_TRUE(std::isnan(y[1]));
    EXPECT_EQ(y[2], -inf);
    if (ceilMode) EXPECT_EQ(y[3], 0.5f);
    const Tensor<float> gradOutput = ceilMode ? Tensor<float>::fromVector({1, 1, 4}, {1, 2, 3, 4})
                                              : Tensor<float>::fromVector({1, 1, 3}, {1, 2, 3});
    const auto& gi = layer.backward(x, gradOutput).toTensor();
    EXPECT_EQ(gi.toVector(), (std::vector<float>{1, 0, 0, 0, 3, 0, ceilMode ? 4.0f : 0.0f,  //
                                                 0, 0, 0, 2, 0, 0, 0}));
  }
}

TEST(SpatialMaxPooling, OverlappingWindowsAccumulateGradient) {
  // The centre element is the maximum of all four 2x2 windows (stride 1) over a 3x3 plane.
  SpatialMaxPooling<double> layer(2, 2, 1, 1);
  Tensor<double> x({1, 3, 3});
  x.at({0, 1, 1}) = 5;
  layer.forward(x);
  const auto& gi = layer.backward(x, Tensor<double>::full({1, 2, 2}, 1.0)).toTensor();
  EXPECT_EQ(gi.at({0, 1, 1}), 4.0);
}

// ---- errors ----

std::string errorOf(SpatialMaxPooling<float>& layer, const Shape& inputShape) {
  try {
    layer.forward(Tensor<float>(inputShape));
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SpatialMaxPooling, WindowLargerThanInputNamesLayerAndShapes) {
  SpatialMaxPooling<float> layer(3, 3, 2, 2);
  layer.setName("pool2");
  const std::string msg = errorOf(layer, {8, 12, 2, 2});
  ASSERT_FALSE(msg.empty()) << "expected an error";
  EXPECT_NE(msg.find("pool2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("SpatialMaxPooling"), std::string::npos) << msg;
  EXPECT_NE(msg.find("3x3 window"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[8, 12, 2, 2]"), std::string::npos) << msg;
}

TEST(SpatialMaxPooling, WrongRankNamesLayerAndShape) {
  SpatialMaxPooling<float> layer(2, 2, 2, 2);
  const std::string msg = errorOf(layer, {128, 784});
  EXPECT_NE(msg.find("SpatialMaxPooling"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[N, C, H, W]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[128, 784]"), std::string::npos) << msg;
}

TEST(SpatialMaxPooling, PaddingOverHalfTheWindowIsAnError) {
  EXPECT_THROW(SpatialMaxPooling<float>(2, 2, 2, 2, 2, 0), Error);
  EXPECT_THROW(SpatialMaxPooling<float>(2, 2, 0, 2), Error);
}

TEST(SpatialMaxPooling, WrongGradOutputShapeIsAnError) {
  SpatialMaxPooling<float> layer(2, 2, 2, 2);
  const Tensor<float> x({2, 3, 4, 4});
  layer.forward(x);
  EXPECT_THROW(layer.backward(x, Tensor<float>({2, 3, 3, 2})), Error);
}

// ---- configuration ----

TEST(SpatialMaxPooling, ConfigRoundTripsThroughRegistry) {
  SpatialMaxPooling<float> layer(3, 2, 2, 1, 1, 1, true);
  const ModulePtr<float> copy = createModule<float>("SpatialMaxPooling", layer.config());
  EXPECT_EQ(copy->typeName(), "SpatialMaxPooling");
  EXPECT_TRUE(copy->config() == layer.config());
  EXPECT_EQ(copy->forward(Tensor<float>({1, 5, 5})).toTensor().shape(), (Shape{1, 6, 3}));  // as PyTorch
}

}  // namespace
}  // namespace ringdl
