// End to end: LeNet-5 trained briefly on the real Fashion-MNIST (Debian's dataset-fashion-mnist) must lower
// its loss and pass an accuracy floor on the real test set.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "ringdl/data/array_data_set.h"
#include "ringdl/data/idx_data_set.h"
#include "ringdl/data/normalize.h"
#include "ringdl/models/model_zoo.h"
#include "ringdl/nn.h"
#include "ringdl/optim/optimizer.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

std::string fm(const std::string& name) { return std::string(kFashionMnistDir) + "/" + name; }

TEST(LeNet5FashionMnist, LossDropsAndAccuracyPassesFloor) {
  if (!std::filesystem::exists(fm("train-images-idx3-ubyte.gz")))
    GTEST_SKIP() << "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)";
  Random::global().seed(1);
  LabeledData<float> train = loadIdxDataSet<float>(fm("train-images-idx3-ubyte.gz"), fm("train-labels-idx1-ubyte.gz"));
  LabeledData<float> test = loadIdxDataSet<float>(fm("t10k-images-idx3-ubyte.gz"), fm("t10k-labels-idx1-ubyte.gz"));
  const Normalize<float> norm(featureStats(train.features));
  norm.apply(train.features);
  norm.apply(test.features);

  auto model = lenet5<float>();
  auto criterion = std::make_shared<ClassNLLCriterion<float>>();
  auto trainSet = std::make_shared<ArrayDataSet<float>>(train, 1);
  auto testSet = std::make_shared<ArrayDataSet<float>>(test);

  // The loss of the untrained model on the test set, for comparison.
  std::vector<ValidationMethodPtr<float>> methods = {std::make_shared<Top1Accuracy<float>>(),
                                                     std::make_shared<Loss<float>>(criterion)};
  const double lossBefore = Optimizer<float>::evaluate(*model, *testSet, methods, 500)[1].result();

  std::ostringstream log;
  Optimizer<float> optimizer(model, trainSet, criterion, 128);
  optimizer.setOptimMethod(std::make_shared<SGD<float>>(SGDOptions().lr(0.05).withMomentum(0.9)))
      .setEndWhen(Trigger::maxIteration(300))
      .setLogOptions({&log, 50, 0});
  optimizer.optimize();

  const auto after = Optimizer<float>::evaluate(*model, *testSet, methods, 500);
  EXPECT_LT(after[1].result(), 0.5 * lossBefore) << log.str();
  EXPECT_GT(after[0].result(), 0.78) << "top-1 after 300 iterations: " << after[0].toString();
  // The log has BigDL's line shape.
  EXPECT_NE(log.str().find("[Epoch 1 6400/60000][Iteration 50][Wall Clock "), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("records/second. Loss is "), std::string::npos);
}

}  // namespace
}  // namespace ringdl
