// Validation under mpirun: every validation method gives on N ranks the very figures of one process (counts,
// sums and the records of areas and average precisions merged exactly), also when a rank sees no record.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ringdl/data/array_data_set.h"
#include "ringdl/dist/distri_optimizer.h"
#include "ringdl/dist/mpi_communicator.h"
#include "ringdl/nn/layers/shape/identity.h"
#include "ringdl/optim/registry.h"
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

}  // namespace
}  // namespace ringdl
