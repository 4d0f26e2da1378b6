// Container::replace: a layer swapped by name or nested path in a Sequential and in a Graph keeps its place
// and name, the rest keeps its weights, and a missing layer is an Error listing the layers.
#include "ringdl/nn/container.h"

#include <gtest/gtest.h>

#include "ringdl/nn.h"
#include "ringdl/tensor/random.h"

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

std::shared_ptr<Sequential<float>> net() {
  auto block = std::make_shared<Sequential<float>>();
  block->setName("block1");
  block->add(std::make_shared<Linear<float>>(4, 4));
  block->at(0)->setName("fc");
  auto m = std::make_shared<Sequential<float>>();
  m->add(std::make_shared<Reshape<float>>(std::vector<int64_t>{4}));
  m->add(block);
  m->add(std::make_shared<Linear<float>>(4, 3));
  m->at(2)->setName("head");
  m->add(std::make_shared<LogSoftMax<float>>());
  return m;
}

TEST(ContainerReplace, SequentialByNameAndByPath) {
  Random::global().seed(1);
  auto m = net();
  const float kept = m->findModule("block1.fc")->ownParameters()[0].weight->data()[0];
  auto head = std::make_shared<Linear<float>>(4, 5);
  ModulePtr<float> old = m->replace("head", head);
  EXPECT_EQ(old->config().get<int64_t>("outputSize"), 3);
  EXPECT_EQ(m->at(2), head);
  EXPECT_EQ(head->name(), "head");
  Tensor<float> x({2, 4});
  x.fill(0.5f);
  EXPECT_EQ(m->forward(x).toTensor().shape(), (Shape{2, 5}));
  EXPECT_EQ(m->parameters().back().name, "head.bias");

  m->evaluate();
  auto fc = std::make_shared<Linear<float>>(4, 4);
  m->replace("block1.fc", fc);
  EXPECT_EQ(m->findModule("block1.fc"), fc.get());
  EXPECT_FALSE(fc->isTraining());
  EXPECT_NE(fc->ownParameters()[0].weight->data()[0], kept);
}

TEST(ContainerReplace, GraphNode) {
  Random::global().seed(2);
  auto x = Input<float>("x");
  auto h = node(std::make_shared<Linear<float>>(4, 4), x);
  h->setName("hidden");
  auto y = node(std::make_shared<Linear<float>>(4, 3), h);
  y->setName("out");
  auto g = std::make_shared<Graph<float>>(std::vector<NodePtr<float>>{x}, std::vector<NodePtr<float>>{y});
  auto out = std::make_shared<Linear<float>>(4, 6);
  g->replace("out", out);
  EXPECT_EQ(g->nodeNamed("out")->module(), out);
  Tensor<float> in({2, 4});
  in.fill(1);
  EXPECT_EQ(g->forward(in).toTensor().shape(), (Shape{2, 6}));
  Tensor<float> go({2, 6});
  go.fill(1);
  g->zeroGradParameters();
  g->backward(in, go);
  float sum = 0;
  for (int64_t i = 0; i < out->ownParameters()[1].grad->numel(); ++i)
    sum += out->ownParameters()[1].grad->data()[i];
  EXPECT_EQ(sum, 12);  // the bias gradient: two records of ones
  // Saved edges name the new module.
  EXPECT_EQ(g->config().get<std::vector<std::string>>("nodes").back(), "out");
}

TEST(ContainerReplace, MissingLayerListsTheLayers) {
  auto m = net();
  const std::string msg = errorOf([&] { m->replace("fc3", std::make_shared<Linear<float>>(4, 5)); });
  EXPECT_NE(msg.find("cannot replace 'fc3': there is no such layer"), std::string::npos) << msg;
  EXPECT_NE(msg.find("0, block1, block1.fc, head, 3"), std::string::npos) << msg;
  const std::string notContainer =
      errorOf([&] { m->replace("head.x", std::make_shared<Linear<float>>(4, 5)); });
  EXPECT_NE(notContainer.find("'head' is a Linear, not a container"), std::string::npos) << notContainer;
}

}  // namespace
}  // namespace ringdl
