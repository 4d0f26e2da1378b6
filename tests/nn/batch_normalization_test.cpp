// BatchNormalization and SpatialBatchNormalization: what the harness does not see: running statistics over
// several batches, their place in model files and clones (evaluate() after loading), and the errors
// (gradients, PyTorch values in training and evaluate, running statistics after one forward, configuration
// are in conformance_test.cpp).
#include "ringdl/nn/layers/normalization/batch_normalization.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "ringdl/io/model_io.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TEST(BatchNormalization, RunningStatisticsFollowMomentumOverBatches) {
  SpatialBatchNormalization<double> bn(2, 1e-5, 0.25);
  double mean = 0, var = 1;  // channel 0's running statistics, by hand
  for (uint64_t step = 0; step < 4; ++step) {
    const Tensor<double> x = test::randomTensor({3, 2, 2, 2}, 10 + step, -2, 5);
    bn.forward(x);
    double sum = 0, squares = 0;
    for (int64_t n = 0; n < 3; ++n)
      for (int64_t i = 0; i < 4; ++i) sum += x.data()[n * 8 + i];
    const double batchMean = sum / 12;
    for (int64_t n = 0; n < 3; ++n)
      for (int64_t i = 0; i < 4; ++i)
        squares += (x.data()[n * 8 + i] - batchMean) * (x.data()[n * 8 + i] - batchMean);
    mean = 0.75 * mean + 0.25 * batchMean;
    var = 0.75 * var + 0.25 * squares / 11;  // unbiased
  }
  EXPECT_NEAR(bn.runningMean().data()[0], mean, 1e-12);
  EXPECT_NEAR(bn.runningVar().data()[0], var, 1e-12);
}

TEST(BatchNormalization, EvaluateDoesNotMoveTheStatistics) {
  BatchNormalization<float> bn(3);
  bn.forward(test::randomTensor({8, 3}, 1).to<float>());
  const std::vector<float> mean = bn.runningMean().toVector(), var = bn.runningVar().toVector();
  bn.evaluate();
  bn.forward(test::randomTensor({8, 3}, 2, 5, 9).to<float>());
  EXPECT_EQ(bn.runningMean().toVector(), mean);
  EXPECT_EQ(bn.runningVar().toVector(), var);
}

TEST(BatchNormalization, RunningStatisticsAreSavedAndCloned) {
  auto bn = std::make_shared<SpatialBatchNormalization<float>>(2);
  for (uint64_t step = 0; step < 3; ++step)
    bn->forward(test::randomTensor({4, 2, 3, 3}, step, 1, 4).to<float>());
  bn->evaluate();
  const Tensor<float> x = test::randomTensor({2, 2, 3, 3}, 99).to<float>();
  const std::vector<float> y = bn->forward(x).toTensor().toVector();
  const std::string path =
      (std::filesystem::temp_directory_path() / ("ringdl_bn_test_" + std::to_string(getpid()) + ".ringdl"))
          .string();
  saveModel(path, *bn);
  ModulePtr<float> back = loadModel<float>(path);
  std::filesystem::remove(path);
  back->evaluate();
  EXPECT_EQ(back->forward(x).toTensor().toVector(), y) << "the running statistics did not survive the file";
  ModulePtr<float> copy = bn->clone();
  copy->evaluate();
  EXPECT_EQ(copy->forward(x).toTensor().toVector(), y) << "clone() lost the running statistics";
  EXPECT_EQ(bn->buffers().size(), 2u);
  EXPECT_EQ(bn->buffers()[0].name, "runningMean");
  EXPECT_EQ(bn->buffers()[1].name, "runningVar");
}

TEST(BatchNormalization, ErrorsNameTheLayerAndTheShape) {
  SpatialBatchNormalization<float> bn(3);
  bn.setName("bn1");
  try {
    bn.forward(Tensor<float>({2, 4, 5, 5}));
    FAIL() << "4 channels were accepted by a 3-channel layer";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'bn1'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[N, 3, H, W]"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[2, 4, 5, 5]"), std::string::npos) << msg;
  }
  BatchNormalization<float> one(3);
  EXPECT_THROW(one.forward(Tensor<float>({1, 3})), Error) << "one value per channel cannot be normalised";
  one.evaluate();
  EXPECT_NO_THROW(one.forward(Tensor<float>({1, 3})));
  EXPECT_THROW(BatchNormalization<float>(0), Error);
  EXPECT_THROW(BatchNormalization<float>(3, 1e-5, 1.5), Error);
}

}  // namespace
}  // namespace ringdl
