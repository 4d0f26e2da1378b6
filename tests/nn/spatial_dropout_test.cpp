// SpatialDropout1D, 2D and 3D: whole channels dropped (every element of a map shares its fate), the fraction
// dropped, the survivor scale with and without scale, evaluate(), reproducibility, errors (gradients through
// a fixed mask, evaluate() values, configuration and saving are in conformance_test.cpp).
#include <gtest/gtest.h>

#include <cmath>

#include "ringdl/nn/layers/dropout/spatial_dropout_1d.h"
#include "ringdl/nn/layers/dropout/spatial_dropout_2d.h"
#include "ringdl/nn/layers/dropout/spatial_dropout_3d.h"
#include "ringdl/tensor/random.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using test::errorOf;

/// For every map (sample, channel), the output / input ratio shared by all its elements: 0 or one value.
/// maps(n, c, k): the flat index of element k of map (n, c).
template <typename Index>
std::vector<double> mapRatios(const Tensor<double>& x, const Tensor<double>& y, int64_t samples,
                              int64_t channels, int64_t positions, Index index) {
  std::vector<double> ratios;
  for (int64_t n = 0; n < samples; ++n)
    for (int64_t c = 0; c < channels; ++c) {
      const double r = y.data()[index(n, c, 0)] / x.data()[index(n, c, 0)];
      for (int64_t k = 1; k < positions; ++k)
        EXPECT_DOUBLE_EQ(y.data()[index(n, c, k)], r * x.data()[index(n, c, k)])
            << "map (" << n << ", " << c << ") is not dropped or kept whole";
      ratios.push_back(r);
    }
  return ratios;
}

double droppedFraction(const std::vector<double>& ratios, double survivor) {
  int64_t dropped = 0;
  for (double r : ratios) {
    if (r == 0)
      ++dropped;
    else
      EXPECT_NEAR(r, survivor, 1e-12);
  }
  return static_cast<double>(dropped) / static_cast<double>(ratios.size());
}

TEST(SpatialDropout2D, DropsWholeMapsAtRateP) {
  Random::global().seed(5);
  const int64_t n = 50, c = 40, h = 3, w = 2;
  const Tensor<double> x = test::randomTensor({n, c, h, w}, 3, 0.5, 1.5);
  SpatialDropout2D<double> layer(0.3);
  const Tensor<double> y = layer.forward(x).toTensor().clone();
  const auto ratios =
      mapRatios(x, y, n, c, h * w, [&](int64_t i, int64_t j, int64_t k) { return (i * c + j) * h * w + k; });
  // 2000 maps: the dropped fraction's standard deviation is about 0.01.
  EXPECT_NEAR(droppedFraction(ratios, 1 / 0.7), 0.3, 0.05);
  // The gradient goes through the same maps.
  const Tensor<double> g = Tensor<double>::full(x.shape(), 1.0);
  const Tensor<double>& gx = layer.backward(x, g).toTensor();
  for (int64_t i = 0; i < x.numel(); ++i) EXPECT_DOUBLE_EQ(gx.data()[i], y.data()[i] / x.data()[i]);
}

TEST(SpatialDropout2D, ChannelsLastDropsAcrossPositions) {
  Random::global().seed(6);
  const int64_t n = 20, h = 2, w = 3, c = 30;
  const Tensor<double> x = test::randomTensor({n, h, w, c}, 4, 0.5, 1.5);
  SpatialDropout2D<double> layer(0.5, "NHWC");
  const Tensor<double> y = layer.forward(x).toTensor().clone();
  const auto ratios =
      mapRatios(x, y, n, c, h * w, [&](int64_t i, int64_t j, int64_t k) { return (i * h * w + k) * c + j; });
  EXPECT_NEAR(droppedFraction(ratios, 2.0), 0.5, 0.08);
}

TEST(SpatialDropout1D, DropsChannelsOverAllSteps) {
  Random::global().seed(7);
  const int64_t n = 30, t = 4, c = 20;
  const Tensor<double> x = test::randomTensor({n, t, c}, 5, 0.5, 1.5);
  SpatialDropout1D<double> layer(0.25, /*scale=*/false);
  const Tensor<double> y = layer.forward(x).toTensor().clone();
  const auto ratios =
      mapRatios(x, y, n, c, t, [&](int64_t i, int64_t j, int64_t k) { return (i * t + k) * c + j; });
  EXPECT_NEAR(droppedFraction(ratios, 1.0), 0.25, 0.06);  // BigDL's unscaled survivors
  layer.evaluate();
  const Tensor<double>& e = layer.forward(x).toTensor();
  for (int64_t i = 0; i < x.numel(); ++i) EXPECT_DOUBLE_EQ(e.data()[i], 0.75 * x.data()[i]);
}

TEST(SpatialDropout3D, OneSampleIsItsChannels) {
  Random::global().seed(8);
  const int64_t c = 200, d = 2, h = 2, w = 2;
  const Tensor<double> x = test::randomTensor({c, d, h, w}, 6, 0.5, 1.5);
  SpatialDropout3D<double> layer(0.5);
  const Tensor<double> y = layer.forward(x).toTensor().clone();
  const auto ratios =
      mapRatios(x, y, 1, c, d * h * w, [&](int64_t, int64_t j, int64_t k) { return j * d * h * w + k; });
  EXPECT_NEAR(droppedFraction(ratios, 2.0), 0.5, 0.12);
}

TEST(SpatialDropout2D, EvaluateIsTheIdentityAndDrawsNothing) {
  SpatialDropout2D<float> layer(0.5);
  layer.evaluate();
  const Tensor<float> x = test::randomTensor({2, 3, 2, 2}).to<float>();
  const std::string before = Random::global().state();
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), x.toVector());
  EXPECT_EQ(Random::global().state(), before);
}

TEST(SpatialDropout2D, MasksFollowTheGlobalGenerator) {
  const Tensor<double> x = Tensor<double>::full({4, 8, 2, 2}, 1.0);
  SpatialDropout2D<double> a(0.5);
  Random::global().seed(42);
  const std::vector<double> first = a.forward(x).toTensor().toVector();
  Random::global().seed(42);
  SpatialDropout2D<float> b(0.5);
  EXPECT_EQ(b.forward(x.to<float>()).toTensor().to<double>().toVector(), first);
}

TEST(SpatialDropout, ErrorsNameTheLayerAndTheShape) {
  SpatialDropout2D<float> layer(0.5, "NHWC");
  layer.setName("drop");
  const std::string msg = errorOf([&] { layer.forward(Tensor<float>({2, 3})); });
  EXPECT_CONTAINS(msg, "layer 'drop' (SpatialDropout2D)");
  EXPECT_CONTAINS(msg, "[N, H, W, C] or [H, W, C] (format NHWC), got [2, 3]");
  EXPECT_CONTAINS(errorOf([] { SpatialDropout1D<float>(1.0); }), "initP must be in [0, 1), got 1");
  EXPECT_CONTAINS(errorOf([] { SpatialDropout3D<float>(0.5, "NDHWC"); }),
                  "format must be \"NCHW\" or \"NHWC\"");
}

}  // namespace
}  // namespace ringdl
