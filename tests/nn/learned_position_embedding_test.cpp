// LearnedPositionEmbedding: shorter sequences use the first rows, the weight's gradient sums the batch, and a
// sequence longer than maxLength is an error saying what to change (values against PyTorch are in
// conformance_test.cpp).
#include "ringdl/nn/layers/embedding/learned_position_embedding.h"

#include <gtest/gtest.h>

#include <string>

#include "ringdl/nn.h"

namespace ringdl {

TEST(LearnedPositionEmbedding, StepTGetsRowTAndTheGradientSumsTheBatch) {
  LearnedPositionEmbedding<double> pos(4, 2);
  pos.weight().copyFrom(Tensor<double>::fromVector({4, 2}, {1, 2, 3, 4, 5, 6, 7, 8}));
  const Tensor<double> x({3, 2, 2});
  EXPECT_EQ(pos.forward(x).toTensor().select(0, 2).contiguous().toVector(),
            (std::vector<double>{1, 2, 3, 4}));
  pos.zeroGradParameters();
  pos.backward(x, Tensor<double>::full({3, 2, 2}, 1.0));
  EXPECT_EQ(pos.parameters()[0].grad->toVector(), (std::vector<double>{3, 3, 3, 3, 0, 0, 0, 0}));
}

TEST(LearnedPositionEmbedding, ASequenceLongerThanTheTableIsAnError) {
  LearnedPositionEmbedding<float> pos(4, 2);
  try {
    pos.forward(Tensor<float>({1, 5, 2}));
    ADD_FAILURE() << "5 steps of 4";
  } catch (const Error& e) {
    EXPECT_NE(
        std::string(e.what()).find("(LearnedPositionEmbedding): the input has 5 steps but the position table "
                                   "has maxLength 4 rows"),
        std::string::npos)
        << e.what();
  }
}

}  // namespace ringdl
