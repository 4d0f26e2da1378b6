// JoinTable: BigDL's batch rule on one layer for samples and mini-batches, strided entries, and errors that
// name the entry and the dimension (gradients, PyTorch values, configuration and saving are in
// conformance_test.cpp).
#include "ringdl/nn/layers/table/join_table.h"

#include <gtest/gtest.h>

#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using A = Activity<double>;

A pair(Shape a, Shape b) { return A::table({Tensor<double>(a), Tensor<double>(b)}); }

TEST(JoinTable, OneLayerJoinsSamplesAndBatches) {
  JoinTable<double> join(0, 1);  // one sample is a vector
  EXPECT_EQ(join.forward(pair({3}, {2})).toTensor().shape(), (Shape{5}));
  EXPECT_EQ(join.forward(pair({4, 3}, {4, 2})).toTensor().shape(), (Shape{4, 5}));
  JoinTable<double> plain(0);
  EXPECT_EQ(plain.forward(pair({4, 3}, {1, 3})).toTensor().shape(), (Shape{5, 3}));
}

TEST(JoinTable, StridedEntriesAreJoinedByValue) {
  const Tensor<double> a = test::randomTensor({3, 2}, 1).transpose(0, 1);  // [2, 3], not contiguous
  const Tensor<double> b = test::randomTensor({2, 4}, 2);
  JoinTable<double> join(1);
  const Tensor<double> y = join.forward(A::table({a, b})).toTensor();
  ASSERT_EQ(y.shape(), (Shape{2, 7}));
  for (int64_t i = 0; i < 2; ++i) {
    for (int64_t j = 0; j < 3; ++j) EXPECT_EQ(y.at({i, j}), a.at({i, j}));
    for (int64_t j = 0; j < 4; ++j) EXPECT_EQ(y.at({i, 3 + j}), b.at({i, j}));
  }
  const A g = join.backward(A::table({a, b}), y);
  EXPECT_EQ(g[0].toTensor().toVector(), a.toVector());
  EXPECT_EQ(g[1].toTensor().toVector(), b.toVector());
}

TEST(JoinTable, ErrorsNameTheEntryAndTheDimension) {
  JoinTable<double> join(0);
  EXPECT_CONTAINS(
      test::errorOf([&] {
        join.forward(pair({2, 3}, {2, 4}));
      }),
      "layer 'JoinTable' (JoinTable): entry 1 has shape [2, 4] but entry 0 has [2, 3]: they differ in "
      "dimension 1, and only the join dimension 0 may differ");
  EXPECT_CONTAINS(
      test::errorOf([&] {
        join.forward(pair({2, 3}, {2, 3, 1}));
      }),
      "entry 1 has shape [2, 3, 1] but entry 0 has [2, 3]; the entries must have the same number of "
      "dimensions");
  EXPECT_CONTAINS(test::errorOf([&] {
                    join.forward(Tensor<double>({2, 3}));
                  }),
                  "takes a Table of Tensors to join, got a Tensor of shape [2, 3]");
  EXPECT_CONTAINS(test::errorOf([&] { join.forward(A::table({})); }), "got a Table of 0 entries");
  EXPECT_CONTAINS(test::errorOf([&] {
                    join.forward(A::table({Tensor<double>({2}), pair({2}, {2})}));
                  }),
                  "entry 1 is a Table of 2 entries; JoinTable joins Tensors");
  EXPECT_CONTAINS(test::errorOf([&] {
                    join.backward(pair({2, 3}, {1, 3}), Tensor<double>({3, 4}));
                  }),
                  "gradOutput must have the output's shape [3, 3], got a Tensor of shape [3, 4]");
}

TEST(JoinTable, ADimensionOutOfRangeSaysHowItWasCounted) {
  JoinTable<double> batched(1, 1);
  EXPECT_CONTAINS(
      test::errorOf([&] {
        batched.forward(pair({4, 3}, {4, 2}));
      }),
      "dimension 1 (2 past the batch dimension: nInputDims is 1 and the input has 2 dimensions) is out "
      "of range for entries of shape [4, 3] (2 dimensions)");
  JoinTable<double> fromTheEnd(-3);
  EXPECT_CONTAINS(test::errorOf([&] {
                    fromTheEnd.forward(pair({4, 3}, {4, 2}));
                  }),
                  "dimension -3 (counted from the end) is out of range for entries of shape [4, 3]");
  EXPECT_CONTAINS(test::errorOf([] { JoinTable<double>(0, -1); }),
                  "nInputDims must be 0 (no batch rule) or positive");
}

}  // namespace
}  // namespace ringdl
