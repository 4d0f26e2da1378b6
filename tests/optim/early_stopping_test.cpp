// Early stopping and the best checkpoint: the watched figure's best and the validations without improvement
// (min_delta, max and min), the stop, errors for a monitor that is not validated, keepBest and keepLast in
// the checkpoint directory, and a resumed run that goes on counting from its checkpoint.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "ringdl/data/array_data_set.h"
#include "ringdl/io/checkpoint.h"
#include "ringdl/nn.h"
#include "ringdl/optim/optimizer.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/tensor/random.h"
#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

// Gives the figures of a script, one per validation (the validation set is one batch).
class Scripted : public ValidationMethod<float> {
 public:
  Scripted(std::vector<double> script, bool lowerIsBetter = false)
      : script_(std::move(script)), lower_(lowerIsBetter) {}
  ValidationResult apply(const Tensor<float>&, const Tensor<float>&) override {
    const double v = calls_ < script_.size() ? script_[calls_] : script_.back();
    ++calls_;
    return ValidationResult(name(), v, 1);
  }
  std::string name() const override { return "Scripted"; }
  bool lowerIsBetter() const override { return lower_; }

 private:
  std::vector<double> script_;
  bool lower_;
  size_t calls_ = 0;
};

std::shared_ptr<ArrayDataSet<float>> data() {
  Random r(99);
  Tensor<float> x({16, 4}), y({16});
  r.fillNormal(x, 0, 1);
  for (int64_t i = 0; i < 16; ++i) y.data()[i] = static_cast<float>(r.below(3));
  return std::make_shared<ArrayDataSet<float>>(x, y, /*seed=*/5);
}

// 16 records in batches of 8, validated after every iteration.
struct Training {
  explicit Training(std::vector<double> script, bool lowerIsBetter = false)
      : model(std::make_shared<Sequential<float>>()),
        opt(model, data(), std::make_shared<ClassNLLCriterion<float>>(), 8) {
    Random::global().seed(3);
    model->add(std::make_shared<Linear<float>>(4, 3));
    model->add(std::make_shared<LogSoftMax<float>>());
    std::vector<ValidationMethodPtr<float>> methods = {std::make_shared<Top1Accuracy<float>>(),
                                                       std::make_shared<Scripted>(script, lowerIsBetter)};
    opt.setOptimMethod(std::make_shared<SGD<float>>(SGDOptions().lr(0.1)))
        .setEndWhen(Trigger::maxIteration(20))
        .setValidation(Trigger::severalIteration(1), data(), methods, 1000)
        .setLogOptions({&log, 1000, 0});
  }
  std::shared_ptr<Sequential<float>> model;
  Optimizer<float> opt;
  std::ostringstream log;
};

TEST(EarlyStopping, StopsAfterPatienceValidationsWithoutAnImprovementAboveMinDelta) {
  // 0.5 (best), 0.6 (best), 0.6 and 0.605 (not above 0.6 + 0.01): two without improvement.
  Training run({0.5, 0.6, 0.6, 0.605, 0.9});
  run.opt.setEarlyStopping({"Scripted", 2, 0.01, "max"}).optimize();
  EXPECT_TRUE(run.opt.stoppedEarly());
  EXPECT_EQ(run.opt.state().iteration, 4);
  EXPECT_DOUBLE_EQ(run.opt.state().bestScore, 0.6);
  EXPECT_EQ(run.opt.state().bestIteration, 2);
  EXPECT_EQ(run.opt.state().staleValidations, 2);
  EXPECT_CONTAINS(run.log.str(), "Scripted has not improved for 2 validation(s) (best 0.6 at iteration 2)");
  EXPECT_CONTAINS(run.log.str(), "Early stopping: Scripted has not improved for 2 validations");
}

TEST(EarlyStopping, MinModeAndAutoModeFollowTheMethod) {
  // Lower is better: 3, 2 (best), 2.5, 2.2: stale twice.
  Training explicitMin({3, 2, 2.5, 2.2, 1});
  explicitMin.opt.setEarlyStopping({"Scripted", 2, 0, "min"}).optimize();
  EXPECT_EQ(explicitMin.opt.state().iteration, 4);
  EXPECT_DOUBLE_EQ(explicitMin.opt.state().bestScore, 2);
  Training autoMin({3, 2, 2.5, 2.2, 1}, /*lowerIsBetter=*/true);
  autoMin.opt.setEarlyStopping({"Scripted", 2, 0, "auto"}).optimize();
  EXPECT_EQ(autoMin.opt.state().iteration, 4);
  // The same figures read as higher-is-better improve at 1 only after 3: 3 (best), then 2, 2.5: stale twice.
  Training autoMax({3, 2, 2.5, 2.2, 1});
  autoMax.opt.setEarlyStopping({"Scripted", 2}).optimize();
  EXPECT_EQ(autoMax.opt.state().iteration, 3);
}

TEST(EarlyStopping, WithoutPatienceTheBestIsTrackedAndTrainingGoesOn) {
  Training run({0.5, 0.4, 0.3});
  run.opt.setEarlyStopping({"Scripted"}).optimize();
  EXPECT_FALSE(run.opt.stoppedEarly());
  EXPECT_EQ(run.opt.state().iteration, 20);
  EXPECT_EQ(run.opt.state().bestIteration, 1);
  EXPECT_EQ(run.opt.state().staleValidations, 19);
}

TEST(EarlyStopping, ErrorsSayWhatToSet) {
  Training run({0.5});
  run.opt.setEarlyStopping({"Top5Accuracy", 2});
  EXPECT_CONTAINS(errorOf([&] { run.opt.optimize(); }),
                  "early stopping monitors 'Top5Accuracy', which is not one of the validation methods "
                  "(Top1Accuracy, Scripted)");
  EXPECT_CONTAINS(errorOf([&] {
                    run.opt.setEarlyStopping({"Scripted", 2, 0, "best"});
                  }),
                  "early stopping: mode must be auto, max or min, got 'best'");
  Optimizer<float> unvalidated(std::make_shared<Linear<float>>(4, 3), data(),
                               std::make_shared<ClassNLLCriterion<float>>(), 8);
  unvalidated.setEarlyStopping({"", 2});
  EXPECT_CONTAINS(
      errorOf([&] { unvalidated.optimize(); }),
      "early stopping and keeping the best checkpoint watch a validation figure: set a validation set");
}

struct TempDir {
  explicit TempDir(const std::string& name) : path((std::filesystem::temp_directory_path() / name).string()) {
    std::filesystem::remove_all(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string path;
};

std::vector<int64_t> iterations(const std::string& dir) {
  std::vector<int64_t> found;
  for (const auto& [iteration, path] : listCheckpoints(dir)) found.push_back(iteration);
  return found;
}

TEST(BestCheckpoint, KeepLastNeverDeletesTheBestAndResumeTakesTheNewest) {
  TempDir dir("ringdl_keep_best");
  Training run({0.1, 0.9, 0.2, 0.3, 0.4, 0.5});
  run.opt.setEndWhen(Trigger::maxIteration(6))
      .setCheckpoint(dir.path, Trigger::severalIteration(1),
                     checkpointWriter<float>("", /*keepLast=*/2, true))
      .setEarlyStopping({"Scripted"})
      .optimize();
  EXPECT_EQ(iterations(dir.path), (std::vector<int64_t>{2, 5, 6}));
  EXPECT_EQ(latestCheckpoint(dir.path), checkpointPath(dir.path, 6));
  const Checkpoint<float> best = loadCheckpoint<float>(bestCheckpointPath(dir.path));
  EXPECT_EQ(best.state.iteration, 2);
  EXPECT_DOUBLE_EQ(best.state.lastValidation.at("Scripted"), 0.9);
}

TEST(BestCheckpoint, EveryImprovementIsWrittenBetweenPeriodicCheckpoints) {
  TempDir dir("ringdl_best_between");
  Training run({0.1, 0.9, 0.2, 0.3, 0.4, 0.5, 0.95});
  run.opt.setEndWhen(Trigger::maxIteration(8))
      .setCheckpoint(dir.path, Trigger::severalIteration(4), checkpointWriter<float>("", 0, true),
                     /*atEveryBest=*/true)
      .setEarlyStopping({"Scripted"})
      .optimize();
  // Periodic at 4 and 8; improvements at 1, 2 and 7.
  EXPECT_EQ(iterations(dir.path), (std::vector<int64_t>{1, 2, 4, 7, 8}));
  EXPECT_EQ(loadCheckpoint<float>(bestCheckpointPath(dir.path)).state.iteration, 7);
}

TEST(EarlyStopping, ResumeGoesOnCountingFromTheCheckpoint) {
  TempDir dir("ringdl_early_resume");
  {
    Training first({0.5, 0.9, 0.8, 0.7});
    first.opt.setEndWhen(Trigger::maxIteration(4))
        .setCheckpoint(dir.path, Trigger::severalIteration(4), checkpointWriter<float>())
        .setEarlyStopping({"Scripted", 3})
        .optimize();
    EXPECT_FALSE(first.opt.stoppedEarly());
  }
  Checkpoint<float> ckpt = loadCheckpoint<float>(latestCheckpoint(dir.path));
  EXPECT_EQ(ckpt.state.bestIteration, 2);
  EXPECT_DOUBLE_EQ(ckpt.state.bestScore, 0.9);
  EXPECT_EQ(ckpt.state.staleValidations, 2);
  Training resumed({0.85, 0.99});
  resumed.opt.setTrainingState(ckpt.state).setEarlyStopping({"Scripted", 3}).optimize();
  EXPECT_TRUE(resumed.opt.stoppedEarly());
  EXPECT_EQ(resumed.opt.state().iteration, 5) << "one more validation without improvement makes three";
}

}  // namespace
}  // namespace ringdl
