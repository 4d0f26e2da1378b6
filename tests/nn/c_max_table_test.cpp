// CMaxTable and CMinTable (mirrors of one another, so tested together): which entry gets the gradient when
// entries tie, BigDL's rule of the first entry holding the value (random inputs never tie, so the conformance
// rows cannot see it).
#include "ringdl/nn/layers/table/c_max_table.h"

#include <gtest/gtest.h>

#include "ringdl/nn/layers/table/c_min_table.h"
#include "support/activities.h"

namespace ringdl {
namespace {

Tensor<double> vec(std::vector<double> v) {
  return Tensor<double>::fromVector({static_cast<int64_t>(v.size())}, v);
}

Activity<double> tableOf(std::vector<Activity<double>> items) {
  return Activity<double>::table(std::move(items));
}

TEST(CMaxTable, ATieGoesToTheFirstEntryHoldingTheMaximum) {
  // Element 0: entries 1 and 2 tie; 1: entries 0 and 1; 2: all three; 3: entries 0 and 2.
  const Activity<double> x = tableOf({vec({1, 5, 2, 7}), vec({3, 5, 2, 0}), vec({3, 4, 2, 7})});
  CMaxTable<double> layer;
  EXPECT_TRUE(test::identical(layer.forward(x), Activity<double>(vec({3, 5, 2, 7}))));
  EXPECT_TRUE(test::identical(layer.backward(x, vec({1, 2, 3, 4})),
                              tableOf({vec({0, 2, 3, 4}), vec({1, 0, 0, 0}), vec({0, 0, 0, 0})})));
}

TEST(CMinTable, ATieGoesToTheFirstEntryHoldingTheMinimum) {
  // Element 0: entry 2 alone; 1: entries 1 and 2 tie; 2: entries 0 and 2; 3: all three.
  const Activity<double> x = tableOf({vec({1, 5, 2, 7}), vec({1, 4, 3, 7}), vec({0, 4, 2, 7})});
  CMinTable<double> layer;
  EXPECT_TRUE(test::identical(layer.forward(x), Activity<double>(vec({0, 4, 2, 7}))));
  EXPECT_TRUE(test::identical(layer.backward(x, vec({1, 2, 3, 4})),
                              tableOf({vec({0, 0, 3, 4}), vec({0, 2, 0, 0}), vec({1, 0, 0, 0})})));
}

TEST(CMaxTable, BackwardFollowsTheLatestForward) {
  CMaxTable<double> layer;
  const Activity<double> first = tableOf({vec({2, 0}), vec({1, 1})}),
                         second = tableOf({vec({0, 2}), vec({1, 1})});
  layer.forward(first);
  layer.forward(second);
  EXPECT_TRUE(test::identical(layer.backward(second, vec({5, 6})), tableOf({vec({0, 6}), vec({5, 0})})));
}

}  // namespace
}  // namespace ringdl
