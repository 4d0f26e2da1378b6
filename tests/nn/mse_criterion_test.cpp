// MSECriterion: element pairing across shapes, the size-mismatch message (gradients and PyTorch values are in
// conformance_test.cpp).
#include "ringdl/nn/criterions/mse_criterion.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ringdl {
namespace {

TEST(MSECriterion, PairsElementsInRowMajorOrder) {
  // BigDL pairs by position when shapes differ but sizes agree: [N, 1] output against [N] targets.
  MSECriterion<double> c;
  const Tensor<double> x = Tensor<double>::fromVector({3, 1}, {1, 2, 3});
  const Tensor<double> t = Tensor<double>::fromVector({3}, {1, 0, 0});
  EXPECT_DOUBLE_EQ(c.forward(x, t), (0 + 4 + 9) / 3.0);
  EXPECT_EQ(c.backward(x, t).toTensor().shape(), (Shape{3, 1}));
  EXPECT_EQ(c.gradInput().toTensor().toVector(), (std::vector<double>{0, 4.0 / 3, 2}));
}

TEST(MSECriterion, DefaultIsAveraging) { EXPECT_TRUE(MSECriterion<float>(Attributes()).sizeAverage()); }

TEST(MSECriterion, SizeMismatchNamesCriterionAndShapes) {
  MSECriterion<float> c;
  try {
    c.forward(Tensor<float>({4, 3}), Tensor<float>({4, 2}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    for (const char* part : {"MSECriterion", "[4, 3]", "12 elements", "[4, 2]", "8 elements"})
      EXPECT_NE(msg.find(part), std::string::npos) << "missing '" << part << "' in: " << msg;
  }
}

}  // namespace
}  // namespace ringdl
