// CosineDistance: BigDL's epsilon for zero rows (0, and a finite gradient, where a.b / (|a| |b|) is 0/0) and
// the bounds of the similarity (values for rows of random numbers are in conformance_test.cpp, against
// PyTorch's cosine_similarity).
#include "ringdl/nn/layers/table/cosine_distance.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/activities.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

Tensor<double> rows(std::vector<double> v) {
  return Tensor<double>::fromVector({static_cast<int64_t>(v.size() / 3), 3}, v);
}

TEST(CosineDistance, AZeroRowGivesZeroAndTheEpsilonsFiniteGradient) {
  // Row 0: a is zero; row 1: b is zero; row 2: both are.
  const Tensor<double> a = rows({0, 0, 0, 1, 2, 2, 0, 0, 0}), b = rows({1, 2, 2, 0, 0, 0, 0, 0, 0});
  const Activity<double> x = Activity<double>::table({a, b});
  CosineDistance<double> layer;
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), (std::vector<double>{0, 0, 0}));
  const Activity<double> g = layer.backward(x, Tensor<double>::fromVector({3}, {1, 1, 1}));
  // d/da at a = 0 is b / sqrt(1e-12 (|b|^2 + 1e-12)), about b / (3e-6) for |b| = 3.
  const double scale = 1 / std::sqrt(1e-12 * (9 + 1e-12));
  const std::vector<double> ga = g[0].toTensor().toVector(), gb = g[1].toTensor().toVector();
  const std::vector<double> expectedA = {scale, 2 * scale, 2 * scale, 0, 0, 0, 0, 0, 0};
  const std::vector<double> expectedB = {0, 0, 0, scale, 2 * scale, 2 * scale, 0, 0, 0};
  for (size_t i = 0; i < ga.size(); ++i) {
    EXPECT_NEAR(ga[i], expectedA[i], 1e-9 * scale) << "gradient of a, element " << i;
    EXPECT_NEAR(gb[i], expectedB[i], 1e-9 * scale) << "gradient of b, element " << i;
  }
}

TEST(CosineDistance, IsASimilarityFromMinusOneToOne) {
  const Tensor<double> b = rows({1, -2, 0.5, 3, 1, -1});
  const Tensor<double> same = rows({2, -4, 1, 6, 2, -2}), opposite = rows({-1, 2, -0.5, -0.3, -0.1, 0.1});
  const Tensor<double> orthogonal = rows({2, 1, 0, 0, 1, 1});
  CosineDistance<double> layer;
  const auto cosines = [&](const Tensor<double>& a) {
    return layer.forward(Activity<double>::table({a, b})).toTensor().toVector();
  };
  // Within the epsilon's share, about 1e-12 / |a|^2 (|a|^2 is 0.11 in the second opposite row).
  for (double c : cosines(same)) EXPECT_NEAR(c, 1, 1e-10);
  for (double c : cosines(opposite)) EXPECT_NEAR(c, -1, 1e-10);
  for (double c : cosines(orthogonal)) EXPECT_NEAR(c, 0, 1e-10);
}

}  // namespace
}  // namespace ringdl
