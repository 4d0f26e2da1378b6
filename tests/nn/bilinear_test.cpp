// Bilinear: parameter gradients when gradInput is not needed (the Table then reaches accGradParameters
// unchecked by the base, and is checked there), and its errors (values against PyTorch, saving and clones are
// in conformance_test.cpp).
#include "ringdl/nn/layers/linear/bilinear.h"

#include <gtest/gtest.h>

#include <string>

#include "support/grad_check.h"

namespace ringdl {
namespace {

using A = Activity<double>;

TEST(Bilinear, ParameterGradientsDoNotNeedGradInput) {
  Bilinear<double> a(3, 2, 4);
  auto b = a.clone();
  b->setGradInputNeeded(false);
  const A x = A::table({test::randomTensor({5, 3}, 1), test::randomTensor({5, 2}, 2)});
  const Tensor<double> g = test::randomTensor({5, 4}, 3);
  a.forward(x);
  a.backward(x, g);
  b->forward(x);
  b->backward(x, g);
  const auto pa = a.parameters(), pb = b->parameters();
  for (size_t i = 0; i < pa.size(); ++i)
    EXPECT_EQ(pa[i].grad->toVector(), pb[i].grad->toVector()) << pa[i].name;
}

TEST(Bilinear, ErrorsNameTheLayerAndBothShapes) {
  Bilinear<double> m(3, 2, 4);
  m.setName("bil");
  try {
    m.forward(A::table({Tensor<double>({5, 3}), Tensor<double>({4, 2})}));
    FAIL() << "accepted 5 and 4 samples";
  } catch (const Error& e) {
    EXPECT_NE(
        std::string(e.what()).find("layer 'bil' (Bilinear): expected {x1, x2} of shapes [N, 3] and [N, 2] "
                                   "(or [3] and [2]), got [5, 3] and [4, 2]"),
        std::string::npos)
        << e.what();
  }
  m.setGradInputNeeded(false);
  try {
    m.backward(Tensor<double>({5, 3}), Tensor<double>({5, 4}));
    FAIL() << "accepted a Tensor in backward";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("(Bilinear): takes a Table {x1, x2}"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ringdl
