// SpatialAveragePooling: gradients, PyTorch reference values, padding divisors, errors, registry round trip.
#include "ringdl/nn/layers/pooling/spatial_average_pooling.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "ringdl/nn/registry.h"
#include "support/fixture.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TEST(SpatialAveragePooling, Gradients) {
  SpatialAveragePooling<double> layer(2, 2, 2, 2);
  test::expectGradientsMatch(layer, test::randomTensor({2, 3, 6, 6}));
}

TEST(SpatialAveragePooling, GradientsOverlappingWindowsWithPadding) {
  SpatialAveragePooling<double> layer(3, 3, 2, 2, 1, 1);
  test::expectGradientsMatch(layer, test::randomTensor({2, 2, 7, 7}));
}

TEST(SpatialAveragePooling, GradientsExcludingPadding) {
  SpatialAveragePooling<double> layer(3, 3, 2, 2, 1, 1, false, /*countIncludePad=*/false);
  test::expectGradientsMatch(layer, test::randomTensor({2, 2, 7, 6}));
}

TEST(SpatialAveragePooling, GradientsCeilModeWithPadding) {
  SpatialAveragePooling<double> layer(3, 2, 2, 2, 1, 1, /*ceilMode=*/true);
  test::expectGradientsMatch(layer, test::randomTensor({2, 2, 7, 8}));
}

TEST(SpatialAveragePooling, GradientsNonSquareStrideOne) {
  SpatialAveragePooling<double> layer(3, 2);
  test::expectGradientsMatch(layer, test::randomTensor({2, 2, 5, 6}));
}

TEST(SpatialAveragePooling, GradientsThreeDimensionalInput) {
  SpatialAveragePooling<double> layer(2, 2, 2, 2, 0, 0, true);
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
  const test::Fixture f("conv_pool/avgpool_" + name + ".txt");
  auto n = [&](const char* key) { return static_cast<int64_t>(f.scalar(key)); };
  SpatialAveragePooling<T> layer(n("kW"), n("kH"), n("dW"), n("dH"), n("padW"), n("padH"), n("ceilMode") != 0,
                                 n("countIncludePad") != 0);
  const Tensor<T> x = f.get("input").to<T>();
  expectClose(layer.forward(x).toTensor(), f.get("output"), rtol, atol, "output");
  expectClose(layer.backward(x, f.get("gradOutput").to<T>()).toTensor(), f.get("gradInput"), rtol, atol,
              "gradInput");
}

const char* const kFixtures[] = {"basic",    "overlap_pad",      "overlap_pad_exclude",
                                 "ceil_pad", "ceil_pad_exclude", "nonsquare_stride1",
                                 "input3d"};

TEST(SpatialAveragePooling, MatchesPyTorchInDouble) {
  for (const char* name : kFixtures) checkAgainstFixture<double>(name, 1e-10, 1e-10);
}

TEST(SpatialAveragePooling, MatchesPyTorchInFloat) {
  for (const char* name : kFixtures) checkAgainstFixture<float>(name, 1e-4, 1e-5);
}

// ---- behaviour ----

TEST(SpatialAveragePooling, PaddingCountsInTheDivisorOnlyWithCountIncludePad) {
  // A 2x2 plane of ones, 3x3 windows, stride 2, padding 1: the single window holds 4 ones and 5 padding
  // zeros.
  const Tensor<double> x = Tensor<double>::full({1, 1, 2, 2}, 1.0);
  SpatialAveragePooling<double> include(3, 3, 2, 2, 1, 1), exclude(3, 3, 2, 2, 1, 1, false, false);
  EXPECT_DOUBLE_EQ(include.forward(x).toTensor().item(), 4.0 / 9.0);
  EXPECT_DOUBLE_EQ(exclude.forward(x).toTensor().item(), 1.0);
}

TEST(SpatialAveragePooling, DefaultsAreStrideOneWithoutPadding) {
  SpatialAveragePooling<float> layer(2, 2);
  EXPECT_EQ(layer.forward(Tensor<float>({3, 4, 5, 6})).toTensor().shape(), (Shape{3, 4, 4, 5}));
}

// ---- errors ----

std::string errorOf(SpatialAveragePooling<float>& layer, const Shape& inputShape) {
  try {
    layer.forward(Tensor<float>(inputShape));
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SpatialAveragePooling, WindowLargerThanInputNamesLayerAndShapes) {
  SpatialAveragePooling<float> layer(5, 4, 1, 1);
  layer.setName("avg");
  const std::string msg = errorOf(layer, {2, 3, 3, 7});
  ASSERT_FALSE(msg.empty()) << "expected an error";
  EXPECT_NE(msg.find("avg"), std::string::npos) << msg;
  EXPECT_NE(msg.find("SpatialAveragePooling"), std::string::npos) << msg;
  EXPECT_NE(msg.find("4x5 window"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[2, 3, 3, 7]"), std::string::npos) << msg;
}

TEST(SpatialAveragePooling, WrongRankNamesLayerAndShape) {
  SpatialAveragePooling<float> layer(2, 2);
  const std::string msg = errorOf(layer, {10, 10});
  EXPECT_NE(msg.find("SpatialAveragePooling"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[10, 10]"), std::string::npos) << msg;
}

TEST(SpatialAveragePooling, PaddingOverHalfTheWindowIsAnError) {
  EXPECT_THROW(SpatialAveragePooling<float>(3, 3, 1, 1, 2, 0), Error);
}

TEST(SpatialAveragePooling, WrongGradOutputShapeIsAnError) {
  SpatialAveragePooling<float> layer(2, 2, 2, 2);
  const Tensor<float> x({2, 3, 4, 4});
  layer.forward(x);
  EXPECT_THROW(layer.backward(x, Tensor<float>({2, 3, 2, 3})), Error);
}

// ---- configuration ----

TEST(SpatialAveragePooling, ConfigRoundTripsThroughRegistry) {
  SpatialAveragePooling<float> layer(3, 3, 2, 2, 1, 1, true, false);
  const ModulePtr<float> copy = createModule<float>("SpatialAveragePooling", layer.config());
  EXPECT_EQ(copy->typeName(), "SpatialAveragePooling");
  EXPECT_TRUE(copy->config() == layer.config());
}

}  // namespace
}  // namespace ringdl
