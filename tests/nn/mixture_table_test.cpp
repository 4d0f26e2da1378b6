// MixtureTable: a Table of experts and the same experts stacked in one Tensor agree, dim is unused with a
// Table, and errors (values, gradients, configuration and saving are in conformance_test.cpp).
#include "ringdl/nn/layers/table/mixture_table.h"

#include <gtest/gtest.h>

#include "ringdl/tensor/math.h"
#include "support/activities.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using A = Activity<double>;

TEST(MixtureTable, ATableOfExpertsAndOneTensorOfThemAgree) {
  const Tensor<double> gater = test::randomTensor({2, 3}, 1);
  const Tensor<double> stacked = test::randomTensor({2, 3, 4}, 2);  // [N, E, 4]
  const A table =
      A::table({gater, A::table({stacked.select(1, 0), stacked.select(1, 1), stacked.select(1, 2)})});
  const Tensor<double> gy = test::randomTensor({2, 4}, 3);
  MixtureTable<double> fromTable, fromTensor, fromTableWithDim(5);  // dim is not used with a Table of experts
  const Tensor<double> y = fromTable.forward(table).toTensor().clone();
  EXPECT_TRUE(test::identical(fromTableWithDim.forward(table), A(y)));
  EXPECT_TRUE(allClose(fromTensor.forward(A::table({gater, stacked})).toTensor(), y, 1e-14, 1e-14));
  const A gTable = test::deepCopy(fromTable.backward(table, gy));
  const A gTensor = fromTensor.backward(A::table({gater, stacked}), gy);
  EXPECT_TRUE(allClose(gTensor[0].toTensor(), gTable[0].toTensor(), 1e-14, 1e-14));
  for (int64_t e = 0; e < 3; ++e)
    EXPECT_TRUE(
        allClose(gTensor[1].toTensor().select(1, e).contiguous(), gTable[1][e].toTensor(), 1e-14, 1e-14));
}

TEST(MixtureTable, Errors) {
  MixtureTable<double> mix;
  EXPECT_CONTAINS(
      test::errorOf([&] {
        mix.forward(Tensor<double>({2, 3}));
      }),
      "layer 'MixtureTable' (MixtureTable): takes a Table {gater, experts}, got a Tensor of shape [2, 3]");
  EXPECT_CONTAINS(
      test::errorOf([&] {
        mix.forward(A::table({Tensor<double>({2, 3, 1}), Tensor<double>({2, 3})}));
      }),
      "the gater (entry 0) must be a Tensor [N, E] (or [E] for one sample), got a Tensor of shape "
      "[2, 3, 1]");
  EXPECT_CONTAINS(test::errorOf([&] {
                    mix.forward(A::table({Tensor<double>({2, 3}),
                                          A::table({Tensor<double>({2, 4}), Tensor<double>({2, 4})})}));
                  }),
                  "the gater [2, 3] weighs 3 experts but the experts (entry 1) are a Table of 2 entries");
  EXPECT_CONTAINS(test::errorOf([&] {
                    mix.forward(A::table({Tensor<double>({2, 3}), Tensor<double>({2, 4, 5})}));
                  }),
                  "the gater [2, 3] weighs 3 experts but the experts [2, 4, 5] have 4 in dimension 1");
  EXPECT_CONTAINS(test::errorOf([&] {
                    mix.forward(A::table({Tensor<double>({2, 3}), Tensor<double>({5, 3})}));
                  }),
                  "the gater [2, 3] has 2 samples but the experts [5, 3] have 5");
  MixtureTable<double> batchDim(0);
  EXPECT_CONTAINS(test::errorOf([&] {
                    batchDim.forward(A::table({Tensor<double>({2, 3}), Tensor<double>({2, 3})}));
                  }),
                  "dim 0 of the experts [2, 3] is out of range: with the gater [2, 3] it must be 1 .. rank - "
                  "1 (0 is the batch)");
  EXPECT_CONTAINS(
      test::errorOf([&] {
        mix.backward(A::table({Tensor<double>({3}), Tensor<double>({3, 4})}), Tensor<double>({3}));
      }),
      "gradOutput must have the output's shape [4], got a Tensor of shape [3]");
  EXPECT_CONTAINS(test::errorOf([] { MixtureTable<double>(-1); }), "dim must be 0 or more");
}

}  // namespace
}  // namespace ringdl
