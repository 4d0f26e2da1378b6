// The row-pair criterion family: the Table and label checks of the pair criterions, values worked by hand
// (gradients and PyTorch values are in conformance_test.cpp).
#include "ringdl/nn/criterions/row_pair_criterions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

Tensor<double> vec(Shape shape, std::vector<double> v) { return Tensor<double>::fromVector(shape, v); }
Activity<double> pair(Tensor<double> a, Tensor<double> b) {
  return Activity<double>::table({Activity<double>(a), Activity<double>(b)});
}

TEST(CosineEmbeddingCriterion, LabelsMustBeOneOrMinusOne) {
  CosineEmbeddingCriterion<double> c;
  const std::string msg = errorOf([&] {
    c.forward(pair(vec({2, 2}, {1, 0, 0, 1}), vec({2, 2}, {1, 0, 1, 0})), Activity<double>(vec({2}, {1, 0})));
  });
  for (const char* part :
       {"CosineEmbeddingCriterion", "target 0 at position 1", "1 (similar)", "-1 (dissimilar)"})
    EXPECT_CONTAINS(msg, part);
}

TEST(CosineEmbeddingCriterion, TakesATableOfTwoTensorsOfOneShape) {
  CosineEmbeddingCriterion<double> c;
  const Activity<double> y(vec({2}, {1, -1}));
  EXPECT_CONTAINS(errorOf([&] {
                    c.forward(Activity<double>(vec({2, 2}, {1, 0, 0, 1})), y);
                  }),
                  "Table {x1, x2}");
  EXPECT_CONTAINS(errorOf([&] {
                    c.forward(pair(Tensor<double>({2, 2}), Tensor<double>({2, 3})), y);
                  }),
                  "x1 of shape [2, 2] and x2 of shape [2, 3] differ");
  EXPECT_CONTAINS(errorOf([&] {
                    c.forward(pair(Tensor<double>({2, 2}), Tensor<double>({2, 2})),
                              Activity<double>(vec({3}, {1, 1, 1})));
                  }),
                  "does not give one label per record");
}

TEST(CosineEmbeddingCriterion, ByHand) {
  CosineEmbeddingCriterionFn o;
  o.margin = 0.5;
  CosineEmbeddingCriterion<double> c(o);
  // Row 0: parallel, similar: 1 - 1 = 0. Row 1: cos 1, dissimilar: max(0, 1 - 0.5). Row 2: orthogonal,
  // dissimilar: max(0, 0 - 0.5) = 0.
  const Activity<double> x = pair(vec({3, 2}, {1, 0, 2, 2, 1, 0}), vec({3, 2}, {3, 0, 1, 1, 0, 1}));
  EXPECT_NEAR(c.forward(x, Activity<double>(vec({3}, {1, -1, -1}))), 0.5 / 3, 1e-9);
}

TEST(L1HingeEmbeddingCriterion, ByHand) {
  L1HingeEmbeddingCriterion<double> c;  // margin 1
  // d = |1 - 0| + |2 - 2.5| = 1.5: similar gives 1.5, dissimilar max(0, 1 - 1.5) = 0.
  const Activity<double> x = pair(vec({2}, {1, 2}), vec({2}, {0, 2.5}));
  EXPECT_DOUBLE_EQ(c.forward(x, Activity<double>(vec({1}, {1}))), 1.5);
  EXPECT_DOUBLE_EQ(c.forward(x, Activity<double>(vec({1}, {-1}))), 0);
  const Activity<double>& g = c.backward(x, Activity<double>(vec({1}, {1})));
  EXPECT_EQ(g.toTable()[0].toTensor().toVector(), (std::vector<double>{1, -1}));
  EXPECT_EQ(g.toTable()[1].toTensor().toVector(), (std::vector<double>{-1, 1}));
}

TEST(DiceCoefficientCriterion, ByHand) {
  DiceCoefficientCriterion<double> c;  // epsilon 1, mean over records
  // Record 0: 1 - (2 * 1 + 1) / (1 + 1 + 1) = 0; record 1: 1 - (0 + 1) / (1 + 0 + 1) = 0.5.
  EXPECT_DOUBLE_EQ(
      c.forward(Activity<double>(vec({2, 2}, {1, 0, 0, 1})), Activity<double>(vec({2, 2}, {1, 0, 0, 0}))),
      0.25);
}

TEST(CosineDistanceCriterion, InputAndTargetMustHaveOneShape) {
  const std::string msg = errorOf([] {
    CosineDistanceCriterion<float>().forward(Activity<float>(Tensor<float>({2, 3})),
                                             Activity<float>(Tensor<float>({3, 2})));
  });
  for (const char* part : {"CosineDistanceCriterion", "[2, 3]", "[3, 2]"}) EXPECT_CONTAINS(msg, part);
}

}  // namespace
}  // namespace ringdl
