// SelectTable: the selected entry and its gradient are shared, the other entries' gradients are zeros of
// their own nesting that never alias a gradient given earlier, and errors say the valid range (values,
// gradients, configuration and saving are in conformance_test.cpp).
#include "ringdl/nn/layers/table/select_table.h"

#include <gtest/gtest.h>

#include "support/activities.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using A = Activity<double>;

A nested() {
  return A::table({test::randomTensor({2, 3}, 1), A::table({test::randomTensor({2}, 2), A::table({})}),
                   test::randomTensor({4}, 3)});
}

TEST(SelectTable, SharesTheEntryAndItsGradientAndZerosTheOthers) {
  const A x = nested();
  SelectTable<double> select(-1);
  EXPECT_EQ(select.forward(x).toTensor().data(), x[2].toTensor().data());
  const Tensor<double> g = test::randomTensor({4}, 4);
  const A& gi = select.backward(x, g);
  EXPECT_EQ(test::describe(gi), "{[2, 3], {[2], {}}, [4]}");
  EXPECT_EQ(gi[2].toTensor().data(), g.data());
  for (const Tensor<double>* t : test::leaves(gi[0])) EXPECT_EQ(t->toVector(), std::vector<double>(6, 0.0));
  for (const Tensor<double>* t : test::leaves(gi[1])) EXPECT_EQ(t->toVector(), std::vector<double>(2, 0.0));
}

TEST(SelectTable, ZerosNeverWriteIntoAnEarlierGradient) {
  // -1 selects entry 1 of two, then entry 2 of three: entry 1's zeros must not land in the first gradient.
  SelectTable<double> last(-1);
  const A two = A::table({Tensor<double>({3}), Tensor<double>({3})});
  const Tensor<double> g = Tensor<double>::full({3}, 7);
  last.forward(two);
  last.backward(two, g);
  const A three = A::table({Tensor<double>({3}), Tensor<double>({3}), Tensor<double>({3})});
  last.forward(three);
  const A& gi = last.backward(three, Tensor<double>::full({3}, 1));
  EXPECT_EQ(g.toVector(), std::vector<double>(3, 7.0));
  EXPECT_EQ(gi[1].toTensor().toVector(), std::vector<double>(3, 0.0));
  EXPECT_FALSE(gi[1].toTensor().sharesStorageWith(g));
}

TEST(SelectTable, ErrorsSayTheValidRange) {
  const A x = nested();
  EXPECT_CONTAINS(
      test::errorOf([&] { SelectTable<double>(3).forward(x); }),
      "layer 'SelectTable' (SelectTable): index 3 is out of range for a Table of 3 entries (0..2, or "
      "-3..-1 from the end)");
  EXPECT_CONTAINS(test::errorOf([&] { SelectTable<double>(-4).forward(x); }), "index -4 is out of range");
  EXPECT_CONTAINS(test::errorOf([&] { SelectTable<double>(0).forward(A::table({})); }),
                  "index 0 is out of range for a Table of 0 entries");
  EXPECT_CONTAINS(test::errorOf([&] {
                    SelectTable<double>(0).forward(Tensor<double>({2, 3}));
                  }),
                  "takes a Table to select entry 0 from, got a Tensor of shape [2, 3]");
  SelectTable<double> second(1);
  EXPECT_CONTAINS(test::errorOf([&] { second.backward(x, Tensor<double>({2})); }),
                  "gradOutput [2] must have the shape of the selected entry 1, {[2], {}}");
}

}  // namespace
}  // namespace ringdl
