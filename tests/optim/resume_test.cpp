// Checkpoint and resume: a run stopped after iteration k and resumed from its checkpoint file ends with
// weights bit-identical to an uninterrupted run (every optim method, LBFGS's history and step length
// included, and under learning-rate schedules whose state (Plateau's) the checkpoint keeps, with Dropout
// drawing random masks, across an epoch boundary so the shuffle state is exercised).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "ringdl/data/array_data_set.h"
#include "ringdl/io/checkpoint.h"
#include "ringdl/nn.h"
#include "ringdl/optim/adam.h"
#include "ringdl/optim/optimizer.h"
#include "ringdl/optim/registry.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

ModulePtr<float> smallModel() {
  auto m = std::make_shared<Sequential<float>>();
  m->add(std::make_shared<Linear<float>>(6, 16));
  m->add(std::make_shared<Tanh<float>>());
  m->add(std::make_shared<Dropout<float>>(0.3));
  m->add(std::make_shared<Linear<float>>(16, 3));
  m->add(std::make_shared<LogSoftMax<float>>());
  return m;
}

std::shared_ptr<ArrayDataSet<float>> data() {
  Random r(99);
  Tensor<float> x({50, 6}), y({50});
  r.fillNormal(x, 0, 1);
  for (int64_t i = 0; i < 50; ++i) y.data()[i] = static_cast<float>(r.below(3));
  return std::make_shared<ArrayDataSet<float>>(x, y, /*seed=*/5);
}

std::vector<float> train(OptimMethodPtr<float> method, int64_t iterations, const std::string& ckptDir,
                         const Checkpoint<float>* resume) {
  Random::global().seed(3);
  ModulePtr<float> model = resume ? resume->model : smallModel();
  std::ostringstream log;
  Optimizer<float> opt(model, data(), std::make_shared<ClassNLLCriterion<float>>(), 8);
  if (resume) method->setState(resume->optim->state());
  opt.setOptimMethod(method).setEndWhen(Trigger::maxIteration(iterations)).setLogOptions({&log, 1000, 0});
  if (!ckptDir.empty()) opt.setCheckpoint(ckptDir, Trigger::severalIteration(4), checkpointWriter<float>());
  if (resume) opt.setTrainingState(resume->state);
  opt.optimize();
  return model->getParameters().first.toVector();
}

// Every other registered method, with options that give it state to lose (momentum, centring, a short
// LBFGS history that fills and rolls over).
const std::map<std::string, std::pair<std::string, Attributes>>& methodConfigs() {
  static const std::map<std::string, std::pair<std::string, Attributes>> configs = {
      {"adadelta", {"Adadelta", Attributes().set("weightDecay", 0.01)}},
      {"adagrad", {"Adagrad", Attributes().set("learningRate", 0.05).set("learningRateDecay", 0.01)}},
      {"adamax", {"Adamax", Attributes()}},
      {"adamw", {"AdamW", Attributes().set("learningRate", 0.01)}},
      {"ftrl", {"Ftrl", Attributes().set("learningRate", 0.1).set("l1RegularizationStrength", 0.01)}},
      {"lars_sgd", {"LarsSGD", Attributes().set("learningRate", 0.1).set("momentum", 0.9)}},
      {"lbfgs", {"LBFGS", Attributes().set("learningRate", 0.1).set("maxIter", 3).set("nCorrection", 4)}},
      {"lbfgs_strong_wolfe",
       {"LBFGS", Attributes().set("maxIter", 3).set("nCorrection", 4).set("lineSearch", "strong_wolfe")}},
      {"rmsprop",
       {"RMSprop", Attributes().set("learningRate", 0.01).set("momentum", 0.5).set("centered", true)}},
      // Centred RMSprop on the first Linear, SGD with momentum under a Step schedule on the second.
      {"submodule_methods",
       {"SubmoduleMethods", Attributes()
                                .set("paths", std::vector<std::string>{"0", "3"})
                                .set("methods", std::vector<std::string>{"RMSprop", "SGD"})
                                .set("methods.0.learningRate", 0.01)
                                .set("methods.0.centered", true)
                                .set("methods.1.learningRate", 0.1)
                                .set("methods.1.momentum", 0.9)
                                .set("schedules", std::vector<std::string>{"Default", "Step"})
                                .set("schedules.1.stepSize", 3)
                                .set("schedules.1.gamma", 0.5)}},
  };
  return configs;
}

class Resume : public ::testing::TestWithParam<std::string> {};

TEST_P(Resume, StoppedAndResumedRunIsBitIdentical) {
  auto makeMethod = [&]() -> OptimMethodPtr<float> {
    if (GetParam() == "sgd") return std::make_shared<SGD<float>>(SGDOptions().lr(0.1).withMomentum(0.9));
    if (GetParam() == "sgd_plateau") {
      // Plateau on the training loss, reducing at every epoch without an improvement: its best value and
      // counters are state the checkpoint must keep.
      auto sgd = std::make_shared<SGD<float>>(SGDOptions().lr(0.1).withMomentum(0.9));
      schedule::PlateauOptions o;
      o.monitor = "loss";
      o.patience = 0;
      o.epsilon = 10;  // never an improvement after the first epoch: every later epoch reduces
      o.factor = 0.5;
      sgd->setLearningRateSchedule(std::make_shared<schedule::Plateau>(o));
      return sgd;
    }
    if (GetParam() == "adam_cosine") {
      auto adam = std::make_shared<Adam<float>>(AdamOptions().lr(0.01));
      adam->setLearningRateSchedule(
          std::make_shared<schedule::CosineAnnealing>(schedule::CosineAnnealingOptions{6, 2}));
      return adam;
    }
    if (GetParam() == "adam") return std::make_shared<Adam<float>>(AdamOptions().lr(0.01));
    return createOptimMethod<float>(methodConfigs().at(GetParam()).first,
                                    methodConfigs().at(GetParam()).second);
  };
  const std::string dir = (std::filesystem::temp_directory_path() / ("ringdl_resume_" + GetParam())).string();
  std::filesystem::remove_all(dir);
  // 50 records in batches of 8: an epoch is 7 iterations, so iteration 8 is in epoch 2.
  const std::vector<float> uninterrupted = train(makeMethod(), 20, "", nullptr);
  train(makeMethod(), 8, dir, nullptr);  // stops after iteration 8 with a checkpoint at 8
  EXPECT_EQ(latestCheckpoint(dir), checkpointPath(dir, 8));
  Checkpoint<float> ckpt = loadCheckpoint<float>(latestCheckpoint(dir));
  EXPECT_EQ(ckpt.state.iteration, 8);
  EXPECT_EQ(ckpt.state.epoch, 2);
  EXPECT_EQ(ckpt.optim->learningRateSchedule()->config(), makeMethod()->learningRateSchedule()->config());
  if (GetParam() == "sgd_plateau") {
    // Epoch 2 has begun: Plateau has taken epoch 1's last loss as its best, so the rate is still the
    // method's; epoch 3 reduces it only if the resumed run remembers that best (a fresh Plateau would count
    // any loss as an improvement), so the bit-identical weights below need the saved state.
    EXPECT_EQ(ckpt.optim->state().schedule.at("epoch"), 2);
    EXPECT_TRUE(std::isfinite(ckpt.optim->state().schedule.at("best")));
    EXPECT_EQ(ckpt.optim->currentLearningRate(), 0.1);
  }
  Random::global().seed(12345);  // resume must not depend on the generator's state before it
  const std::vector<float> resumed = train(makeMethod(), 20, "", &ckpt);
  ASSERT_EQ(resumed.size(), uninterrupted.size());
  for (size_t i = 0; i < resumed.size(); ++i)
    ASSERT_EQ(resumed[i], uninterrupted[i])
        << "weight " << i << " differs after resume (" << GetParam() << ")";
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Methods, Resume,
                         ::testing::Values("sgd", "adam", "adadelta", "adagrad", "adamax", "adamw", "ftrl",
                                           "lars_sgd", "lbfgs", "lbfgs_strong_wolfe", "rmsprop",
                                           "submodule_methods", "sgd_plateau", "adam_cosine"));

TEST(Resume, EveryRegisteredMethodIsResumed) {
  std::set<std::string> covered = {"SGD", "Adam"};
  for (const auto& [name, config] : methodConfigs()) covered.insert(config.first);
  for (const std::string& type : registeredOptimMethodTypes())
    EXPECT_TRUE(covered.count(type)) << type << " has no case in Resume.StoppedAndResumedRunIsBitIdentical";
}

TEST(Resume, RecordsOfAnotherShapeAreRefusedBeforeTheDataPositionIsRestored) {
  const std::string dir = (std::filesystem::temp_directory_path() / "ringdl_resume_shape").string();
  std::filesystem::remove_all(dir);
  train(std::make_shared<SGD<float>>(SGDOptions().lr(0.1)), 4, dir, nullptr);
  Checkpoint<float> ckpt = loadCheckpoint<float>(latestCheckpoint(dir));
  EXPECT_EQ(ckpt.state.recordShape, (Shape{6})) << "the checkpoint keeps the shape of a training record";

  // 40 records of 2x3: another shape (and another size, whose data position the data set would refuse with a
  // message that does not say why).
  Random r(1);
  Tensor<float> x({40, 2, 3}), y({40});
  r.fillNormal(x, 0, 1);
  y.zero();
  std::ostringstream log;
  Optimizer<float> opt(ckpt.model, std::make_shared<ArrayDataSet<float>>(x, y),
                       std::make_shared<ClassNLLCriterion<float>>(), 8);
  opt.setOptimMethod(ckpt.optim).setEndWhen(Trigger::maxIteration(8)).setLogOptions({&log, 1000, 0});
  opt.setTrainingState(ckpt.state);
  try {
    opt.optimize();
    ADD_FAILURE() << "resuming on records of another shape trained";
  } catch (const Error& e) {
    const std::string m = e.message();
    EXPECT_NE(
        m.find("the training records have shape [2, 3] but the run being resumed (epoch 1, iteration 4) "
               "was trained on records of shape [6]"),
        std::string::npos)
        << m;
  }
  EXPECT_EQ(opt.state().iteration, 4) << "nothing was trained";

  // Records of the checkpoint's shape resume.
  EXPECT_NO_THROW(train(std::make_shared<SGD<float>>(SGDOptions().lr(0.1)), 6, "", &ckpt));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ringdl
