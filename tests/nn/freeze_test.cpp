// Module::freeze / unFreeze (BigDL's freeze(names*) and unFreeze): layer paths and glob patterns, no
// parameter gradient in a frozen layer, frozen parameters left out of getParameters(), backward stopping at
// the first trainable layer, and the errors.
#include <gtest/gtest.h>

#include <cmath>

#include "ringdl/nn.h"
#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

// x [N, 4] -> conv1 (Linear 4x4) -> Tanh -> block1 {conv1 (Linear 4x4), fc (Linear 4x3)} -> head (Linear 3x2)
std::shared_ptr<Sequential<double>> net() {
  Random::global().seed(7);
  auto block = std::make_shared<Sequential<double>>();
  block->setName("block1");
  block->add(std::make_shared<Linear<double>>(4, 4));
  block->at(0)->setName("conv1");
  block->add(std::make_shared<Linear<double>>(4, 3));
  block->at(1)->setName("fc");
  auto m = std::make_shared<Sequential<double>>();
  m->add(std::make_shared<Linear<double>>(4, 4));
  m->at(0)->setName("conv1");
  m->add(std::make_shared<Tanh<double>>());
  m->add(block);
  m->add(std::make_shared<Linear<double>>(3, 2));
  m->at(3)->setName("head");
  return m;
}

Tensor<double> input() {
  Tensor<double> x({5, 4});
  for (int64_t i = 0; i < x.numel(); ++i) x.data()[i] = 0.1 * static_cast<double>(i % 7) - 0.3;
  return x;
}

std::vector<std::string> frozenPaths(Module<double>& m) {
  std::vector<std::string> out;
  for (const auto& [path, mod] : m.namedModules())
    if (mod->isFrozen()) out.push_back(path);
  return out;
}

TEST(Freeze, PathsJoinNamesWithDots) {
  auto m = net();
  std::vector<std::string> paths;
  for (const auto& [path, mod] : m->namedModules()) paths.push_back(path);
  EXPECT_EQ(paths,
            (std::vector<std::string>{"", "conv1", "1", "block1", "block1.conv1", "block1.fc", "head"}));
  EXPECT_EQ(m->findModule("block1.fc"), m->namedModules()[5].second);
  EXPECT_EQ(m->findModule("fc"), nullptr);
  EXPECT_EQ(m->findModule(""), m.get());
}

TEST(Freeze, NamesAndGlobs) {
  auto m = net();
  m->freeze({"conv1"});
  EXPECT_EQ(frozenPaths(*m), (std::vector<std::string>{"conv1"}));
  m->unFreeze();
  m->freeze({"*conv1"});  // '*' crosses the '.'
  EXPECT_EQ(frozenPaths(*m), (std::vector<std::string>{"conv1", "block1.conv1"}));
  m->unFreeze();
  m->freeze({"block1"});  // a container: everything inside it
  EXPECT_EQ(frozenPaths(*m), (std::vector<std::string>{"block1", "block1.conv1", "block1.fc"}));
  m->unFreeze({"block1.f?"});
  EXPECT_EQ(frozenPaths(*m), (std::vector<std::string>{"block1", "block1.conv1"}));
  m->unFreeze();
  m->freeze();
  EXPECT_EQ(frozenPaths(*m).size(), 7u);
}

TEST(Freeze, UnknownNameListsTheLayersAndChangesNothing) {
  auto m = net();
  try {
    m->freeze({"conv1", "conv9"});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.message();
    EXPECT_NE(msg.find("'conv9' matches no layer"), std::string::npos) << msg;
    EXPECT_NE(msg.find("conv1, 1, block1, block1.conv1, block1.fc, head"), std::string::npos) << msg;
  }
  EXPECT_TRUE(frozenPaths(*m).empty());
  EXPECT_THROW(m->unFreeze({"features.*"}), Error);
}

TEST(Freeze, FrozenLayerAccumulatesNoGradientButPassesItOn) {
  auto m = net();
  auto ref = net();
  m->freeze({"block1.conv1"});
  m->zeroGradParameters();
  ref->zeroGradParameters();
  const Tensor<double> x = input();
  Tensor<double> g({5, 2});
  g.fill(0.5);
  m->forward(x);
  ref->forward(x);
  const Tensor<double> gi = m->backward(x, g).toTensor().clone();
  const Tensor<double> giRef = ref->backward(x, g).toTensor().clone();
  for (int64_t i = 0; i < gi.numel(); ++i) EXPECT_EQ(gi.data()[i], giRef.data()[i]);
  auto params = m->parameters(), refParams = ref->parameters();
  ASSERT_EQ(params.size(), 8u);
  for (size_t i = 0; i < params.size(); ++i) {
    const bool frozen = params[i].name.rfind("block1.conv1.", 0) == 0;
    double sum = 0, refSum = 0;
    for (int64_t k = 0; k < params[i].grad->numel(); ++k) {
      sum += std::abs(params[i].grad->data()[k]);
      refSum += std::abs(refParams[i].grad->data()[k]);
    }
    EXPECT_GT(refSum, 0) << params[i].name;
    if (frozen) {
      EXPECT_EQ(sum, 0) << params[i].name;
    } else {
      EXPECT_EQ(sum, refSum) << params[i].name;
    }
  }
}

TEST(Freeze, GetParametersLeavesFrozenParametersOut) {
  auto m = net();
  auto [w0, g0] = m->getParameters();
  EXPECT_EQ(w0.numel(), 20 + 20 + 15 + 8);
  const Tensor<double> conv1 = m->at(0)->ownParameters()[0].weight->clone();
  m->freeze({"conv1", "head"});
  auto [w, g] = m->getParameters();
  EXPECT_EQ(w.numel(), 20 + 15);
  EXPECT_EQ(m->trainableParameters().size(), 4u);
  EXPECT_EQ(m->parameters().size(), 8u);
  // The frozen ones keep their values, in tensors of their own.
  const ParamRef<double> p = m->at(0)->ownParameters()[0];
  EXPECT_FALSE(p.weight->sharesStorageWith(w0));
  EXPECT_FALSE(p.weight->sharesStorageWith(w));
  for (int64_t k = 0; k < conv1.numel(); ++k) EXPECT_EQ(p.weight->data()[k], conv1.data()[k]);
  // An update of the flat buffer does not reach them.
  w.fill(1);
  for (int64_t k = 0; k < conv1.numel(); ++k) EXPECT_EQ(p.weight->data()[k], conv1.data()[k]);
  EXPECT_EQ(m->at(2)->ownParameters().size(), 0u);
  EXPECT_EQ(m->findModule("block1.fc")->ownParameters()[0].weight->data()[0], 1);
  // Idempotent, and unfreezing brings them back in.
  auto again = m->getParameters();
  EXPECT_TRUE(again.first.sharesStorageWith(w));
  m->unFreeze();
  EXPECT_EQ(m->getParameters().first.numel(), 63);
  EXPECT_EQ(m->at(0)->ownParameters()[0].weight->data()[0], conv1.data()[0]);
}

TEST(Freeze, ParameterSharedByFrozenAndTrainableLayerIsAnError) {
  auto a = std::make_shared<Linear<double>>(3, 3);
  auto b = std::make_shared<Linear<double>>(3, 3);
  b->shareParameters(*a);
  Sequential<double> m;
  m.add(a).add(b);
  m.freeze({"0"});
  try {
    m.getParameters();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("freeze both or neither"), std::string::npos) << e.message();
  }
  m.freeze({"1"});
  EXPECT_EQ(m.getParameters().first.numel(), 0);
}

TEST(Freeze, BackwardStopsAtTheFirstTrainableLayer) {
  auto m = net();
  m->freeze({"conv1"});
  m->setGradInputNeeded(false);
  // conv1 and Tanh are frozen or parameter-free: nothing before block1 needs a gradient.
  EXPECT_FALSE(m->at(0)->gradInputNeeded());
  EXPECT_FALSE(m->findModule("block1.conv1")->gradInputNeeded());
  EXPECT_TRUE(m->findModule("head")->gradInputNeeded());
  m->unFreeze();
  m->setGradInputNeeded(false);
  EXPECT_FALSE(m->at(0)->gradInputNeeded());
  EXPECT_TRUE(m->findModule("block1.conv1")->gradInputNeeded());
}

TEST(Freeze, CloneKeepsFrozenLayers) {
  auto m = net();
  m->freeze({"block1.*"});
  auto c = m->clone();
  EXPECT_EQ(frozenPaths(*c), (std::vector<std::string>{"block1.conv1", "block1.fc"}));
}

}  // namespace
}  // namespace ringdl
