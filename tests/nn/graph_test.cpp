// Graph: BigDL's functional container. A ResNet basic block and an Inception-style branch built as graphs
// equal the same computation written by hand, forward and backward; errors name the node; saved graphs keep
// their edges.
#include "ringdl/nn/graph.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "ringdl/io/model_io.h"
#include "ringdl/nn.h"
#include "ringdl/tensor/math.h"
#include "ringdl/tensor/random.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

template <typename M, typename... A>
std::shared_ptr<M> make(A&&... a) {
  return std::make_shared<M>(std::forward<A>(a)...);
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

Tensor<double> add(const Tensor<double>& a, const Tensor<double>& b) {
  Tensor<double> s = a.clone();
  axpy(1.0, b.contiguous(), s);
  return s;
}

// relu(conv2(relu(conv1(x))) + x), the ResNet basic block without batch norm.
struct ResBlock {
  std::shared_ptr<SpatialConvolution<double>> c1 = make<SpatialConvolution<double>>(2, 2, 3, 3, 1, 1, 1, 1);
  std::shared_ptr<SpatialConvolution<double>> c2 = make<SpatialConvolution<double>>(2, 2, 3, 3, 1, 1, 1, 1);
  std::shared_ptr<ReLU<double>> r1 = make<ReLU<double>>(), r2 = make<ReLU<double>>();
  std::shared_ptr<CAddTable<double>> sum = make<CAddTable<double>>();

  std::shared_ptr<Graph<double>> graph() {
    auto x = Input<double>("x");
    auto h = node(c1, x);
    h = node(r1, h);
    h = node(c2, h);
    auto s = node(sum, {h, x});
    auto y = node(r2, s);
    return make<Graph<double>>(std::vector<NodePtr<double>>{x}, std::vector<NodePtr<double>>{y});
  }
};

TEST(Graph, ResidualBlockEqualsTheComputationByHand) {
  Random::global().seed(3);
  ResBlock block;
  auto g = block.graph();
  const Tensor<double> x = test::randomTensor({2, 2, 5, 5});
  const Tensor<double> y = g->forward(x).toTensor().clone();

  // By hand, with separate layers holding the same weights.
  SpatialConvolution<double> c1(2, 2, 3, 3, 1, 1, 1, 1), c2(2, 2, 3, 3, 1, 1, 1, 1);
  c1.shareParameters(*block.c1);
  c2.shareParameters(*block.c2);
  ReLU<double> r1, r2;
  const Tensor<double> a = r1.forward(c1.forward(x)).toTensor();
  const Tensor<double> b = c2.forward(a).toTensor();
  const Tensor<double> expected = r2.forward(add(b, x)).toTensor();
  EXPECT_TRUE(allClose(y, expected, 1e-12, 1e-12));

  // Backward: the input gradient sums the residual path and the convolution path.
  const Tensor<double> gy = test::randomTensor({2, 2, 5, 5}, 11);
  g->zeroGradParameters();
  const Tensor<double> gx = g->backward(x, gy).toTensor().clone();
  const Tensor<double> gs = r2.backward(add(b, x), gy).toTensor().clone();
  const Tensor<double> ga = c2.backward(a, gs).toTensor().clone();
  const Tensor<double> gc1 = r1.backward(c1.output().toTensor(), ga).toTensor().clone();
  const Tensor<double> gxConv = c1.backward(x, gc1).toTensor().clone();
  EXPECT_TRUE(allClose(gx, add(gxConv, gs), 1e-12, 1e-12));
}

TEST(Graph, WithoutAnInputGradientTheParameterGradientsAreTheSame) {
  // The training engine turns the model's input gradient off: the graph must still run every node's backward.
  Random::global().seed(3);
  ResBlock a, b;
  auto ga = a.graph(), gb = b.graph();
  gb->getParameters().first.copyFrom(ga->getParameters().first);
  gb->setGradInputNeeded(false);
  const Tensor<double> x = test::randomTensor({2, 2, 5, 5});
  const Tensor<double> gy = test::randomTensor({2, 2, 5, 5}, 11);
  for (auto* g : {ga.get(), gb.get()}) {
    g->zeroGradParameters();
    g->forward(x);
    g->backward(x, gy);
  }
  const Tensor<double> gradA = ga->getParameters().second, gradB = gb->getParameters().second;
  EXPECT_GT(norm2(gradA), 0.0);
  EXPECT_TRUE(allClose(gradA, gradB, 0, 0));
}

TEST(Graph, ResidualBlockGradientCheck) {
  Random::global().seed(4);
  ResBlock block;
  test::expectGradientsMatch(*block.graph(), test::randomTensor({1, 2, 4, 4}));
}

// An Inception-style block: parallel 1x1 and 3x3 branches of one input, joined by a sum, plus a branch
// feeding two consumers.
TEST(Graph, InceptionStyleBranchesGradientCheckAndMultipleOutputs) {
  Random::global().seed(5);
  auto x = Input<double>("x");
  auto b1 = node(make<SpatialConvolution<double>>(2, 3, 1, 1), x);
  b1->setName("branch1x1");
  auto b3 = node(make<SpatialConvolution<double>>(2, 3, 3, 3, 1, 1, 1, 1), x);
  auto t = node(make<Tanh<double>>(), b3);
  auto joined = node(make<CAddTable<double>>(), {b1, t, b1});
  Graph<double> g({x}, {joined});
  test::expectGradientsMatch(g, test::randomTensor({2, 2, 3, 3}));
  EXPECT_EQ(g.parameters()[0].name, "branch1x1.weight");

  // Two outputs: a Table of both; gradients for both flow back.
  auto x2 = Input<double>();
  auto l = node(make<Linear<double>>(3, 2), x2);
  auto s = node(make<Sigmoid<double>>(), l);
  Graph<double> two({x2}, {l, s});
  const Activity<double>& out = two.forward(test::randomTensor({4, 3}));
  ASSERT_TRUE(out.isTable());
  EXPECT_EQ(out.toTable().size(), 2u);
  EXPECT_EQ(out[1].toTensor().shape(), (Shape{4, 2}));
}

TEST(Graph, TwoInputsTakeATable) {
  auto a = Input<double>("a"), b = Input<double>("b");
  auto la = node(make<Linear<double>>(3, 4), a);
  auto lb = node(make<Linear<double>>(2, 4), b);
  auto y = node(make<CAddTable<double>>(), {la, lb});
  Graph<double> g({a, b}, {y});
  const Tensor<double> xa = test::randomTensor({5, 3}), xb = test::randomTensor({5, 2}, 9);
  const Activity<double> in = Activity<double>::table({xa, xb});
  EXPECT_EQ(g.forward(in).toTensor().shape(), (Shape{5, 4}));
  const Activity<double>& gin = g.backward(in, test::randomTensor({5, 4}));
  ASSERT_TRUE(gin.isTable());
  EXPECT_EQ(gin[0].toTensor().shape(), (Shape{5, 3}));
  EXPECT_EQ(gin[1].toTensor().shape(), (Shape{5, 2}));
  const std::string e = errorOf([&] { g.forward(xa); });
  EXPECT_NE(e.find("takes a Table of 2 entries"), std::string::npos) << e;
}

TEST(Graph, AModuleUsedTwiceSharesItsWeightsAndAccumulatesBothGradients) {
  Random::global().seed(6);
  auto lin = make<Linear<double>>(3, 3);
  auto x = Input<double>();
  auto h = node(lin, x);
  h = node(make<Tanh<double>>(), h);
  auto y = node(lin, h);  // the same layer again
  Graph<double> g({x}, {y});
  EXPECT_EQ(g.parameters().size(), 2u);
  EXPECT_EQ(g.children().size(), 3u);
  test::expectGradientsMatch(g, test::randomTensor({2, 3}));
}

TEST(Graph, ErrorsNameTheNode) {
  auto x = Input<double>("x");
  auto stray = Input<double>("stray");
  auto l = node(make<Linear<double>>(3, 3), x);
  l->setName("fc");
  auto bad = node(make<CAddTable<double>>(), {l, stray});
  bad->setName("join");
  std::string e = errorOf([&] { Graph<double>({x}, {bad}); });
  EXPECT_NE(e.find("node 'join' depends on input 'stray'"), std::string::npos) << e;

  auto unused = Input<double>("unused");
  e = errorOf([&] { Graph<double>({x, unused}, {l}); });
  EXPECT_NE(e.find("input 'unused' is not used by any output"), std::string::npos) << e;

  // A cycle: a node made to consume its own consumer.
  auto p = node(make<Tanh<double>>(), x);
  p->setName("p");
  auto q = node(make<Sigmoid<double>>(), p);
  q->setName("q");
  *p = Node<double>(p->module(), {q});
  e = errorOf([&] { Graph<double>({x}, {q}); });
  EXPECT_NE(e.find("cycle"), std::string::npos) << e;
  EXPECT_NE(e.find("'p'"), std::string::npos) << e;

  // A shape mismatch names the node and its input.
  auto x2 = Input<double>("x2");
  auto fc = node(make<Linear<double>>(4, 2), x2);
  fc->setName("fc2");
  Graph<double> g({x2}, {fc});
  e = errorOf([&] { g.forward(test::randomTensor({3, 5})); });
  EXPECT_NE(e.find("node 'fc2' (Linear) with input x2"), std::string::npos) << e;

  // Duplicate names.
  auto x3 = Input<double>();
  auto a = node(make<Tanh<double>>(), x3);
  a->setName("same");
  auto b = node(make<Sigmoid<double>>(), a);
  b->setName("same");
  e = errorOf([&] { Graph<double>({x3}, {b}); });
  EXPECT_NE(e.find("two nodes are named 'same'"), std::string::npos) << e;
}

TEST(Graph, ToStringShowsTheEdges) {
  auto x = Input<double>("x");
  auto h = node(make<Linear<double>>(2, 2), x);
  h->setName("h");
  auto y = node(make<CAddTable<double>>(), {h, x});
  y->setName("y");
  Graph<double> g({x}, {y});
  const std::string s = g.toString();
  EXPECT_NE(s.find("h <- (x): Linear 'h'"), std::string::npos) << s;
  EXPECT_NE(s.find("y <- (h, x): CAddTable"), std::string::npos) << s;
  EXPECT_NE(s.find("outputs: y"), std::string::npos) << s;
}

TEST(Graph, SavedAndLoadedWithItsEdgesAndSharedWeights) {
  Random::global().seed(7);
  ResBlock block;
  auto g = block.graph();
  auto lin = make<Linear<double>>(50, 50);
  // A graph inside a Sequential, plus a layer used twice, to cover nesting and shared parameters.
  auto x = Input<double>("in");
  auto h = node(lin, x);
  auto y = node(lin, node(make<Tanh<double>>(), h));
  auto twice = make<Graph<double>>(std::vector<NodePtr<double>>{x}, std::vector<NodePtr<double>>{y});
  Sequential<double> seq;
  seq.add(g);
  seq.add(make<Reshape<double>>(Shape{50}));
  seq.add(twice);
  const std::string path = (std::filesystem::temp_directory_path() / "ringdl_graph_test.ringdl").string();
  saveModel(path, seq);
  ModulePtr<double> back = loadModel<double>(path);
  std::remove(path.c_str());
  EXPECT_EQ(back->toString(), seq.toString());
  EXPECT_EQ(back->parameters().size(), seq.parameters().size());
  const Tensor<double> in = test::randomTensor({2, 2, 5, 5});
  EXPECT_TRUE(allClose(back->forward(in).toTensor(), seq.forward(in).toTensor(), 0, 0));
  // The loaded copy still shares: one gradient place for both uses, and a clone equals it too.
  auto [w, gw] = back->getParameters();
  auto [w0, gw0] = seq.getParameters();
  EXPECT_EQ(w.numel(), w0.numel());
  test::expectGradientsMatch(*back->clone(), in);
}

}  // namespace
}  // namespace ringdl
