// SplitTable: slices are views of the input, BigDL's batch rule, and errors (gradients, PyTorch values,
// configuration and saving are in conformance_test.cpp).
#include "ringdl/nn/layers/table/split_table.h"

#include <gtest/gtest.h>

#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using A = Activity<double>;

TEST(SplitTable, SlicesAreViewsOfTheInput) {
  const Tensor<double> x = test::randomTensor({2, 3, 4});
  SplitTable<double> split(1);
  const A& y = split.forward(x);
  ASSERT_EQ(y.toTable().size(), 3u);
  for (int64_t i = 0; i < 3; ++i) {
    const Tensor<double>& s = y[i].toTensor();
    EXPECT_TRUE(s.sharesStorageWith(x));
    EXPECT_EQ(s.shape(), (Shape{2, 4}));
    EXPECT_EQ(s.toVector(), x.select(1, i).toVector());
  }
}

TEST(SplitTable, OneLayerSplitsSamplesAndBatches) {
  SplitTable<double> split(0, 2);  // one sample is a matrix
  EXPECT_EQ(split.forward(Tensor<double>({3, 4})).toTable().size(), 3u);
  EXPECT_EQ(split.forward(Tensor<double>({5, 3, 4})).toTable().size(),
            3u);  // the batch of 5 stays in each slice
  EXPECT_EQ(split.output()[0].toTensor().shape(), (Shape{5, 4}));
}

TEST(SplitTable, Errors) {
  SplitTable<double> split(2);
  EXPECT_CONTAINS(
      test::errorOf([&] {
        split.forward(Tensor<double>({2, 3}));
      }),
      "layer 'SplitTable' (SplitTable): dimension 2 is out of range for an input of shape [2, 3] (2 "
      "dimensions)");
  EXPECT_CONTAINS(test::errorOf([&] {
                    split.forward(A::table({Tensor<double>({2, 3})}));
                  }),
                  "takes a Tensor to split, got a Table of 1 entry");
  const Tensor<double> x({2, 3, 2});
  const A two = A::table({Tensor<double>({2, 3}), Tensor<double>({2, 3})});
  EXPECT_CONTAINS(test::errorOf([&] {
                    split.backward(x, A::table({Tensor<double>({2, 3})}));
                  }),
                  "gradOutput must be a Table of 2 slices of shape [2, 3], got a Table of 1 entry");
  EXPECT_CONTAINS(test::errorOf([&] {
                    split.backward(x, A::table({Tensor<double>({2, 3}), Tensor<double>({3, 2})}));
                  }),
                  "gradOutput entry 1 is a Tensor of shape [3, 2] but the slices have shape [2, 3]");
  EXPECT_NO_THROW(split.backward(x, two));
}

}  // namespace
}  // namespace ringdl
