// Validation under mpirun: every validation method gives on N ranks the very figures of one process (counts,
// sums and the records of areas and average precisions merged exactly), also when a rank sees no record; and
// early stopping stops every rank at the iteration one process stops at.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ringdl/data/array_data_set.h"
#include "ringdl/dist/distri_optimizer.h"
#include "ringdl/dist/mpi_communicator.h"
#include "ringdl/nn.h"
#include "ringdl/optim/registry.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/tensor/random.h"
#include "support/fixture.h"

namespace ringdl {
namespace {

std::shared_ptr<MpiCommunicator> world() {
  static auto comm = std::make_shared<MpiCommunicator>(MpiOptions().timeout(60));
  return comm;
}

// The records' scores are the features and the model passes them on, so every rank scores its records as
// one process does and only the merge is under test.
void expectSameAsOneProcess(const Tensor<double>& scores, const Tensor<double>& labels,
                            const std::vector<ValidationMethodPtr<double>>& methods, int64_t batchSize) {
  SCOPED_TRACE("batch " + std::to_string(batchSize) + ", " + std::to_string(scores.size(0)) + " records");
  Identity<double> model;
  ArrayDataSet<double> data(scores.clone(), labels.clone());
  const auto local = Optimizer<double>::evaluate(model, data, methods, batchSize);
  const auto merged = DistriOptimizer<double>::evaluate(model, data, methods, batchSize, *world());
  ASSERT_EQ(merged.size(), local.size());
  for (size_t i = 0; i < local.size(); ++i) {
    SCOPED_TRACE(local[i].method);
    EXPECT_EQ(merged[i].method, local[i].method);
    EXPECT_EQ(merged[i].count, scores.size(0));
    EXPECT_EQ(merged[i].count, local[i].count);
    EXPECT_EQ(merged[i].total, local[i].total);
    EXPECT_EQ(merged[i].sums, local[i].sums);
    EXPECT_EQ(merged[i].result(), local[i].result());
    EXPECT_EQ(merged[i].toString(), local[i].toString());
  }
}

std::vector<ValidationMethodPtr<double>> create(
    const std::vector<std::pair<std::string, Attributes>>& types) {
  std::vector<ValidationMethodPtr<double>> methods;
  for (const auto& [type, config] : types) methods.push_back(createValidationMethod<double>(type, config));
  return methods;
}

TEST(DistriValidation, ClassScoresMatchOneProcess) {
  test::Fixture f("validation/classification.txt");
  const auto methods = create({{"ConfusionMatrix", {}},
                               {"F1", {}},
                               {"MAE", {}},
                               {"MeanAveragePrecision", {}},
                               {"MeanAveragePrecision", Attributes().set("k", 50)},
                               {"Precision", {}},
                               {"Recall", {}},
                               {"Top1Accuracy", {}},
                               {"TopKAccuracy", Attributes().set("k", 3)}});
  const Tensor<double>& scores = f.get("output");
  for (int64_t batch : {7, 64, 1000}) expectSameAsOneProcess(scores, f.get("target"), methods, batch);
  // Three records on up to four ranks: a rank may see none.
  expectSameAsOneProcess(scores.narrow(0, 0, 3).clone(), f.get("target").narrow(0, 0, 3).clone(), methods, 3);
}

TEST(DistriValidation, TreeNNAccuracyMatchesOneProcess) {
  test::Fixture f("validation/tree_nn.txt");
  const Tensor<double> roots = f.get("target").select(1, 0).clone();  // the roots' labels
  for (int64_t batch : {4, 30})
    expectSameAsOneProcess(f.get("output"), roots, create({{"TreeNNAccuracy", {}}}), batch);
}

TEST(DistriValidation, RankingMatchesOneProcess) {
  test::Fixture f("validation/ranking.txt");
  const Attributes options = Attributes().set("k", 5).set("negNum", 20);
  const auto methods = create({{"HitRatio", options}, {"NDCG", options}});
  for (int64_t batch : {3, 40}) expectSameAsOneProcess(f.get("output"), f.get("target"), methods, batch);
}

TEST(DistriValidation, PrecisionRecallAUCMatchesOneProcess) {
  test::Fixture f("validation/precision_recall_auc.txt");
  const auto methods = create({{"PrecisionRecallAUC", {}}});
  const Tensor<double> scores = f.get("output").view({-1, 1});
  for (int64_t batch : {1, 11, 300}) expectSameAsOneProcess(scores, f.get("target"), methods, batch);
}

// 40 records of 4 features with random labels among 3 classes: the accuracy soon stops improving.
std::shared_ptr<ArrayDataSet<double>> noise() {
  Random r(11);
  Tensor<double> x({40, 4}), y({40});
  r.fillNormal(x, 0, 1);
  for (int64_t i = 0; i < 40; ++i) y.data()[i] = static_cast<double>(r.below(3));
  return std::make_shared<ArrayDataSet<double>>(x, y, /*seed=*/2);
}

template <typename Engine>
void trainUntilNoImprovement(Engine& opt) {
  std::vector<ValidationMethodPtr<double>> methods = {createValidationMethod<double>("Top1Accuracy")};
  opt.setOptimMethod(std::make_shared<SGD<double>>(SGDOptions().lr(0.5)))
      .setEndWhen(Trigger::maxIteration(200))
      .setValidation(Trigger::severalIteration(2), noise(), methods)
      .setEarlyStopping({"Top1Accuracy", 3})
      .setLogOptions({nullptr, 1000, 0});
  opt.optimize();
}

ModulePtr<double> linear() {
  Random::global().seed(5);
  auto m = std::make_shared<Sequential<double>>();
  m->add(std::make_shared<Linear<double>>(4, 3));
  m->add(std::make_shared<LogSoftMax<double>>());
  return m;
}

TEST(DistriValidation, EarlyStoppingStopsEveryRankWhereOneProcessStops) {
  Optimizer<double> local(linear(), noise(), std::make_shared<ClassNLLCriterion<double>>(), 8);
  trainUntilNoImprovement(local);
  ASSERT_TRUE(local.stoppedEarly());
  DistriOptimizer<double> distributed(linear(), noise(), std::make_shared<ClassNLLCriterion<double>>(), 8,
                                      world());
  trainUntilNoImprovement(distributed);
  EXPECT_TRUE(distributed.stoppedEarly());
  const TrainingState& s = distributed.state();
  EXPECT_EQ(s.iteration, local.state().iteration);
  EXPECT_EQ(s.bestIteration, local.state().bestIteration);
  EXPECT_EQ(s.bestScore, local.state().bestScore);
  EXPECT_EQ(s.staleValidations, 3);
  // Every rank stopped at the same iteration: the sum over ranks is the world's size times this one's.
  Tensor<double> iteration({1});
  iteration.data()[0] = static_cast<double>(s.iteration);
  world()->allReduce(iteration);
  EXPECT_EQ(iteration.data()[0], static_cast<double>(s.iteration * world()->size()));
}

}  // namespace
}  // namespace ringdl
