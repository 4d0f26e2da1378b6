// LookupTableSparse: padding ids and empty rows, the three combiners on a hand-computed row, ids checked with
// their position, and the combiner option (values against PyTorch, gradients, saving and clones are in
// conformance_test.cpp).
#include "ringdl/nn/layers/embedding/lookup_table_sparse.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "ringdl/nn.h"

namespace ringdl {
namespace {

Tensor<double> embeddings() { return Tensor<double>::fromVector({3, 2}, {1, 2, 10, 20, 100, 200}); }

Tensor<double> lookup(const std::string& combiner, const Tensor<double>& ids, const Tensor<double>& weights) {
  LookupTableSparse<double> table(3, 2, combiner);
  table.weight().copyFrom(embeddings());
  return table.forward(Activity<double>::table({ids, weights})).toTensor().clone();
}

TEST(LookupTableSparse, CombinesEachRowsWeightedEmbeddingsAndSkipsPadding) {
  // Row 0: ids 0 and 2 (weights 1 and 3), the -1 padding ignored whatever its weight; row 1: nothing.
  const Tensor<double> ids = Tensor<double>::fromVector({2, 3}, {0, -1, 2, -1, -1, -1});
  const Tensor<double> w = Tensor<double>::fromVector({2, 3}, {1, 50, 3, 7, 7, 7});
  const std::vector<double> sum = {1 + 300, 2 + 600};
  EXPECT_EQ(lookup("sum", ids, w).toVector(), (std::vector<double>{sum[0], sum[1], 0, 0}));
  EXPECT_EQ(lookup("mean", ids, w).toVector(), (std::vector<double>{sum[0] / 4, sum[1] / 4, 0, 0}));
  const Tensor<double> sqrtn = lookup("sqrtn", ids, w);
  EXPECT_NEAR(sqrtn.at({0, 0}), sum[0] / std::sqrt(10.0), 1e-12);
  EXPECT_EQ(sqrtn.at({1, 1}), 0.0) << "a row without ids gives zeros";
}

TEST(LookupTableSparse, IdsAloneWeighEveryIdOne) {
  LookupTableSparse<double> table(3, 2, "mean");
  table.weight().copyFrom(embeddings());
  const Tensor<double> ids = Tensor<double>::fromVector({1, 3}, {1, 1, 0});
  const Tensor<double>& y = table.forward(Activity<double>::table({ids})).toTensor();
  EXPECT_NEAR(y.at({0, 0}), 21.0 / 3, 1e-12);
  EXPECT_NEAR(y.at({0, 1}), 42.0 / 3, 1e-12);
}

TEST(LookupTableSparse, BadIdsAndOptionsAreErrors) {
  LookupTableSparse<float> table(3, 2);
  table.setName("tags");
  try {
    table.forward(Activity<float>::table({Tensor<float>::fromVector({1, 2}, {0, 3})}));
    ADD_FAILURE() << "id 3 of 3";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "layer 'tags' (LookupTableSparse): the index at [0, 1] is 3, outside 0 .. 2"),
              std::string::npos)
        << e.what();
  }
  try {
    LookupTableSparse<float>(3, 2, "max");
    ADD_FAILURE() << "combiner max";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("combiner must be \"sum\", \"mean\" or \"sqrtn\", got \"max\""),
              std::string::npos);
  }
}

}  // namespace
}  // namespace ringdl
