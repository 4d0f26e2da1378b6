// MultiHeadAttention: fully masked queries (no NaN), causality, one Tensor as self-attention, dropout from
// the global Random, parameter gradients without gradInput, PyTorch's parameter names and option errors
// (values against PyTorch, gradients, saving and clones are in conformance_test.cpp).
#include "ringdl/nn/layers/attention/multi_head_attention.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "ringdl/nn.h"
#include "ringdl/tensor/random.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

Activity<double> qkv(const Tensor<double>& q, const Tensor<double>& k, const Tensor<double>& v) {
  return Activity<double>::table({q, k, v});
}

TEST(MultiHeadAttention, AQueryWithEveryKeyMaskedGivesTheOutputBiasAndNoNaN) {
  MultiHeadAttention<double> mha(4, 2);
  mha.outProjBias().copyFrom(test::randomTensor({4}, 3));
  const Tensor<double> q = test::randomTensor({2, 3, 4}, 1), kv = test::randomTensor({2, 5, 4}, 2);
  Tensor<double> mask({2, 5});
  mask.select(0, 0).fill(1);  // sample 0: every key padded
  const Activity<double> x = Activity<double>::table({q, kv, kv, mask});
  const Tensor<double> y = mha.forward(x).toTensor().clone();
  for (int64_t t = 0; t < 3; ++t)
    for (int64_t j = 0; j < 4; ++j) EXPECT_EQ(y.at({0, t, j}), mha.outProjBias().at({j}));
  const Activity<double>& g = mha.backward(x, test::randomTensor({2, 3, 4}, 4));
  for (const Activity<double>& entry : g.toTable())
    for (double v : entry.toTensor().toVector()) EXPECT_TRUE(std::isfinite(v));
  for (int64_t t = 0; t < 3; ++t)
    for (int64_t j = 0; j < 4; ++j) EXPECT_EQ(g.toTable()[0].toTensor().at({0, t, j}), 0.0);
  test::expectGradientsMatch(mha, x, [] {
    test::GradCheckOptions o;
    o.skipInputs = {3};
    return o;
  }());
}

TEST(MultiHeadAttention, CausalQueriesDoNotSeeLaterKeys) {
  MultiHeadAttention<double> mha(6, 3, 0, true, /*causal=*/true);
  Tensor<double> x = test::randomTensor({1, 4, 6}, 7);
  const Tensor<double> before = mha.forward(x).toTensor().clone();
  x.select(1, 3).fill(5.0);  // the last step changes
  const Tensor<double>& after = mha.forward(x).toTensor();
  for (int64_t t = 0; t < 3; ++t)
    for (int64_t j = 0; j < 6; ++j) EXPECT_EQ(after.at({0, t, j}), before.at({0, t, j})) << "step " << t;
  EXPECT_NE(after.at({0, 3, 0}), before.at({0, 3, 0}));
}

TEST(MultiHeadAttention, OneTensorIsSelfAttention) {
  MultiHeadAttention<double> mha(4, 2);
  const Tensor<double> x = test::randomTensor({2, 3, 4}, 5), gy = test::randomTensor({2, 3, 4}, 6);
  const Tensor<double> y = mha.forward(x).toTensor().clone();
  const Tensor<double> gx = mha.backward(x, gy).toTensor().clone();
  const Activity<double>& y3 = mha.forward(qkv(x, x, x));
  EXPECT_TRUE(allClose(y3.toTensor(), y, 1e-14, 1e-14));
  const Activity<double>& g3 = mha.backward(qkv(x, x, x), gy);
  Tensor<double> sum = g3.toTable()[0].toTensor().clone();
  axpy(1.0, g3.toTable()[1].toTensor(), sum);
  axpy(1.0, g3.toTable()[2].toTensor(), sum);
  EXPECT_TRUE(allClose(sum, gx, 1e-12, 1e-12));
}

TEST(MultiHeadAttention, DropoutDrawsFromTheGlobalRandomInTrainingOnly) {
  MultiHeadAttention<double> mha(4, 2, /*dropout=*/0.5);
  const Tensor<double> x = test::randomTensor({2, 5, 4}, 8);
  Random::global().seed(42);
  const Tensor<double> a = mha.forward(x).toTensor().clone();
  Random::global().seed(42);
  EXPECT_EQ(mha.forward(x).toTensor().toVector(), a.toVector()) << "same seed, same mask";
  Random::global().seed(43);
  EXPECT_NE(mha.forward(x).toTensor().toVector(), a.toVector());
  int zeros = 0;
  for (double w : mha.attentionWeights().toVector()) zeros += w == 0.0;
  EXPECT_GT(zeros, 0) << "some attention weights are dropped";
  // Dropped weights are part of the function the gradient is checked against (the generator is restored).
  test::expectGradientsMatch(mha, x);
  mha.evaluate();
  MultiHeadAttention<double> plain(4, 2);
  plain.shareParameters(mha);
  EXPECT_EQ(mha.forward(x).toTensor().toVector(), plain.forward(x).toTensor().toVector());
}

TEST(MultiHeadAttention, ParameterGradientsDoNotNeedGradInput) {
  MultiHeadAttention<double> a(4, 2), b(4, 2);
  b.shareParameters(a);
  const Tensor<double> q = test::randomTensor({2, 3, 4}, 1), k = test::randomTensor({2, 2, 4}, 2);
  const Tensor<double> v = test::randomTensor({2, 2, 4}, 3), gy = test::randomTensor({2, 3, 4}, 4);
  a.zeroGradParameters();
  a.forward(qkv(q, k, v));
  a.backward(qkv(q, k, v), gy);
  std::vector<std::vector<double>> expected;
  for (const ParamRef<double>& p : a.parameters()) expected.push_back(p.grad->toVector());
  a.zeroGradParameters();
  b.setGradInputNeeded(false);
  b.forward(qkv(q, k, v));
  b.backward(qkv(q, k, v), gy);
  const auto params = b.parameters();
  for (size_t i = 0; i < params.size(); ++i)
    EXPECT_EQ(params[i].grad->toVector(), expected[i]) << params[i].name;
}

TEST(MultiHeadAttention, ParametersHavePyTorchsNames) {
  std::vector<std::string> names;
  MultiHeadAttention<float> mha(8, 2);
  for (const ParamRef<float>& p : mha.parameters())
    names.push_back(p.name + " " + toString(p.weight->shape()));
  EXPECT_EQ(names, (std::vector<std::string>{"in_proj_weight [24, 8]", "in_proj_bias [24]",
                                             "out_proj.weight [8, 8]", "out_proj.bias [8]"}));
  EXPECT_EQ(MultiHeadAttention<float>(8, 2, 0, false).parameters().size(), 2u);
}

TEST(MultiHeadAttention, BadOptionsAndInputsAreErrorsNamingTheLayer) {
  try {
    MultiHeadAttention<float>(6, 4);
    ADD_FAILURE() << "numHeads 4 does not divide 6";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("numHeads (4) must be positive and divide hiddenSize (6)"),
              std::string::npos);
  }
  MultiHeadAttention<float> mha(4, 2);
  const Tensor<float> q({2, 3, 4}), kv({2, 5, 4});
  try {
    mha.forward(Activity<float>::table({q, kv, kv, Tensor<float>({2, 4})}));
    ADD_FAILURE() << "a mask of the wrong length";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("(MultiHeadAttention): keyPaddingMask must be [2, 5]"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ringdl
