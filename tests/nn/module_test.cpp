// Module: buffers, shared parameters (shareParameters, clone(true)), clones, and the use counts the
// data-parallel engine's gradient hooks read.
#include "ringdl/nn/module.h"

#include <gtest/gtest.h>

#include "ringdl/nn.h"
#include "ringdl/tensor/random.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

// A layer with a buffer: y = x * w + running, where `running` (a buffer) counts the forwards.
template <typename T>
class Counting : public TensorModule<T> {
 public:
  Counting() : TensorModule<T>("Counting") {
    this->registerParameter("w", &w_, &gw_);
    this->registerBuffer("running", &running_);
    w_.fill(T(2));
    running_.zero();
  }
  // Not in the registry: say how to make another one.
  ModulePtr<T> cloneStructure() override { return std::make_shared<Counting<T>>(); }

 protected:
  void updateOutput(const Tensor<T>& x, Tensor<T>& y) override {
    y = x.clone();
    for (int64_t i = 0; i < y.numel(); ++i) y.data()[i] = y.data()[i] * w_.data()[0] + running_.data()[0];
    if (this->isTraining()) running_.data()[0] += 1;
  }
  void updateGradInput(const Tensor<T>&, const Tensor<T>& g, Tensor<T>& gi) override {
    gi = g.clone();
    for (int64_t i = 0; i < gi.numel(); ++i) gi.data()[i] *= w_.data()[0];
  }

 private:
  Tensor<T> w_{Shape{1}}, gw_{Shape{1}}, running_{Shape{1}};
};

std::vector<std::string> names(const std::vector<ParamRef<double>>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.name);
  return out;
}

TEST(ModuleBuffers, ListedWithDottedNamesAndLeftOutOfTheFlatParameters) {
  auto seq = std::make_shared<Sequential<double>>();
  seq->add(std::make_shared<Linear<double>>(3, 3));
  seq->add(std::make_shared<Counting<double>>());
  const auto buffers = seq->buffers();
  ASSERT_EQ(buffers.size(), 1u);
  EXPECT_EQ(buffers[0].name, "1.running");
  auto [w, g] = seq->getParameters();
  EXPECT_EQ(w.numel(), 3 * 3 + 3 + 1);
  EXPECT_FALSE(buffers[0].tensor->sharesStorageWith(w));
}

TEST(ModuleSharing, SharedParametersAreListedOnceAndFlattenedOnce) {
  auto a = std::make_shared<Linear<double>>(4, 3);
  auto b = std::make_shared<Linear<double>>(4, 3);
  b->shareParameters(*a);
  auto seq = std::make_shared<Sequential<double>>();
  seq->add(a);
  seq->add(std::make_shared<Tanh<double>>());
  seq->add(std::make_shared<Linear<double>>(3, 4));
  seq->add(b);
  EXPECT_EQ(names(seq->parameters()), (std::vector<std::string>{"0.weight", "0.bias", "2.weight", "2.bias"}));
  auto [w, g] = seq->getParameters();
  EXPECT_EQ(w.numel(), (4 * 3 + 3) + (3 * 4 + 4));
  // Both users point at the one place, also after flattening.
  EXPECT_EQ(a->weight().data(), b->weight().data());
  EXPECT_TRUE(a->weight().sharesStorageWith(w));
  EXPECT_EQ(seq->getParameters().first.data(), w.data());  // idempotent
}

TEST(ModuleSharing, GradientsOfEveryUseAccumulate) {
  // y = b(tanh(a x)) with b sharing a's parameters: the analytic gradient must include both uses.
  auto a = std::make_shared<Linear<double>>(3, 3);
  auto b = std::make_shared<Linear<double>>(3, 3);
  b->shareParameters(*a);
  auto seq = std::make_shared<Sequential<double>>();
  seq->add(a);
  seq->add(std::make_shared<Tanh<double>>());
  seq->add(b);
  test::expectGradientsMatch(*seq, test::randomTensor({2, 3}));
}

TEST(ModuleSharing, SharingNeedsTheSameStructure) {
  Linear<double> a(4, 3), b(4, 2);
  try {
    b.shareParameters(a);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("cannot share parameter 'weight'"), std::string::npos) << e.message();
  }
  Linear<double> c(4, 3, /*withBias=*/false);
  EXPECT_THROW(c.shareParameters(a), Error);
}

TEST(ModuleSharing, HalfSharedParametersAreRefused) {
  auto a = std::make_shared<Linear<double>>(2, 2);
  auto b = std::make_shared<Linear<double>>(2, 2);
  b->weight().set(a->weight());  // weights shared, gradients not: training would silently diverge
  Sequential<double> seq;
  seq.add(a);
  seq.add(b);
  try {
    seq.parameters();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("but not its gradients"), std::string::npos) << e.message();
  }
}

TEST(ModuleClone, CopyHasEqualValuesAndOwnStorage) {
  Random::global().seed(5);
  auto seq = std::make_shared<Sequential<double>>();
  seq->add(std::make_shared<Linear<double>>(3, 2));
  seq->add(std::make_shared<Counting<double>>());
  seq->forward(test::randomTensor({1, 3}));  // running = 1
  const std::string before = Random::global().state();
  ModulePtr<double> copy = seq->clone();
  EXPECT_EQ(Random::global().state(), before) << "cloning must not move the global random stream";
  EXPECT_EQ(copy->toString(), seq->toString());
  const auto p = seq->parameters(), q = copy->parameters();
  ASSERT_EQ(p.size(), q.size());
  for (size_t i = 0; i < p.size(); ++i) {
    EXPECT_TRUE(allClose(*p[i].weight, *q[i].weight, 0, 0)) << p[i].name;
    EXPECT_FALSE(p[i].weight->sharesStorageWith(*q[i].weight)) << p[i].name;
  }
  EXPECT_EQ(copy->buffers()[0].tensor->data()[0], 1.0);
  const Tensor<double> x = test::randomTensor({2, 3});
  EXPECT_TRUE(allClose(seq->forward(x).toTensor(), copy->forward(x).toTensor(), 0, 0));
}

TEST(ModuleClone, SharingCloneSeesUpdatesAndAccumulatesIntoOneGradient) {
  auto a = std::make_shared<Linear<double>>(3, 3);
  ModulePtr<double> twin = a->clone(/*shareWeights=*/true);
  a->weight().fill(0.5);
  auto* t = dynamic_cast<Linear<double>*>(twin.get());
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->weight().data(), a->weight().data());
  Sequential<double> seq;
  seq.add(a);
  seq.add(twin);
  EXPECT_EQ(seq.parameters().size(), 2u);
  test::expectGradientsMatch(seq, test::randomTensor({2, 3}));
}

TEST(ModuleClone, SharingInsideTheOriginalIsKeptInTheCopy) {
  auto a = std::make_shared<Linear<double>>(2, 2);
  auto b = std::make_shared<Linear<double>>(2, 2);
  b->shareParameters(*a);
  Sequential<double> seq;
  seq.add(a);
  seq.add(b);
  ModulePtr<double> copy = seq.clone();
  EXPECT_EQ(copy->parameters().size(), 2u);
  auto* c = dynamic_cast<Sequential<double>*>(copy.get());
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(dynamic_cast<Linear<double>&>(*c->at(0)).weight().data(),
            dynamic_cast<Linear<double>&>(*c->at(1)).weight().data());
  EXPECT_NE(dynamic_cast<Linear<double>&>(*c->at(0)).weight().data(), a->weight().data());
}

TEST(ModuleUseCounts, ForwardsInTrainingAreMatchedByBackwards) {
  Linear<double> m(2, 2);
  const Tensor<double> x = test::randomTensor({1, 2});
  m.forward(x);
  m.forward(x);
  EXPECT_EQ(m.pendingBackwards(), 2);
  int hooks = 0;
  std::vector<int64_t> pendingAtHook;
  m.setBackwardHook([&](Module<double>& mod) {
    ++hooks;
    pendingAtHook.push_back(mod.pendingBackwards());
  });
  m.backward(x, test::randomTensor({1, 2}));
  m.backward(x, test::randomTensor({1, 2}));
  EXPECT_EQ(hooks, 2);
  EXPECT_EQ(pendingAtHook, (std::vector<int64_t>{1, 0}));
  m.evaluate();
  m.forward(x);
  EXPECT_EQ(m.pendingBackwards(), 0) << "evaluation forwards expect no backward";
  m.training();
  m.forward(x);
  m.clearPendingBackwards();
  EXPECT_EQ(m.pendingBackwards(), 0);
}

}  // namespace
}  // namespace ringdl
