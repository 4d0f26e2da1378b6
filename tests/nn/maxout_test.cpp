// Maxout: BigDL's grouping worked by hand (output j is the maximum of Linear outputs k * outputSize + j), the
// gradient going to the winner only, and parameter gradients when gradInput is not needed (values against
// PyTorch, saving and clones are in conformance_test.cpp).
#include "ringdl/nn/layers/linear/maxout.h"

#include <gtest/gtest.h>

#include "support/grad_check.h"

namespace ringdl {
namespace {

TEST(Maxout, GroupsAreBlocksOfOutputSize) {
  // inputSize 1, outputSize 2, 3 groups: the Linear gives w * x + b for its 6 rows, in groups [0, 1], [2, 3],
  // [4, 5].
  Maxout<double> m(1, 2, 3);
  m.weight().copyFrom(Tensor<double>::fromVector({6, 1}, {1, 0, 3, -1, 2, 5}));
  m.bias().zero();
  const Tensor<double> x = Tensor<double>::fromVector({1}, {1});
  EXPECT_EQ(m.forward(x).toTensor().toVector(), (std::vector<double>{3, 5}));  // max(1, 3, 2), max(0, -1, 5)
  m.backward(x, Tensor<double>::fromVector({2}, {10, 20}));
  EXPECT_EQ(m.bias().numel(), 6);
  const auto params = m.parameters();
  EXPECT_EQ(params[1].grad->toVector(), (std::vector<double>{0, 0, 10, 0, 0, 20}));
  EXPECT_EQ(m.gradInput().toTensor().toVector(), (std::vector<double>{10 * 3 + 20 * 5}));
}

TEST(Maxout, ParameterGradientsDoNotNeedGradInput) {
  Maxout<double> a(4, 3, 2);
  auto b = a.clone();
  b->setGradInputNeeded(false);
  const Tensor<double> x = test::randomTensor({5, 4}, 1), g = test::randomTensor({5, 3}, 2);
  a.forward(x);
  a.backward(x, g);
  b->forward(x);
  b->backward(x, g);
  const auto pa = a.parameters(), pb = b->parameters();
  for (size_t i = 0; i < pa.size(); ++i)
    EXPECT_EQ(pa[i].grad->toVector(), pb[i].grad->toVector()) << pa[i].name;
}

}  // namespace
}  // namespace ringdl
