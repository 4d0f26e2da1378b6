// Sequential: naming, flat parameters, skipping the unused input gradient, and errors naming the child
// (gradients, PyTorch values, saving and cloning are in conformance_test.cpp).
#include "ringdl/nn/sequential.h"

#include <gtest/gtest.h>

#include "ringdl/nn.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

ModulePtr<double> net() {
  auto m = std::make_shared<Sequential<double>>();
  m->add(std::make_shared<Reshape<double>>(Shape{1, 6, 6}));
  m->add(std::make_shared<SpatialConvolution<double>>(1, 2, 3, 3));
  m->add(std::make_shared<Tanh<double>>());
  m->add(std::make_shared<Reshape<double>>(Shape{2 * 4 * 4}));
  m->add(std::make_shared<Linear<double>>(32, 3));
  return m;
}

TEST(Sequential, ParameterNamesFollowPositions) {
  auto m = net();
  std::vector<std::string> names;
  for (const auto& p : m->parameters()) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"1.weight", "1.bias", "4.weight", "4.bias"}));
}

TEST(Sequential, GetParametersIsOneBufferAndIdempotent) {
  auto m = net();
  auto [w1, g1] = m->getParameters();
  EXPECT_EQ(w1.numel(), 2 * 9 + 2 + 32 * 3 + 3);
  for (const auto& p : m->parameters()) {
    EXPECT_TRUE(p.weight->sharesStorageWith(w1)) << p.name;
    EXPECT_TRUE(p.grad->sharesStorageWith(g1)) << p.name;
  }
  auto [w2, g2] = m->getParameters();
  EXPECT_EQ(w2.data(), w1.data());
  EXPECT_EQ(g2.data(), g1.data());
}

TEST(Sequential, SkippingTheInputGradientKeepsParameterGradients) {
  auto a = net();
  auto b = net();
  auto [wa, ga] = a->getParameters();
  auto [wb, gb] = b->getParameters();
  wb.copyFrom(wa);
  const Tensor<double> x = test::randomTensor({4, 36});
  const Tensor<double> gy = test::randomTensor({4, 3}, 9);
  b->setGradInputNeeded(false);
  for (auto* m : {a.get(), b.get()}) {
    m->zeroGradParameters();
    m->forward(x);
    m->backward(x, gy);
  }
  EXPECT_EQ(ga.toVector(), gb.toVector());
  auto* seq = dynamic_cast<Sequential<double>*>(b.get());
  EXPECT_FALSE(seq->at(0)->gradInputNeeded());  // Reshape: no parameters, so the flag passes on
  EXPECT_FALSE(seq->at(1)->gradInputNeeded());  // the convolution skips its col2im and GEMM
  EXPECT_TRUE(seq->at(2)->gradInputNeeded());
  EXPECT_TRUE(seq->at(1)->gradInput().toTensor().empty());
  b->setGradInputNeeded(true);
  EXPECT_TRUE(seq->at(1)->gradInputNeeded());
}

TEST(Sequential, AChildsErrorSaysWhereTheChildIs) {
  auto inner = std::make_shared<Sequential<double>>();
  inner->add(std::make_shared<Tanh<double>>());
  inner->add(std::make_shared<Linear<double>>(4, 2));
  Sequential<double> model;
  model.setName("model");
  model.add(std::make_shared<Linear<double>>(3, 4));
  model.add(inner);
  const Tensor<double> x = test::randomTensor({2, 3});
  try {
    model.forward(test::randomTensor({2, 5}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("layer 'model' (Sequential), at child 0: layer '0' (Linear): "),
              std::string::npos)
        << e.message();
  }
  model.forward(x);
  try {
    model.backward(x, test::randomTensor({2, 3}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("layer 'model' (Sequential), at child 1: layer '1' (Sequential), at child 1: "
                               "layer '1' (Linear): "),
              std::string::npos)
        << e.message();
  }
}

}  // namespace
}  // namespace ringdl
