// LogSoftMax: stability for extreme inputs, strided input, the unsupported-rank message (gradients and
// PyTorch values for every supported rank, with the class dimension as BigDL picks it, are in
// conformance_test.cpp).
#include "ringdl/nn/layers/activation/log_soft_max.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ringdl/tensor/math.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TEST(LogSoftMax, StableForLargeInputs) {
  for (double big : {1e4, -1e4, 3e38}) {
    LogSoftMax<float> layer;
    // Without max subtraction, exp() gives inf/inf or 0/0 here.
    const float b = static_cast<float>(big);
    const auto& y = layer.forward(Tensor<float>::fromVector({1, 2}, {b, b})).toTensor();
    for (float v : y.toVector()) EXPECT_FALSE(std::isnan(v)) << "input " << big;
    const float expected = std::log(0.5f);
    EXPECT_NEAR(y.at({0, 0}), expected, 1e-6) << "input " << big;
  }
}

TEST(LogSoftMax, StridedInputMatchesContiguous) {
  const Tensor<double> x = test::randomTensor({5, 4}).transpose(0, 1);
  LogSoftMax<double> a, b;
  EXPECT_TRUE(allClose(a.forward(x).toTensor(), b.forward(x.contiguous()).toTensor(), 0, 0));
}

TEST(LogSoftMax, UnsupportedRankNamesTheShape) {
  LogSoftMax<float> layer;
  try {
    layer.forward(Tensor<float>({2, 2, 2, 2, 2}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("[2, 2, 2, 2, 2]"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace ringdl
