// TransformerEncoderLayer: PyTorch's parameter names, inner layers' errors named through the layer, gradients
// without gradInput and when frozen, and dropout from the global Random in training only (values against
// PyTorch, gradients, saving and clones are in conformance_test.cpp).
#include "ringdl/nn/layers/attention/transformer_encoder_layer.h"

#include <gtest/gtest.h>

#include <string>

#include "ringdl/nn.h"
#include "ringdl/tensor/random.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TransformerLayerOptions small(double dropout = 0) {
  TransformerLayerOptions o;
  o.dModel = 4, o.nHead = 2, o.dimFeedforward = 6, o.dropout = dropout;
  return o;
}

TEST(TransformerEncoderLayer, ParametersHavePyTorchsNames) {
  TransformerEncoderLayer<float> layer(small());
  std::vector<std::string> names;
  for (const ParamRef<float>& p : layer.parameters()) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
                       "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight",
                       "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"}));
}

TEST(TransformerEncoderLayer, AnInnerLayersErrorNamesThisLayerFirst) {
  TransformerEncoderLayer<float> layer(small());
  layer.setName("enc1");
  try {
    layer.forward(Activity<float>::table({Tensor<float>({2, 3, 4}), Tensor<float>({2, 5})}));
    ADD_FAILURE() << "a mask of 5 steps for 3";
  } catch (const Error& e) {
    EXPECT_EQ(e.message().rfind("layer 'enc1' (TransformerEncoderLayer), inside: layer 'self_attn' "
                                "(MultiHeadAttention): keyPaddingMask must be [2, 3]",
                                0),
              0u)
        << e.message();
  }
}

TEST(TransformerEncoderLayer, ParameterGradientsWithoutGradInputAndNoneWhenFrozen) {
  TransformerLayerOptions o = small();
  o.normFirst = true;
  TransformerEncoderLayer<double> a(o), b(o);
  b.shareParameters(a);
  const Tensor<double> x = test::randomTensor({2, 3, 4}, 1), gy = test::randomTensor({2, 3, 4}, 2);
  a.zeroGradParameters();
  a.forward(x);
  a.backward(x, gy);
  std::vector<std::vector<double>> expected;
  for (const ParamRef<double>& p : a.parameters()) expected.push_back(p.grad->toVector());
  a.zeroGradParameters();
  b.setGradInputNeeded(false);
  b.forward(x);
  b.backward(x, gy);
  const auto params = b.parameters();
  for (size_t i = 0; i < params.size(); ++i)
    EXPECT_EQ(params[i].grad->toVector(), expected[i]) << params[i].name;

  b.zeroGradParameters();
  b.freeze();
  b.setGradInputNeeded(true);
  b.forward(x);
  const Tensor<double> gx = b.backward(x, gy).toTensor().clone();
  for (const ParamRef<double>& p : b.parameters())
    EXPECT_EQ(p.grad->toVector(), std::vector<double>(p.grad->numel(), 0.0))
        << p.name << " of a frozen layer";
  a.forward(x);
  EXPECT_EQ(a.backward(x, gy).toTensor().toVector(), gx.toVector())
      << "a frozen layer still passes gradients on";
}

TEST(TransformerEncoderLayer, DropoutDrawsFromTheGlobalRandomInTrainingOnly) {
  TransformerEncoderLayer<double> layer(small(0.3)), plain(small(0));
  plain.shareParameters(layer);
  const Tensor<double> x = test::randomTensor({2, 3, 4}, 3);
  Random::global().seed(7);
  const std::vector<double> a = layer.forward(x).toTensor().toVector();
  Random::global().seed(7);
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), a);
  EXPECT_NE(plain.forward(x).toTensor().toVector(), a);
  test::expectGradientsMatch(layer, x);  // the generator is restored before every forward
  layer.evaluate();
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), plain.forward(x).toTensor().toVector());
}

}  // namespace
}  // namespace ringdl
