// The element-wise criterion family: what the conformance rows do not show, the checks of each element, the
// weights' count, a target that is not read, and values worked by hand (gradients and PyTorch values are in
// conformance_test.cpp).
#include "ringdl/nn/criterions/element_wise_criterions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

Tensor<double> vec(Shape shape, std::vector<double> v) { return Tensor<double>::fromVector(shape, v); }

TEST(BCECriterion, ProbabilitiesOutsideTheUnitIntervalAreAnErrorSayingWhatToUse) {
  BCECriterion<double> c;
  const std::string msg = errorOf([&] {
    c.forward(vec({2, 2}, {0.5, 0.2, 1.5, 0.1}), vec({2, 2}, {1, 0, 1, 0}));
  });
  for (const char* part : {"BCECriterion", "element 2", "input 1.5", "[0, 1]", "BCECriterionWithLogits"})
    EXPECT_CONTAINS(msg, part);
}

TEST(BCECriterion, WeightsAreOnePerElementOrPerElementOfARecord) {
  BCECriterionFn perRecord;
  perRecord.weights = {2, 0};
  BCECriterion<double> c(perRecord);
  const Tensor<double> x = vec({2, 2}, {0.25, 0.5, 0.75, 0.5}), t = vec({2, 2}, {1, 0, 0, 1});
  // -(2 log 0.25 + 2 log 0.25) / 4: the second column weighs nothing.
  EXPECT_NEAR(c.forward(x, t), -(2 * std::log(0.25) + 2 * std::log(0.25)) / 4, 1e-9);
  BCECriterionFn wrong;
  wrong.weights = {1, 2, 3};
  BCECriterion<double> bad(wrong);
  const std::string msg = errorOf([&] { bad.forward(x, t); });
  for (const char* part : {"BCECriterion", "3 weights", "[2, 2]", "one weight per element"})
    EXPECT_CONTAINS(msg, part);
}

TEST(HingeEmbeddingCriterion, TargetsOtherThanOneOrMinusOneAreAnError) {
  HingeEmbeddingCriterion<float> c;
  const std::string msg = errorOf([&] {
    c.forward(Tensor<float>::fromVector({3}, {0.1f, 0.2f, 0.3f}), Tensor<float>::fromVector({3}, {1, 0, -1}));
  });
  for (const char* part : {"HingeEmbeddingCriterion", "element 1", "target 0", "1 (similar) or -1"})
    EXPECT_CONTAINS(msg, part);
}

TEST(HingeEmbeddingCriterion, ByHand) {
  HingeEmbeddingCriterion<double> c;  // margin 1, mean over elements
  // 0.3 (target 1) + max(0, 1 - 0.25) (target -1) + max(0, 1 - 2) (target -1)
  EXPECT_DOUBLE_EQ(c.forward(vec({3}, {0.3, 0.25, 2}), vec({3}, {1, -1, -1})), (0.3 + 0.75 + 0) / 3);
  EXPECT_EQ(c.backward(vec({3}, {0.3, 0.25, 2}), vec({3}, {1, -1, -1})).toTensor().toVector(),
            (std::vector<double>{1.0 / 3, -1.0 / 3, 0}));
}

TEST(L1Cost, ReadsNoTarget) {
  L1Cost<double> c;
  EXPECT_DOUBLE_EQ(c.forward(vec({2, 2}, {1, -2, 0.5, -0.25}), Tensor<double>({7})), 3.75);
  EXPECT_EQ(c.backward(vec({2, 2}, {1, -2, 0.5, -0.25}), Tensor<double>()).toTensor().toVector(),
            (std::vector<double>{1, -1, 1, -1}));
}

TEST(DotProductCriterion, SumsByDefaultAndAveragesOverRecords) {
  const Tensor<double> x = vec({2, 2}, {1, 2, 3, 4}), t = vec({2, 2}, {1, 1, 0, -1});
  EXPECT_DOUBLE_EQ(DotProductCriterion<double>().forward(x, t), 1 + 2 - 4);
  DotProductCriterionFn averaged;
  averaged.sizeAverage = true;
  EXPECT_DOUBLE_EQ(DotProductCriterion<double>(averaged).forward(x, t), (1 + 2 - 4) / 2.0);
}

TEST(ElementWiseCriterion, SizeMismatchNamesTheCriterionAndBothShapes) {
  const std::string msg = errorOf([] {
    AbsCriterion<float>().forward(Tensor<float>({4, 3}), Tensor<float>({4, 2}));
  });
  for (const char* part : {"AbsCriterion", "[4, 3]", "12 elements", "[4, 2]", "8 elements"})
    EXPECT_CONTAINS(msg, part);
}

}  // namespace
}  // namespace ringdl
