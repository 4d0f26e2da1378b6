// Linear: gradients, shapes, errors.
#include "ringdl/nn/layers/linear/linear.h"

#include <gtest/gtest.h>

#include "support/fixture.h"
#include "support/fixture_compare.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TEST(Linear, Gradients) {
  Linear<double> layer(5, 3);
  test::expectGradientsMatch(layer, test::randomTensor({4, 5}));
}

TEST(Linear, GradientsOneDimensionalInput) {
  Linear<double> layer(5, 3, /*withBias=*/false);
  test::expectGradientsMatch(layer, test::randomTensor({5}));
}

TEST(Linear, KnownValues) {
  Linear<double> layer(2, 2);
  layer.weight().copyFrom(Tensor<double>::fromVector({2, 2}, {1, 2, 3, 4}));
  layer.bias().copyFrom(Tensor<double>::fromVector({2}, {0.5, -1}));
  const auto& y = layer.forward(Tensor<double>::fromVector({1, 2}, {1, 1})).toTensor();
  EXPECT_EQ(y.toVector(), (std::vector<double>{3.5, 6}));
}

template <typename T>
void expectLinearMatchesPyTorch(const std::string& name, bool bias) {
  SCOPED_TRACE(name + (sizeof(T) == 4 ? " float" : " double"));
  const test::Fixture f("linear_relu/linear.txt");
  const Tensor<double>& w = f.get(name + ".weight");
  Linear<T> layer(w.size(1), w.size(0), bias);
  layer.weight().copyFrom(w.to<T>());
  if (bias) layer.bias().copyFrom(f.get(name + ".bias").to<T>());
  layer.zeroGradParameters();
  const Tensor<T> x = f.get(name + ".input").to<T>();
  EXPECT_TRUE(test::matchesReference(layer.forward(x).toTensor(), f.get(name + ".output")));
  EXPECT_TRUE(test::matchesReference(layer.backward(x, f.get(name + ".gradOutput").to<T>()).toTensor(),
                                     f.get(name + ".gradInput")));
  auto params = layer.parameters();
  EXPECT_TRUE(test::matchesReference(*params[0].grad, f.get(name + ".gradWeight")));
  if (bias) EXPECT_TRUE(test::matchesReference(*params[1].grad, f.get(name + ".gradBias")));
}

TEST(Linear, MatchesPyTorch) {
  for (const auto& [name, bias] : {std::pair{"batch", true}, {"vector", true}, {"nobias", false}}) {
    expectLinearMatchesPyTorch<double>(name, bias);
    expectLinearMatchesPyTorch<float>(name, bias);
  }
}

TEST(Linear, WrongInputSizeNamesLayerAndShapes) {
  Linear<float> layer(784, 10);
  layer.setName("fc1");
  try {
    layer.forward(Tensor<float>({8, 100}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("fc1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[N, 784]"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[8, 100]"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace ringdl
