// Masking: steps whose every feature equals maskValue become zeros with zero gradients, others pass; errors
// (gradients, PyTorch values, configuration and saving are in conformance_test.cpp).
#include "ringdl/nn/layers/shape/masking.h"

#include <gtest/gtest.h>

#include "support/error_text.h"

namespace ringdl {
namespace {

TEST(Masking, ZeroesOnlyStepsWhollyEqualToTheMaskValue) {
  Masking<double> layer(-1.0);
  // [1, 3, 2]: step 0 fully masked, step 1 half (kept), step 2 plain.
  const Tensor<double> x = Tensor<double>::fromVector({1, 3, 2}, {-1, -1, -1, 4, 2, 3});
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), (std::vector<double>{0, 0, -1, 4, 2, 3}));
  const Tensor<double> g = Tensor<double>::fromVector({1, 3, 2}, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(layer.backward(x, g).toTensor().toVector(), (std::vector<double>{0, 0, 3, 4, 5, 6}));
}

TEST(Masking, MasksEachSampleOnItsOwn) {
  Masking<float> layer;  // maskValue 0
  const Tensor<float> x = Tensor<float>::fromVector({2, 2, 1}, {0, 1, 2, 0});
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), (std::vector<float>{0, 1, 2, 0}));
  const Tensor<float> g = Tensor<float>::fromVector({2, 2, 1}, {7, 8, 9, 10});
  EXPECT_EQ(layer.backward(x, g).toTensor().toVector(), (std::vector<float>{0, 8, 9, 0}));
}

TEST(Masking, TakesBatchesOfSequences) {
  Masking<float> layer;
  layer.setName("mask");
  const std::string msg = test::errorOf([&] { layer.forward(Tensor<float>({3, 4})); });
  EXPECT_CONTAINS(msg, "layer 'mask' (Masking): expected input of shape [N, T, F]");
  EXPECT_CONTAINS(msg, "got [3, 4]");
}

}  // namespace
}  // namespace ringdl
