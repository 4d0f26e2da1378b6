// Concat: the 0-based dimension against a hand-built concatenation, and errors naming the layer, the children
// and the dimension (gradients, PyTorch values, saving and cloning of each row are in conformance_test.cpp).
#include "ringdl/nn/layers/container/concat.h"

#include <gtest/gtest.h>

#include "ringdl/nn.h"
#include "ringdl/tensor/math.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

TEST(Concat, JoinsAlongTheZeroBasedDimensionAndSlicesTheGradient) {
  // Along the height (dimension 2) of [N, C, H, W]: a non-leading dimension, so slices are gathered copies.
  Concat<double> c(2);
  c.emplace<Tanh<double>>().emplace<Sigmoid<double>>();
  const Tensor<double> x = test::randomTensor({2, 3, 4, 5});
  const Tensor<double> y = c.forward(x).toTensor().clone();
  ASSERT_EQ(y.shape(), (Shape{2, 3, 8, 5}));
  Tanh<double> tanh;
  Sigmoid<double> sigmoid;
  EXPECT_TRUE(allClose(y.narrow(2, 0, 4).contiguous(), tanh.forward(x).toTensor(), 0, 0));
  EXPECT_TRUE(allClose(y.narrow(2, 4, 4).contiguous(), sigmoid.forward(x).toTensor(), 0, 0));
  const Tensor<double> gy = test::randomTensor({2, 3, 8, 5}, 3);
  Tensor<double> expected = tanh.backward(x, gy.narrow(2, 0, 4).contiguous()).toTensor().clone();
  axpy(1.0, sigmoid.backward(x, gy.narrow(2, 4, 4).contiguous()).toTensor(), expected);
  EXPECT_TRUE(allClose(c.backward(x, gy).toTensor(), expected, 1e-14, 1e-14));
  test::expectGradientsMatch(c, x);
}

TEST(Concat, ErrorsNameTheLayerTheChildrenAndTheDimension) {
  Concat<double> c(1);
  c.setName("join");
  c.emplace<Linear<double>>(4, 3).emplace<Reshape<double>>(Shape{2, 2});
  std::string e = errorOf([&] { c.forward(test::randomTensor({5, 4})); });
  EXPECT_NE(
      e.find("layer 'join' (Concat): child 1 gives output [5, 2, 2] but child 0 gives [5, 3]; the outputs "
             "must agree in every dimension but 1, the one Concat joins"),
      std::string::npos)
      << e;

  Concat<double> deep(3);
  deep.setName("deep");
  deep.emplace<Tanh<double>>();
  e = errorOf([&] { deep.forward(test::randomTensor({5, 4})); });
  EXPECT_NE(
      e.find("layer 'deep' (Concat): child 0 gives output [5, 4], which has no dimension 3 to concatenate "
             "along (0-based)"),
      std::string::npos)
      << e;

  Concat<double> tables(0);
  tables.setName("tables");
  auto inner = std::make_shared<ConcatTable<double>>();
  inner->emplace<Tanh<double>>();
  tables.add(inner);
  e = errorOf([&] { tables.forward(test::randomTensor({5, 4})); });
  EXPECT_NE(
      e.find("layer 'tables' (Concat), at child 0: its output is a Table of 1 entries; Concat joins Tensors"),
      std::string::npos)
      << e;

  e = errorOf([] { Concat<double> bad(-1); });
  EXPECT_NE(e.find("Concat: dimension must be >= 0"), std::string::npos) << e;

  Concat<double> ok(1);
  ok.setName("ok");
  ok.emplace<Tanh<double>>().emplace<Tanh<double>>();
  ok.forward(test::randomTensor({5, 4}));
  e = errorOf([&] { ok.backward(test::randomTensor({5, 4}), test::randomTensor({5, 4})); });
  EXPECT_NE(e.find("layer 'ok' (Concat): gradOutput must have the output's shape [5, 8], got [5, 4]"),
            std::string::npos)
      << e;
}

}  // namespace
}  // namespace ringdl
