// MM: transA/transB agree with transposed inputs, a batch is its items' products, and the shape errors say
// what would be right (gradients and PyTorch's values for every transA/transB pair, 2-D, 3-D and 4-D, are in
// conformance_test.cpp).
#include "ringdl/nn/layers/table/mm.h"

#include <gtest/gtest.h>

#include "support/activities.h"
#include "support/error_text.h"
#include "support/grad_check.h"
#include "support/layer_fixture.h"

namespace ringdl {
namespace {

using test::errorOf;

Activity<double> pair(const Tensor<double>& a, const Tensor<double>& b) {
  return Activity<double>::table({a, b});
}

TEST(MM, TransposeOptionsEqualTransposedInputs) {
  const Tensor<double> a = test::randomTensor({4, 3}, 1), b = test::randomTensor({2, 4}, 2);
  const Tensor<double> g = test::randomTensor({3, 2}, 3);
  MM<double> both(true, true), plain;
  const Activity<double> stored = pair(a, b), transposed = pair(a.transpose(0, 1), b.transpose(0, 1));
  const Activity<double> y = test::deepCopy(both.forward(stored));
  EXPECT_TRUE(test::matchesReference(plain.forward(transposed), y, "output"));
  // The gradients of the transposed views are the transposes of the stored inputs' gradients.
  const Activity<double> gs = test::deepCopy(both.backward(stored, g));
  const Activity<double>& gt = plain.backward(transposed, g);
  EXPECT_TRUE(
      test::matchesReference(Activity<double>(gt[0].toTensor().transpose(0, 1)), gs[0], "gradient of A"));
  EXPECT_TRUE(
      test::matchesReference(Activity<double>(gt[1].toTensor().transpose(0, 1)), gs[1], "gradient of B"));
}

TEST(MM, ABatchIsTheProductsOfItsItems) {
  const Tensor<double> a = test::randomTensor({3, 2, 4}, 1), b = test::randomTensor({3, 4, 5}, 2);
  MM<double> batched, single;
  const Tensor<double> y = batched.forward(pair(a, b)).toTensor().clone();
  ASSERT_EQ(y.shape(), (Shape{3, 2, 5}));
  for (int64_t i = 0; i < 3; ++i)
    EXPECT_TRUE(test::matchesReference(single.forward(pair(a.select(0, i), b.select(0, i))),
                                       Activity<double>(y.select(0, i).contiguous()), "item"));
}

TEST(MM, ShapeErrorsSayWhatWouldBeRight) {
  const auto e = [](MM<double> m, const Shape& a, const Shape& b) {
    m.setName("mm");
    return errorOf([&] { m.forward(pair(Tensor<double>(a), Tensor<double>(b))); });
  };
  EXPECT_CONTAINS(
      e(MM<double>(), {3, 4}, {5, 2}),
      "layer 'mm' (MM): op(A) is 3x4 but op(B) is 5x2: op(A)'s columns must match op(B)'s rows (A [3, "
      "4] and B [5, 2], transA = false, transB = false)");
  EXPECT_CONTAINS(e(MM<double>(true, false), {3, 4}, {4, 2}), "op(A) is 4x3 but op(B) is 4x2");
  EXPECT_CONTAINS(
      e(MM<double>(), {2, 3, 4}, {3, 4, 5}),
      "A [2, 3, 4] and B [3, 4, 5] have different batch dimensions (all but the last two must agree)");
  EXPECT_CONTAINS(
      e(MM<double>(), {3, 4}, {2, 4, 2}),
      "takes {A, B} of two 2-D matrices, or two batches of them of one rank ([N, m, k] and [N, k, n]), "
      "got A [3, 4] and B [2, 4, 2]");
  EXPECT_CONTAINS(e(MM<double>(), {4}, {4}), "got A [4] and B [4]");
}

TEST(MM, EmptyInnerDimensionGivesZeros) {
  MM<double> m;
  const Activity<double> x = pair(Tensor<double>({2, 0}), Tensor<double>({0, 3}));
  EXPECT_EQ(m.forward(x).toTensor().toVector(), std::vector<double>(6, 0.0));
  test::expectGradientsMatch(m, x);
}

}  // namespace
}  // namespace ringdl
