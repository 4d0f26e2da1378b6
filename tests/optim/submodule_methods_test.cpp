// SubmoduleMethods: each method updates exactly its submodule's elements, as it would alone; the rest, which
// lies on both sides of a submodule, is packed for its method; per-tensor layouts are given in the method's
// own coordinates; the config round-trips through the registry with schedules and state; and every misuse is
// an Error naming the submodule.
#include <gtest/gtest.h>

#include <vector>

#include "ringdl/optim/adam.h"
#include "ringdl/optim/lars_sgd.h"
#include "ringdl/optim/lbfgs.h"
#include "ringdl/optim/registry.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/optim/submodule_methods.h"
#include "ringdl/tensor/random.h"
#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

// The flat buffers of Sequential{Linear(3, 4), Tanh, Linear(4, 4), Tanh, Linear(4, 2)}: children 0, 2, 4.
const std::vector<ParamSpan>& layout() {
  static const std::vector<ParamSpan> spans = {{"0.weight", 0, 12}, {"0.bias", 12, 16}, {"2.weight", 16, 32},
                                               {"2.bias", 32, 36},  {"4.weight", 36, 44}, {"4.bias", 44, 46}};
  return spans;
}
constexpr int64_t kElements = 46;

Tensor<double> randomTensor(Random& r, int64_t n) {
  Tensor<double> t({n});
  r.fillNormal(t, 0, 1);
  return t;
}

// Elements [begin, end) of t, copied.
std::vector<double> range(const Tensor<double>& t, int64_t begin, int64_t end) {
  return std::vector<double>(t.data() + begin, t.data() + end);
}

Tensor<double> fromVector(const std::vector<double>& v) {
  Tensor<double> t({static_cast<int64_t>(v.size())});
  std::copy(v.begin(), v.end(), t.data());
  return t;
}

std::vector<double> concat(std::vector<double> a, const std::vector<double>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(SubmoduleMethods, EachMethodUpdatesItsSubmoduleAsItWouldAlone) {
  Random r(7);
  Tensor<double> weights = randomTensor(r, kElements);
  auto adam = std::make_shared<Adam<double>>(AdamOptions().lr(0.01));
  auto lars = std::make_shared<LarsSGD<double>>(Attributes().set("learningRate", 0.1).set("momentum", 0.9));
  SubmoduleMethods<double> methods({{"2", adam}}, lars);
  methods.setParameterLayout(layout());

  // The references: Adam alone on the middle Linear's elements; LarsSGD alone on the other two Linears'
  // elements packed together, with their tensors' layout in the packed buffer.
  Adam<double> adamAlone(AdamOptions().lr(0.01));
  LarsSGD<double> larsAlone(Attributes().set("learningRate", 0.1).set("momentum", 0.9));
  larsAlone.setParameterLayout({{"0.weight", 0, 12}, {"0.bias", 12, 16}, {"4.weight", 16, 24}, {"4.bias", 24, 26}});
  Tensor<double> middle = fromVector(range(weights, 16, 36));
  Tensor<double> outer = fromVector(concat(range(weights, 0, 16), range(weights, 36, 46)));

  for (int step = 0; step < 5; ++step) {
    const Tensor<double> grads = randomTensor(r, kElements);
    methods.update(weights, grads);
    adamAlone.update(middle, fromVector(range(grads, 16, 36)));
    larsAlone.update(outer, fromVector(concat(range(grads, 0, 16), range(grads, 36, 46))));
    ASSERT_EQ(range(weights, 16, 36), middle.toVector()) << "step " << step;
    ASSERT_EQ(concat(range(weights, 0, 16), range(weights, 36, 46)), outer.toVector()) << "step " << step;
  }
  EXPECT_EQ(methods.state().step, 5);
  // Each method's state is kept under its index: Adam's moments ("0/m") and LARS's momentum ("1/...").
  EXPECT_EQ(methods.state().tensors.at("0/m").toVector(), adamAlone.state().tensors.at("m").toVector());
  for (const auto& [name, tensor] : larsAlone.state().tensors)
    EXPECT_EQ(methods.state().tensors.at("1/" + name).toVector(), tensor.toVector()) << name;
}

TEST(SubmoduleMethods, ConfigAndStateRebuildTheMethodsWithTheirSchedules) {
  auto sgd = std::make_shared<SGD<double>>(SGDOptions().lr(0.1).withMomentum(0.9));
  sgd->setLearningRateSchedule(createLearningRateSchedule("Step", Attributes().set("stepSize", 2).set("gamma", 0.5)));
  auto adam = std::make_shared<Adam<double>>(AdamOptions().lr(0.01));
  SubmoduleMethods<double> methods({{"0", sgd}, {"4", adam}}, std::make_shared<SGD<double>>(SGDOptions().lr(0.3)));
  methods.setParameterLayout(layout());
  Random r(3);
  Tensor<double> weights = randomTensor(r, kElements);
  for (int step = 0; step < 3; ++step) methods.update(weights, randomTensor(r, kElements));

  // What a checkpoint keeps: the type, config() and state(). The rebuilt composite continues bit for bit.
  OptimMethodPtr<double> rebuilt = createOptimMethod<double>(methods.typeName(), methods.config());
  EXPECT_EQ(rebuilt->config(), methods.config());
  OptimState<double> saved = methods.state();  // a copy of its buffers, as a checkpoint file holds
  for (auto& [name, tensor] : saved.tensors) tensor = tensor.clone();
  rebuilt->setState(saved);
  rebuilt->setParameterLayout(layout());
  Tensor<double> other = weights.clone();
  for (int step = 0; step < 3; ++step) {
    const Tensor<double> grads = randomTensor(r, kElements);
    methods.update(weights, grads);
    rebuilt->update(other, grads);
  }
  EXPECT_EQ(other.toVector(), weights.toVector());
  // The Step schedule of the first method halved its rate after two steps; the log shows the rest's rate.
  EXPECT_DOUBLE_EQ(sgd->currentLearningRate(), 0.1 * 0.5 * 0.5 * 0.5);
  EXPECT_DOUBLE_EQ(methods.currentLearningRate(), 0.3);
  const auto& built = dynamic_cast<const SubmoduleMethods<double>&>(*rebuilt).methods();
  ASSERT_EQ(built.size(), 3u);
  EXPECT_EQ(built[0].method->learningRateSchedule()->typeName(), "Step");
  EXPECT_EQ(built[2].path, "");
}

TEST(SubmoduleMethods, MisuseIsAnErrorNamingTheSubmodule) {
  auto sgd = [] { return std::make_shared<SGD<double>>(); };
  // Parameters no method owns, without a rest method.
  SubmoduleMethods<double> partial({{"2", sgd()}});
  EXPECT_CONTAINS(errorOf([&] { partial.setParameterLayout(layout()); }),
                  "no method for the parameters 0.weight, 0.bias, 4.weight, 4.bias; give their submodules methods, "
                  "or a method for the rest");
  SubmoduleMethods<double> missing({{"7", sgd()}}, sgd());
  EXPECT_CONTAINS(errorOf([&] { missing.setParameterLayout(layout()); }),
                  "submodule '7' has no trainable parameters");
  EXPECT_CONTAINS(errorOf([&] { SubmoduleMethods<double>({{"block", sgd()}, {"block.conv", sgd()}}); }),
                  "submodule 'block.conv' lies inside 'block'");
  EXPECT_CONTAINS(errorOf([&] { SubmoduleMethods<double>({{"2", std::make_shared<LBFGS<double>>()}}, sgd()); }),
                  "LBFGS (for '2') evaluates the loss several times per step");
  EXPECT_CONTAINS(errorOf([&] {
                    createOptimMethod<double>("SubmoduleMethods",
                                              Attributes()
                                                  .set("paths", std::vector<std::string>{"", "2"})
                                                  .set("methods", std::vector<std::string>{"SGD", "SGD"}));
                  }),
                  "an empty submodule path names the rest, given as the last method only");
  EXPECT_CONTAINS(errorOf([&] {
                    createOptimMethod<double>("SubmoduleMethods",
                                              Attributes().set("paths", std::vector<std::string>{"2"}).set(
                                                  "methods", std::vector<std::string>{"Nesterov"}));
                  }),
                  "Nesterov");
  SubmoduleMethods<double> noLayout({{"2", sgd()}}, sgd());
  Tensor<double> w({kElements}), g({kElements});
  EXPECT_CONTAINS(errorOf([&] { noLayout.update(w, g); }), "needs the parameter layout first");
  EXPECT_CONTAINS(noLayout.elementwiseProblem(), "shard_optimizer_state");
}

}  // namespace
}  // namespace ringdl
