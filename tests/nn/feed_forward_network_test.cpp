// FeedForwardNetwork: BigDL's parameter names and the same numbers as its Linear -> ReLU -> Linear written
// out with the layers, on a batch of sequences (values against PyTorch are in conformance_test.cpp).
#include "ringdl/nn/layers/attention/feed_forward_network.h"

#include <gtest/gtest.h>

#include "ringdl/nn.h"
#include "support/grad_check.h"

namespace ringdl {

TEST(FeedForwardNetwork, IsLinearReluLinearOnEveryVector) {
  FeedForwardNetwork<double> ffn(4, 6);
  std::vector<std::string> names;
  for (const ParamRef<double>& p : ffn.parameters()) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"filter_layer.weight", "filter_layer.bias",
                                             "output_layer.weight", "output_layer.bias"}));
  Sequential<double> same;
  same.add(std::make_shared<Linear<double>>(4, 6));
  same.add(std::make_shared<ReLU<double>>());
  same.add(std::make_shared<Linear<double>>(6, 4));
  const auto mine = ffn.parameters(), theirs = same.parameters();
  for (size_t i = 0; i < mine.size(); ++i) theirs[i].weight->copyFrom(*mine[i].weight);
  const Tensor<double> x = test::randomTensor({2, 3, 4}, 5);
  const Tensor<double> rows = x.view({6, 4});
  EXPECT_EQ(ffn.forward(x).toTensor().toVector(), same.forward(rows).toTensor().toVector());
  EXPECT_EQ(ffn.forward(x).toTensor().shape(), x.shape());
}

}  // namespace ringdl
