// LpNormalize (the layer type Normalize): p = infinity (inf and BigDL's Double.MaxValue alike, through a
// model file too), eps inside the root, a zero vector, the 4-D rule per position and the error wording
// (conformance_test.cpp has the gradient check and PyTorch's values for p = 1, 1.5, 2, 3 and Double.MaxValue,
// 1-D, 2-D and 4-D).
#include "ringdl/nn/layers/normalization/lp_normalize.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "ringdl/io/model_io.h"
#include "ringdl/nn/registry.h"
#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(LpNormalize, InfinityAndBigDLsMaxValueAreTheMaxNorm) {
  const Tensor<double> x = Tensor<double>::fromVector({2, 3}, {1, -4, 2, 0.5, 0.25, -0.125});
  const Tensor<double> g = Tensor<double>::fromVector({2, 3}, {0.3, -0.2, 0.7, 1, 2, -1});
  LpNormalize<double> inf(kInf, 0.0), max(std::numeric_limits<double>::max(), 0.0);
  const std::vector<double> y = inf.forward(x).toTensor().toVector();
  const std::vector<double> expected = {0.25, -1, 0.5, 1, 0.5, -0.25};
  for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], expected[i], 1e-15) << i;
  EXPECT_EQ(max.forward(x).toTensor().toVector(), y);
  EXPECT_EQ(max.backward(x, g).toTensor().toVector(), inf.backward(x, g).toTensor().toVector());
  // Only the largest |x| moves the norm: row 0's gradient is g / 4 - (g . x) sign(-4) / 16 at entry 1.
  const std::vector<double> gx = inf.gradInputTensor().toVector();
  const double dot = 0.3 * 1 + -0.2 * -4 + 0.7 * 2;
  EXPECT_NEAR(gx[0], 0.3 / 4, 1e-15);
  EXPECT_NEAR(gx[1], -0.2 / 4 + dot / 16, 1e-15);
  EXPECT_NEAR(gx[2], 0.7 / 4, 1e-15);
}

TEST(LpNormalize, InfinitySurvivesAModelFile) {
  LpNormalize<float> inf(kInf);
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("ringdl_normalize_inf_" + std::to_string(getpid()) + ".ringdl"))
                               .string();
  saveModel(path, inf);
  ModulePtr<float> back = loadModel<float>(path);
  std::filesystem::remove(path);
  EXPECT_TRUE(back->config() == inf.config());
  EXPECT_TRUE(std::isinf(dynamic_cast<LpNormalize<float>&>(*back).options().p));
}

TEST(LpNormalize, EpsIsInsideTheRootAndAZeroVectorGivesZero) {
  // (3^2 + 4^2 + 11)^(1/2) = 6.
  LpNormalize<double> n(2, 11);
  const std::vector<double> y = n.forward(Tensor<double>::fromVector({2}, {3, 4})).toTensor().toVector();
  EXPECT_NEAR(y[0], 0.5, 1e-15);
  EXPECT_NEAR(y[1], 4.0 / 6, 1e-15);
  for (double p : {1.0, 2.0, 3.0, kInf}) {
    SCOPED_TRACE(p);
    LpNormalize<double> z(p);
    const Tensor<double> zero({2, 3});
    EXPECT_EQ(z.forward(zero).toTensor().toVector(), std::vector<double>(6, 0.0));
    for (double v :
         z.backward(zero, Tensor<double>::fromVector({2, 3}, {1, 2, 3, 4, 5, 6})).toTensor().toVector())
      EXPECT_TRUE(std::isfinite(v));
  }
}

TEST(LpNormalize, ImagesPerPosition) {
  // [1, 2, 1, 2]: positions (0, 0) and (0, 1) each normalised over the two channels.
  LpNormalize<double> n(2, 0.0);
  const Tensor<double> x = Tensor<double>::fromVector({1, 2, 1, 2}, {3, 1, 4, 0});
  const std::vector<double> y = n.forward(x).toTensor().toVector(), expected = {0.6, 1, 0.8, 0};
  for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], expected[i], 1e-15) << i;
}

TEST(LpNormalize, ErrorsSayWhatWasExpected) {
  EXPECT_CONTAINS(errorOf([] { LpNormalize<float>(0.5); }),
                  "Normalize: p must be >= 1 (or infinity), got 0.5");
  EXPECT_CONTAINS(errorOf([] { createModule<float>("Normalize", Attributes()); }),
                  "Normalize: option 'p' is required (a number)");
  LpNormalize<float> n(2);
  n.setName("l2");
  EXPECT_CONTAINS(
      errorOf([&] {
        n.forward(Tensor<float>({2, 3, 4}));
      }),
      "layer 'l2' (Normalize): expected input of shape [D], [N, D] or [N, C, H, W], got [2, 3, 4]");
}

}  // namespace
}  // namespace ringdl
