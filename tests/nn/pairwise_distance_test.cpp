// PairwiseDistance: the norm option (p >= 1, integers from model files), distances worked by hand, and the
// gradient where the distance has none (a == b: 0, not nan), none of which random rows reach (the gradient
// check and PyTorch's values for p = 1, 1.5, 2, 3 are in conformance_test.cpp).
#include "ringdl/nn/layers/table/pairwise_distance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ringdl/nn/registry.h"
#include "support/activities.h"
#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

Activity<double> pair(const Shape& shape, std::vector<double> a, std::vector<double> b) {
  return Activity<double>::table(
      {Tensor<double>::fromVector(shape, a), Tensor<double>::fromVector(shape, b)});
}

TEST(PairwiseDistance, NormIsAnyPAtLeastOne) {
  EXPECT_CONTAINS(errorOf([] { PairwiseDistance<float>(0.5); }),
                  "PairwiseDistance: norm must be a number p >= 1 (the p of the p-norm), got 0.5");
  EXPECT_CONTAINS(errorOf([] { createModule<float>("PairwiseDistance", Attributes().set("norm", 0)); }),
                  "norm must be a number p >= 1");
  EXPECT_CONTAINS(errorOf([] { PairwiseDistance<float> p(std::numeric_limits<double>::infinity()); }),
                  "norm must be a number p >= 1");
  // A model file's `norm: 3` is an integer: read as 3.0.
  ModulePtr<float> three = createModule<float>("PairwiseDistance", Attributes().set("norm", 3));
  EXPECT_TRUE(three->config() == Attributes().set("norm", 3.0));
}

TEST(PairwiseDistance, DistancesByHand) {
  const Activity<double> x = pair({2, 2}, {0, 0, 1, 1}, {3, -4, 1, 1});
  const auto distances = [&](double p) {
    return PairwiseDistance<double>(p).forward(x).toTensor().toVector();
  };
  EXPECT_EQ(distances(1), (std::vector<double>{7, 0}));
  EXPECT_EQ(distances(2), (std::vector<double>{5, 0}));
  EXPECT_NEAR(distances(3)[0], std::cbrt(27.0 + 64.0), 1e-12);
  EXPECT_NEAR(distances(1.5)[0], std::pow(std::pow(3.0, 1.5) + std::pow(4.0, 1.5), 1 / 1.5), 1e-12);
  // One row ([D]) gives [1], as BigDL does.
  EXPECT_EQ(PairwiseDistance<double>().forward(pair({2}, {0, 0}, {3, 4})).toTensor().shape(), (Shape{1}));
}

TEST(PairwiseDistance, EqualRowsHaveTheSubgradientZero) {
  // Row 0: a == b; row 1: equal in element 0 only.
  const Activity<double> x = pair({2, 2}, {1, 2, 5, 1}, {1, 2, 5, 4});
  const Tensor<double> g = Tensor<double>::fromVector({2}, {2, 3});
  for (double p : {1.0, 1.5, 2.0, 3.0}) {
    SCOPED_TRACE(p);
    PairwiseDistance<double> layer(p);
    layer.forward(x);
    const Activity<double>& grads = layer.backward(x, g);
    const std::vector<double> ga = grads[0].toTensor().toVector(), gb = grads[1].toTensor().toVector();
    // Row 1's distance is |1 - 4| = 3 for every p, so d/da = sign(a - b) = -1 there, times gradOutput 3.
    EXPECT_EQ(ga, (std::vector<double>{0, 0, 0, -3}));
    EXPECT_EQ(gb, (std::vector<double>{0, 0, 0, 3}));
  }
}

}  // namespace
}  // namespace ringdl
