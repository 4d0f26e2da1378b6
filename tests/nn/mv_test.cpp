// MV: trans agrees with a transposed matrix, a batch is its items' products, and the shape errors say what
// would be right (gradients and PyTorch's values, with and without trans, one pair and a batch, are in
// conformance_test.cpp).
#include "ringdl/nn/layers/table/mv.h"

#include <gtest/gtest.h>

#include "support/activities.h"
#include "support/error_text.h"
#include "support/grad_check.h"
#include "support/layer_fixture.h"

namespace ringdl {
namespace {

using test::errorOf;

Activity<double> pair(const Tensor<double>& m, const Tensor<double>& v) {
  return Activity<double>::table({m, v});
}

TEST(MV, TransEqualsATransposedMatrix) {
  const Tensor<double> m = test::randomTensor({4, 3}, 1), v = test::randomTensor({4}, 2);
  const Tensor<double> g = test::randomTensor({3}, 3);
  MV<double> trans(true), plain;
  const Activity<double> stored = pair(m, v), transposed = pair(m.transpose(0, 1), v);
  EXPECT_TRUE(
      test::matchesReference(plain.forward(transposed), test::deepCopy(trans.forward(stored)), "output"));
  const Activity<double> gs = test::deepCopy(trans.backward(stored, g));
  const Activity<double>& gt = plain.backward(transposed, g);
  EXPECT_TRUE(
      test::matchesReference(Activity<double>(gt[0].toTensor().transpose(0, 1)), gs[0], "gradient of M"));
  EXPECT_TRUE(test::matchesReference(gt[1], gs[1], "gradient of v"));
}

TEST(MV, ABatchIsTheProductsOfItsItems) {
  const Tensor<double> m = test::randomTensor({3, 2, 4}, 1), v = test::randomTensor({3, 4}, 2);
  MV<double> batched, single;
  const Tensor<double> y = batched.forward(pair(m, v)).toTensor().clone();
  ASSERT_EQ(y.shape(), (Shape{3, 2}));
  for (int64_t i = 0; i < 3; ++i)
    EXPECT_TRUE(test::matchesReference(single.forward(pair(m.select(0, i), v.select(0, i))),
                                       Activity<double>(y.select(0, i).contiguous()), "item"));
}

TEST(MV, ShapeErrorsSayWhatWouldBeRight) {
  const auto e = [](MV<double> mv, const Shape& m, const Shape& v) {
    mv.setName("mv");
    return errorOf([&] { mv.forward(pair(Tensor<double>(m), Tensor<double>(v))); });
  };
  EXPECT_CONTAINS(
      e(MV<double>(), {3, 4}, {3}),
      "layer 'mv' (MV): op(M) is 3x4 but v has 3 elements: they must match op(M)'s columns (M [3, 4] "
      "and v [3], trans = false)");
  EXPECT_CONTAINS(e(MV<double>(true), {3, 4}, {4}), "op(M) is 4x3 but v has 4 elements");
  EXPECT_CONTAINS(e(MV<double>(), {2, 3, 4}, {3, 4}), "M [2, 3, 4] and v [3, 4] have different batch sizes");
  EXPECT_CONTAINS(
      e(MV<double>(), {2, 3, 4}, {4}),
      "takes {M, v} of a matrix [m, n] and a vector [n], or a batch of them, [N, m, n] and [N, n]; got "
      "M [2, 3, 4] and v [4]");
}

}  // namespace
}  // namespace ringdl
