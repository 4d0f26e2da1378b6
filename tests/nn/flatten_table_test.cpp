// FlattenTable: depth-first order, empty nested Tables kept in the gradient's nesting, shared tensors, and
// errors (values, gradients, configuration and saving are in conformance_test.cpp).
#include "ringdl/nn/layers/table/flatten_table.h"

#include <gtest/gtest.h>

#include "support/activities.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using A = Activity<double>;

TEST(FlattenTable, EmptyTablesVanishAndComeBack) {
  const A x = A::table({Tensor<double>({1}), A::table({}),
                        A::table({Tensor<double>({2}), A::table({A::table({})}), Tensor<double>({3})})});
  FlattenTable<double> flatten;
  const A& y = flatten.forward(x);
  EXPECT_EQ(test::describe(y), "{[1], [2], [3]}");
  const auto xs = test::leaves(x), ys = test::leaves(y);
  for (size_t k = 0; k < xs.size(); ++k) EXPECT_EQ(ys[k]->data(), xs[k]->data());
  const A g = test::deepCopy(y);
  const A& gi = flatten.backward(x, g);
  EXPECT_EQ(test::describe(gi), "{[1], {}, {[2], {{}}, [3]}}");
  EXPECT_EQ(gi[2][2].toTensor().data(), g[2].toTensor().data());
}

TEST(FlattenTable, Errors) {
  FlattenTable<double> flatten;
  EXPECT_CONTAINS(test::errorOf([&] { flatten.forward(Tensor<double>({2})); }),
                  "layer 'FlattenTable' (FlattenTable): takes a Table to flatten, got a Tensor of shape [2]");
  const A x = A::table({Tensor<double>({1}), A::table({Tensor<double>({2})})});
  EXPECT_CONTAINS(test::errorOf([&] { flatten.backward(x, A::table({Tensor<double>({1})})); }),
                  "gradOutput must be a flat Table of 2 Tensors (the input's), got a Table of 1 entry");
  EXPECT_CONTAINS(test::errorOf([&] {
                    flatten.backward(x, A::table({Tensor<double>({1}), Tensor<double>({3})}));
                  }),
                  "gradOutput entry 1 is a Tensor of shape [3] but Tensor 1 of the input has shape [2]");
}

}  // namespace
}  // namespace ringdl
