// ConcatTable: gradInputs summed entry by entry through nested Tables, the gradInput flag passed to every
// child, and errors naming the layer and the child (gradients, PyTorch values, saving and cloning of each row
// are in conformance_test.cpp).
#include "ringdl/nn/layers/container/concat_table.h"

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

// {{a, b}, c} -> ParallelTable(ParallelTable(Linear, Tanh), Sigmoid): the same nesting out.
ModulePtr<double> nestedParallel() {
  auto inner = std::make_shared<ParallelTable<double>>();
  inner->emplace<Linear<double>>(3, 3).emplace<Tanh<double>>();
  auto outer = std::make_shared<ParallelTable<double>>();
  outer->add(inner).emplace<Sigmoid<double>>();
  return outer;
}

Activity<double> nestedInput() {
  return Activity<double>::table(
      {Activity<double>::table({test::randomTensor({2, 3}, 1), test::randomTensor({2, 3}, 2)}),
       test::randomTensor({2, 4}, 3)});
}

TEST(ConcatTable, SumsNestedTableGradientsEntryByEntry) {
  // Two children of one nested Table input: their gradInputs are {{ga, gb}, gc} each, summed at every leaf.
  auto a = nestedParallel(), b = nestedParallel();
  ConcatTable<double> c;
  c.add(a).add(b);
  const Activity<double> x = nestedInput();
  const Activity<double> y = test::deepCopy(c.forward(x));
  ASSERT_EQ(test::describe(y), "{{{[2, 3], [2, 3]}, [2, 4]}, {{[2, 3], [2, 3]}, [2, 4]}}");
  const Activity<double> gy = test::deepCopy(y);  // any gradient of the right structure
  const Activity<double> gx = test::deepCopy(c.backward(x, gy));
  const Activity<double> ga = test::deepCopy(a->backward(x, gy[0]));
  const Activity<double> gb = test::deepCopy(b->backward(x, gy[1]));
  ASSERT_EQ(test::describe(gx), test::describe(x));
  const auto sum = test::leaves(gx), fromA = test::leaves(ga), fromB = test::leaves(gb);
  for (size_t k = 0; k < sum.size(); ++k) {
    Tensor<double> expected = fromA[k]->clone();
    axpy(1.0, *fromB[k], expected);
    EXPECT_TRUE(allClose(*sum[k], expected, 1e-14, 1e-14)) << "leaf " << k;
  }
  // And the whole thing passes the gradient check, nested Tables and all.
  test::expectGradientsMatch(c, x);
}

TEST(ConcatTable, EveryChildSkipsItsGradInputWhenTheTablesIsNotNeeded) {
  ConcatTable<double> c;
  c.emplace<Linear<double>>(3, 2).emplace<Linear<double>>(3, 4);
  c.setGradInputNeeded(false);
  const Tensor<double> x = test::randomTensor({5, 3});
  c.forward(x);
  c.backward(x, Activity<double>::table({test::randomTensor({5, 2}), test::randomTensor({5, 4})}));
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_FALSE(c.at(i)->gradInputNeeded()) << i;
    EXPECT_TRUE(c.at(i)->gradInput().toTensor().empty()) << i;
  }
  EXPECT_FALSE(c.parameters()[2].grad->toVector() == std::vector<double>(8, 0.0)) << "no parameter gradient";
  c.setGradInputNeeded(true);
  EXPECT_TRUE(c.at(1)->gradInputNeeded());
}

TEST(ConcatTable, InAGraphWhoseInputGradientIsNotNeeded) {
  // x feeds a ConcatTable (which then skips its gradInput) and, through a residual sum, the graph's output:
  // the graph must not add the ConcatTable's unused gradInput to x's.
  auto x = Input<double>("x");
  auto branches = std::make_shared<ConcatTable<double>>();
  branches->emplace<Linear<double>>(3, 3).emplace<Linear<double>>(3, 3);
  auto sum = node(std::make_shared<CAddTable<double>>(), node(branches, x));
  auto y = node(std::make_shared<CAddTable<double>>(), {sum, x});
  Graph<double> g({x}, {y});
  const Tensor<double> in = test::randomTensor({4, 3});
  const Tensor<double> gy = test::randomTensor({4, 3}, 2);
  g.forward(in);
  g.backward(in, gy);
  const std::vector<double> expected = g.parameters()[0].grad->toVector();
  g.zeroGradParameters();
  g.setGradInputNeeded(false);
  g.forward(in);
  g.backward(in, gy);
  EXPECT_EQ(g.parameters()[0].grad->toVector(), expected);
  EXPECT_FALSE(branches->at(0)->gradInputNeeded());

  // Two inputs into a ParallelTable that skips its gradInput.
  auto a = Input<double>("a"), b = Input<double>("b");
  auto pairs = std::make_shared<ParallelTable<double>>();
  pairs->emplace<Tanh<double>>().emplace<Tanh<double>>();
  auto both = node(pairs, {a, b});
  Graph<double> g2({a, b}, {node(std::make_shared<CAddTable<double>>(),
                                 {node(std::make_shared<CAddTable<double>>(), both), a})});
  g2.setGradInputNeeded(false);
  const Activity<double> ab = Activity<double>::table({in, test::randomTensor({4, 3}, 3)});
  g2.forward(ab);
  g2.backward(ab, gy);
}

TEST(ConcatTable, ErrorsNameTheLayerAndTheChild) {
  ConcatTable<double> c;
  c.setName("branches");
  c.emplace<Linear<double>>(3, 2).emplace<Linear<double>>(4, 2);
  const Tensor<double> x = test::randomTensor({5, 3});
  std::string e = errorOf([&] { c.forward(x); });
  EXPECT_NE(e.find("layer 'branches' (ConcatTable), at child 1: layer '1' (Linear)"), std::string::npos) << e;

  ConcatTable<double> ok;
  ok.setName("ok");
  ok.emplace<Linear<double>>(3, 2).emplace<Tanh<double>>();
  ok.forward(x);
  e = errorOf([&] { ok.backward(x, test::randomTensor({5, 2})); });
  EXPECT_NE(
      e.find("layer 'ok' (ConcatTable) has 2 children and takes a Table of 2 gradients, got a Tensor of "
             "shape [5, 2]"),
      std::string::npos)
      << e;

  ConcatTable<double> outer;
  outer.setName("outer");
  outer.emplace<Tanh<double>>().emplace<ConcatTable<double>>();  // the inner one has no children
  e = errorOf([&] { outer.forward(x); });
  EXPECT_NE(
      e.find("layer 'outer' (ConcatTable), at child 1: layer '1' (ConcatTable) has no children to apply"),
      std::string::npos)
      << e;
}

TEST(ParallelTable, ErrorsNameTheTableSizesAndTheChild) {
  ParallelTable<double> p;
  p.setName("pair");
  p.emplace<Linear<double>>(3, 2).emplace<Tanh<double>>();
  std::string e = errorOf([&] { p.forward(test::randomTensor({2, 3})); });
  EXPECT_NE(
      e.find("layer 'pair' (ParallelTable) has 2 children and takes a Table of 2 entries (entry i for child "
             "i) as its input, got a Tensor of shape [2, 3]"),
      std::string::npos)
      << e;
  e = errorOf([&] { p.forward(Activity<double>::table({test::randomTensor({2, 3})})); });
  EXPECT_NE(e.find("got a Table of 1 entries"), std::string::npos) << e;
  e = errorOf([&] {
    p.forward(Activity<double>::table({test::randomTensor({2, 4}), test::randomTensor({2, 3})}));
  });
  EXPECT_NE(e.find("layer 'pair' (ParallelTable), at child 0: layer '0' (Linear)"), std::string::npos) << e;
}

TEST(ParallelTable, NestedTablesGoThroughEntryByEntry) {
  ModulePtr<double> p = nestedParallel();
  const Activity<double> x = nestedInput();
  EXPECT_EQ(test::describe(p->forward(x)), "{{[2, 3], [2, 3]}, [2, 4]}");
  test::expectGradientsMatch(*p, x);
}

}  // namespace
}  // namespace ringdl
