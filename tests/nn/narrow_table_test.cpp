// NarrowTable: BigDL's negative length, shared entries and gradients with zeros for the others, and errors
// (values, gradients, configuration and saving are in conformance_test.cpp).
#include "ringdl/nn/layers/table/narrow_table.h"

#include <gtest/gtest.h>

#include "support/activities.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using A = Activity<double>;

A vectors(std::vector<int64_t> sizes) {
  std::vector<A> items;
  for (int64_t n : sizes) items.push_back(test::randomTensor({n}, static_cast<uint64_t>(n)));
  return A::table(std::move(items));
}

TEST(NarrowTable, NegativeLengthCountsFromTheEnd) {
  const A x = vectors({1, 2, 3, 4, 5});
  EXPECT_EQ(test::describe(NarrowTable<double>(1, -1).forward(x)), "{[2], [3], [4], [5]}");
  EXPECT_EQ(test::describe(NarrowTable<double>(1, -2).forward(x)), "{[2], [3], [4]}");
  EXPECT_EQ(test::describe(NarrowTable<double>(4, -1).forward(x)), "{[5]}");
  EXPECT_EQ(test::describe(NarrowTable<double>(2).forward(x)), "{[3]}");  // a Table of one entry
}

TEST(NarrowTable, SharesTheEntriesAndTheirGradients) {
  const A x = vectors({1, 2, 3});
  NarrowTable<double> narrow(1, 2);
  const A& y = narrow.forward(x);
  EXPECT_EQ(y[0].toTensor().data(), x[1].toTensor().data());
  const A g = vectors({2, 3});
  const A& gi = narrow.backward(x, g);
  EXPECT_EQ(test::describe(gi), "{[1], [2], [3]}");
  EXPECT_EQ(gi[0].toTensor().toVector(), std::vector<double>{0.0});
  EXPECT_EQ(gi[2].toTensor().data(), g[1].toTensor().data());
}

TEST(NarrowTable, Errors) {
  const A x = vectors({1, 2, 3});
  EXPECT_CONTAINS(
      test::errorOf([&] { NarrowTable<double>(2, 2).forward(x); }),
      "layer 'NarrowTable' (NarrowTable): entries 2..3 (offset 2, length 2) are out of range for a "
      "Table of 3 entries");
  EXPECT_CONTAINS(
      test::errorOf([&] { NarrowTable<double>(2, -3).forward(x); }),
      "offset 2 and length -3 keep no entry of a Table of 3 entries (a negative length keeps entries "
      "offset .. n + length, here 2..0)");
  EXPECT_CONTAINS(test::errorOf([&] { NarrowTable<double>(0).forward(Tensor<double>({3})); }),
                  "takes a Table to narrow, got a Tensor of shape [3]");
  EXPECT_CONTAINS(test::errorOf([&] { NarrowTable<double>(0, 2).backward(x, vectors({1})); }),
                  "gradOutput must be a Table of 2 entries (the kept ones), got a Table of 1 entry");
  EXPECT_CONTAINS(test::errorOf([&] {
                    NarrowTable<double>(0, 2).backward(x, vectors({1, 3}));
                  }),
                  "gradOutput entry 1 [3] must have the shape of input entry 1, [2]");
  EXPECT_CONTAINS(test::errorOf([] { NarrowTable<double>(0, 0); }), "length must be positive, or negative");
  EXPECT_CONTAINS(test::errorOf([] { NarrowTable<double>(-1); }), "offset must be 0 or more");
}

}  // namespace
}  // namespace ringdl
