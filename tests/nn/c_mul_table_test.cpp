// CMulTable: zeros in the entries, where a gradient computed as output / x_i would be nan; the product of the
// other entries is exact instead (values for random entries are in conformance_test.cpp).
#include "ringdl/nn/layers/table/c_mul_table.h"

#include <gtest/gtest.h>

#include "support/activities.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

Tensor<double> vec(std::vector<double> v) {
  return Tensor<double>::fromVector({static_cast<int64_t>(v.size())}, v);
}

TEST(CMulTable, ZerosInTheEntriesGiveExactGradients) {
  const Activity<double> x =
      Activity<double>::table({vec({0, 2, 3, 0}), vec({4, 0, 5, 0}), vec({6, 7, 0, 1}), vec({1, 1, 1, 2})});
  CMulTable<double> layer;
  EXPECT_TRUE(test::identical(layer.forward(x), Activity<double>(vec({0, 0, 0, 0}))));
  // Entry i's gradient is gradOutput times the product of the other entries.
  EXPECT_TRUE(test::identical(layer.backward(x, vec({1, 2, 3, 4})),
                              Activity<double>::table({vec({24, 0, 0, 0}), vec({0, 28, 0, 0}),
                                                       vec({0, 0, 45, 0}), vec({0, 0, 0, 0})})));
  test::expectGradientsMatch(layer, x);
}

}  // namespace
}  // namespace ringdl
