// Highway: the activation option (a registered parameter-free layer, or none), the parameter names and
// setInitMethod, and parameter gradients when its gradInput is not needed (values, gradients, saving and
// clones are in conformance_test.cpp).
#include "ringdl/nn/layers/linear/highway.h"

#include <gtest/gtest.h>

#include <string>

#include "ringdl/nn.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

std::string errorOf(const HighwayOptions& o) {
  try {
    Highway<float> h(o);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Highway, ActivationMustBeAParameterFreeLayer) {
  EXPECT_NE(errorOf({4, true, "Tanhh"}).find("unknown layer type 'Tanhh'"), std::string::npos);
  const std::string msg = errorOf({4, true, "PReLU"});
  EXPECT_NE(msg.find("Highway: activation 'PReLU' has parameters"), std::string::npos) << msg;
  EXPECT_EQ(errorOf({4, true, "ReLU"}), "");
}

TEST(Highway, TheActivationFollowsTheMode) {
  // A Dropout activation (parameter-free, so allowed) is the identity in evaluate() only.
  Highway<double> h(3, true, "Dropout");
  h.setInitMethod(InitMethod::constant(0.1), InitMethod::constant(0.2));
  const Tensor<double> x = test::randomTensor({2, 3}, 5);
  Highway<double> plain(3);
  plain.setInitMethod(InitMethod::constant(0.1), InitMethod::constant(0.2));
  h.evaluate();
  EXPECT_EQ(h.forward(x).toTensor().toVector(), plain.forward(x).toTensor().toVector());
  h.training();
  EXPECT_NE(h.forward(x).toTensor().toVector(), plain.forward(x).toTensor().toVector());
}

TEST(Highway, ParametersAreTheTwoLinearsOfBigDLsGraph) {
  Highway<float> h(3);
  std::vector<std::string> names;
  for (const auto& p : h.parameters()) names.push_back(p.name + " " + toString(p.weight->shape()));
  EXPECT_EQ(names, (std::vector<std::string>{"gate.weight [3, 3]", "gate.bias [3]", "transform.weight [3, 3]",
                                             "transform.bias [3]"}));
  EXPECT_EQ(Highway<float>(3, false).parameters().size(), 2u);
  h.setInitMethod(InitMethod::constant(0.5), InitMethod::zeros());
  for (const auto& p : h.parameters())
    for (float v : p.weight->toVector())
      EXPECT_EQ(v, p.name.find("weight") != std::string::npos ? 0.5f : 0.0f);
}

TEST(Highway, WithZeroWeightsTheGateIsOneHalf) {
  // t = sigmoid(0) = 1/2 and the transform is 0: y = x / 2, whatever the activation keeps at 0.
  Highway<double> h(2, true, "Tanh");
  h.setInitMethod(InitMethod::zeros(), InitMethod::zeros());
  const Tensor<double> x = Tensor<double>::fromVector({2, 2}, {1, -2, 4, 0.5});
  EXPECT_EQ(h.forward(x).toTensor().toVector(), (std::vector<double>{0.5, -1, 2, 0.25}));
}

TEST(Highway, ParameterGradientsDoNotNeedGradInput) {
  Random::global().seed(3);
  Highway<double> a(4, true, "Tanh");
  auto b = a.clone();
  b->setGradInputNeeded(false);
  const Tensor<double> x = test::randomTensor({3, 4}, 11), g = test::randomTensor({3, 4}, 12);
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
