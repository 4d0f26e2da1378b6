// Identity: the output and gradInput are the very tensors given, Tensors and nested Tables alike (values,
// gradients, configuration and saving are in conformance_test.cpp).
#include "ringdl/nn/layers/shape/identity.h"

#include <gtest/gtest.h>

#include "support/activities.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using A = Activity<float>;

TEST(Identity, PassesATensorOnWithoutACopy) {
  Identity<float> id;
  const Tensor<float> x({2, 3}), g({2, 3});
  EXPECT_EQ(id.forward(x).toTensor().data(), x.data());
  EXPECT_EQ(id.backward(x, g).toTensor().data(), g.data());
}

TEST(Identity, PassesANestedTableOnWithoutACopy) {
  Identity<float> id;
  const A x = A::table({Tensor<float>({2}), A::table({Tensor<float>({3}), Tensor<float>({1, 4})})});
  const A g = test::deepCopy(x);
  const A& y = id.forward(x);
  ASSERT_EQ(test::describe(y), "{[2], {[3], [1, 4]}}");
  const auto xs = test::leaves(x), ys = test::leaves(y);
  for (size_t k = 0; k < xs.size(); ++k) EXPECT_EQ(ys[k]->data(), xs[k]->data()) << "tensor " << k;
  const auto gs = test::leaves(g), gis = test::leaves(id.backward(x, g));
  for (size_t k = 0; k < gs.size(); ++k) EXPECT_EQ(gis[k]->data(), gs[k]->data()) << "gradient " << k;
}

}  // namespace
}  // namespace ringdl
