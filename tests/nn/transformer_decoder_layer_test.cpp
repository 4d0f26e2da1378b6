// TransformerDecoderLayer: PyTorch's parameter names, causal self-attention, the memory's gradient and the
// Table it takes (values against PyTorch, gradients, saving and clones are in conformance_test.cpp).
#include "ringdl/nn/layers/attention/transformer_decoder_layer.h"

#include <gtest/gtest.h>

#include <string>

#include "ringdl/nn.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TransformerLayerOptions small() {
  TransformerLayerOptions o;
  o.dModel = 4, o.nHead = 2, o.dimFeedforward = 6, o.dropout = 0, o.causal = true;
  return o;
}

TEST(TransformerDecoderLayer, ParametersHavePyTorchsNames) {
  TransformerDecoderLayer<float> layer(small());
  std::vector<std::string> names;
  for (const ParamRef<float>& p : layer.parameters()) names.push_back(p.name);
  ASSERT_EQ(names.size(), 18u);
  EXPECT_EQ(names[4], "multihead_attn.in_proj_weight");
  EXPECT_EQ(names.back(), "norm3.bias");
}

TEST(TransformerDecoderLayer, EarlierStepsDoNotSeeLaterOnesButSeeAllTheMemory) {
  TransformerDecoderLayer<double> layer(small());
  Tensor<double> tgt = test::randomTensor({1, 3, 4}, 1), memory = test::randomTensor({1, 5, 4}, 2);
  const Tensor<double> before = layer.forward(Activity<double>::table({tgt, memory})).toTensor().clone();
  tgt.select(1, 2).fill(3.0);
  const Tensor<double> after = layer.forward(Activity<double>::table({tgt, memory})).toTensor().clone();
  for (int64_t j = 0; j < 4; ++j) EXPECT_EQ(after.at({0, 1, j}), before.at({0, 1, j}));
  memory.select(1, 4).fill(3.0);
  EXPECT_NE(layer.forward(Activity<double>::table({tgt, memory})).toTensor().at({0, 0, 0}),
            after.at({0, 0, 0}));
}

TEST(TransformerDecoderLayer, TheMemoryGetsItsGradient) {
  TransformerDecoderLayer<double> layer(small());
  const Activity<double> x =
      Activity<double>::table({test::randomTensor({2, 3, 4}, 3), test::randomTensor({2, 2, 4}, 4)});
  test::expectGradientsMatch(layer, x);
  try {
    layer.forward(test::randomTensor({2, 3, 4}, 3));
    ADD_FAILURE() << "a Tensor without memory";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("(TransformerDecoderLayer): takes a Table {tgt [N, T, 4], memory [N, S, 4]}"),
              std::string::npos)
        << e.message();
  }
}

}  // namespace
}  // namespace ringdl
