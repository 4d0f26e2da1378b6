// LookupTable: index errors (where and what), the padding row, repeated indices adding up, maxNorm touching
// only the rows looked up, and pretrained weights kept fixed by freeze() (values, gradients, saving and
// clones are in conformance_test.cpp).
#include "ringdl/nn/layers/embedding/lookup_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "ringdl/nn.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

template <typename F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(LookupTable, AnIndexOutOfRangeIsAnErrorNamingTheLayerTheIndexAndItsPosition) {
  LookupTable<float> table(5, 3);
  table.setName("words");
  const std::string msg = errorOf([&] { table.forward(Tensor<float>::fromVector({2, 2}, {0, 1, 5, 2})); });
  EXPECT_NE(msg.find("layer 'words' (LookupTable)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("the index at [1, 0] is 5, outside 0 .. 4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("1-based"), std::string::npos)
      << "an index of nIndex hints at BigDL's 1-based ones: " << msg;
  EXPECT_NE(errorOf([&] {
              table.forward(Tensor<float>::fromVector({2}, {-1, 0}));
            }).find("is -1"),
            std::string::npos);
  const std::string frac = errorOf([&] { table.forward(Tensor<float>::fromVector({2}, {0, 1.5f})); });
  EXPECT_NE(frac.find("the index at [1] is 1.5, not a whole number"), std::string::npos) << frac;
}

TEST(LookupTable, RepeatedIndicesAddTheirGradients) {
  LookupTable<double> table(4, 2);
  const Tensor<double> x = Tensor<double>::fromVector({2, 2}, {2, 2, 0, 2});
  table.forward(x);
  table.zeroGradParameters();
  const Tensor<double> g = Tensor<double>::fromVector({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  const Tensor<double>& gx = table.backward(x, g).toTensor();
  EXPECT_EQ(gx.toVector(), std::vector<double>(4, 0.0)) << "indices have no gradient";
  const std::vector<ParamRef<double>> p = table.parameters();
  EXPECT_EQ(p[0].grad->toVector(), (std::vector<double>{5, 6, 0, 0, 1 + 3 + 7, 2 + 4 + 8, 0, 0}));
}

TEST(LookupTable, ThePaddingRowStartsAtZerosAndGetsNoGradient) {
  LookupTable<double> table(4, 3, /*paddingValue=*/1);
  EXPECT_EQ(table.weight().select(0, 1).contiguous().toVector(), std::vector<double>(3, 0.0));
  table.weight().select(0, 1).fill(0.5);  // trained or loaded: it is looked up as it is
  const Tensor<double> x = Tensor<double>::fromVector({3}, {1, 3, 1});
  EXPECT_EQ(table.forward(x).toTensor().select(0, 0).contiguous().toVector(), std::vector<double>(3, 0.5));
  table.zeroGradParameters();
  table.backward(x, Tensor<double>::full({3, 3}, 1.0));
  const Tensor<double>& grad = *table.parameters()[0].grad;
  EXPECT_EQ(grad.select(0, 1).contiguous().toVector(), std::vector<double>(3, 0.0));
  EXPECT_EQ(grad.select(0, 3).contiguous().toVector(), std::vector<double>(3, 1.0));
}

TEST(LookupTable, MaxNormRenormalisesOnlyTheRowsLookedUp) {
  LookupTable<double> table(3, 2, -1, /*maxNorm=*/1.0);
  table.setWeight(Tensor<double>::fromVector({3, 2}, {3, 4, 0.3, 0.4, 6, 8}));
  const Tensor<double>& y = table.forward(Tensor<double>::fromVector({2}, {0, 1})).toTensor();
  EXPECT_NEAR(y.at({0, 0}), 0.6, 1e-6);  // [3, 4] has norm 5: scaled to norm 1
  EXPECT_NEAR(y.at({0, 1}), 0.8, 1e-6);
  EXPECT_EQ(y.at({1, 0}), 0.3);  // within the norm: unchanged
  EXPECT_EQ(table.weight().at({0, 1}), y.at({0, 1})) << "renormalised in the weight itself, as PyTorch does";
  EXPECT_EQ(table.weight().at({2, 1}), 8.0) << "a row not looked up is left alone";
}

TEST(LookupTable, PretrainedWeightsStayFixedOnceFrozen) {
  auto table = std::make_shared<LookupTable<float>>(6, 3);
  const Tensor<float> pretrained = test::randomTensor({6, 3}, 11).to<float>();
  table->setWeight(pretrained);
  Sequential<float> model;
  model.add(table);
  model.add(std::make_shared<Linear<float>>(3, 2));
  model.freeze({"0"});
  auto [weights, grads] = model.getParameters();
  EXPECT_EQ(weights.numel(), 3 * 2 + 2) << "only the Linear is trained";
  const Tensor<float> x = Tensor<float>::fromVector({3}, {0, 5, 3});
  model.zeroGradParameters();
  model.forward(x);
  model.backward(x, Tensor<float>::full({3, 2}, 1.0f));
  EXPECT_EQ(table->parameters()[0].grad->toVector(), std::vector<float>(18, 0.0f));
  EXPECT_EQ(table->weight().toVector(), pretrained.toVector());
  const std::string msg = errorOf([&] { table->setWeight(Tensor<float>({5, 3})); });
  EXPECT_NE(msg.find("setWeight takes embeddings of shape [6, 3]"), std::string::npos) << msg;
}

TEST(LookupTable, OptionsAreChecked) {
  EXPECT_NE(errorOf([] { LookupTable<float>(4, 3, 4); }).find("paddingValue must be an index in 0 .. 3"),
            std::string::npos);
  EXPECT_NE(errorOf([] { LookupTable<float>(4, 3, -1, 0.0); }).find("maxNorm must be positive"),
            std::string::npos);
  EXPECT_NE(errorOf([] { LookupTable<float>(0, 3); }).find("positive sizes"), std::string::npos);
}

}  // namespace
}  // namespace ringdl
