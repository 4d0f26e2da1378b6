// DistriOptimizer<T>: synchronous data-parallel SGD across the ranks of a Communicator, with the local
// Optimizer's builder API, loop, log lines and checkpoints (BigDL's DistriOptimizer, without Spark).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ringdl/dist/communicator.h"
#include "ringdl/dist/gradient_reducer.h"
#include "ringdl/optim/optimizer.h"
#include "ringdl/tensor/random.h"

namespace ringdl {

struct DistriOptions {
  /// Gradient bucket size in bytes (GradientReducerOptions::bucketBytes): 0 sums the whole gradient at once
  /// after backward; otherwise buckets are summed on a communication thread while backward goes on.
  int64_t bucketBytes = 25 * 1024 * 1024;
  /// Keep only this rank's slice of the optimizer state (momentum, Adam moments): gradients are
  /// reduce-scattered, each rank updates its slice of the weights, and the weights are all-gathered (BigDL's
  /// AllReduceParameter, ZeRO stage 1). Same results, 1/world of the optimizer state per rank.
  bool shardOptimizerState = false;
  /// 16-bit wire format for float gradients (kBf16, kFp16); kNative sends them as they are.
  WireFormat wire = WireFormat::kNative;
  /// Text every rank must agree on, such as the run's config; compared at start-up (with the model's
  /// structure, the parameter count, the data set size and the batch size), a mismatch being an error on
  /// every rank.
  std::string runFingerprint;
  /// Batch normalisation over the global batch: every CrossRankLayer (BatchNormalization and its spatial
  /// form) sums its statistics and gradient terms over the ranks, so N ranks train exactly as one. Its sums
  /// are made during forward and backward, so gradients are then summed after backward, not overlapped with
  /// it.
  bool syncBatchNorm = false;

  DistriOptions& syncBatchNormalization(bool on) {
    syncBatchNorm = on;
    return *this;
  }
  DistriOptions& bucket(int64_t bytes) {
    bucketBytes = bytes;
    return *this;
  }
  DistriOptions& sharded(bool on) {
    shardOptimizerState = on;
    return *this;
  }
  DistriOptions& wireFormat(WireFormat w) {
    wire = w;
    return *this;
  }
  DistriOptions& fingerprint(std::string text) {
    runFingerprint = std::move(text);
    return *this;
  }
};

/// Every rank builds the same model, data sets, criterion and optimizer method (the same config and seed)
/// and calls optimize(); then:
///  - rank 0's weights are broadcast at the start, and a start-up check compares every rank's model
///    structure, parameter count, data set size, batch size and run fingerprint: a difference is an Error on
///    every rank naming the ranks and what differs, never a hang;
///  - each iteration the global batch (batchSize records, as in the local engine) is split across ranks with
///    DataSet::nextBatchPart (any batch size, any world size; uneven parts are fine), each rank runs forward
///    and backward on its part, and the gradients are summed weighted by each part's share of the batch
///    (Criterion::batchNormalizer), so every rank applies exactly the update of the whole batch: N ranks
///    train as one rank with the same batch, up to floating-point summation order;
///  - the loss of the whole batch is logged and checked; validation runs over disjoint parts on every rank
///    and the results are summed; rank 0 alone logs and writes checkpoints, which hold the whole optimizer
///    state even when it is sharded, so a checkpoint resumes on any number of ranks;
///  - a rank that stops answering makes the others fail within the communicator's timeout, naming it.
///
/// The training set must present the same records in the same order on every rank (an ArrayDataSet with the
/// same seed does; it gathers only the rank's rows). Random layers (Dropout) draw a stream of their own on
/// each rank: with several ranks the job's generator (Random::global() as training starts, identical on every
/// rank) gives one number per iteration, and each rank reseeds Random::global() from that number and its
/// rank, so the ranks' masks differ (as they would for the records of one large batch) while the job's
/// generator stays the same everywhere. Checkpoints hold the job's generator, so a resumed run draws the same
/// masks on every rank as the uninterrupted one; after training, Random::global() is the job's generator on
/// every rank.
class CrossRankSum;
class SyncedStatistics;

template <typename T>
class DistriOptimizer : public Optimizer<T> {
 public:
  DistriOptimizer(ModulePtr<T> model, std::shared_ptr<DataSet<T>> trainSet, CriterionPtr<T> criterion,
                  int64_t batchSize, std::shared_ptr<Communicator> comm, const DistriOptions& options = {});
  ~DistriOptimizer() override;

  Communicator& communicator() const { return *comm_; }
  const DistriOptions& options() const { return options_; }

  /// Optimizer::evaluate over disjoint parts of data on every rank, merged across ranks exactly (totals,
  /// counts and sums added, records gathered): every rank gets the results of the whole data set, the same
  /// figures as one process.
  static std::vector<ValidationResult> evaluate(Module<T>& model, DataSet<T>& data,
                                                const std::vector<ValidationMethodPtr<T>>& methods,
                                                int64_t batchSize, Communicator& comm);

 protected:
  void beginTraining() override;
  void endTraining() override;
  double trainIteration(int64_t records) override;
  std::vector<ValidationResult> evaluateSet(DataSet<T>& data,
                                            const std::vector<ValidationMethodPtr<T>>& methods,
                                            int64_t batchSize) override;
  void writeCheckpoint() override;
  MiniBatch<T> firstRecords() override;
  bool logs() const override { return comm_->rank() == 0; }

 private:
  void checkRanksAgree();
  /// Installs `sums` on every CrossRankLayer of the model (nullptr removes them); returns how many.
  int installCrossRankSums(CrossRankSum* sums);
  /// Forward and backward on this rank's part and the gradient sums across ranks (a collective call);
  /// returns the loss of the whole batch.
  double evaluatePart(const MiniBatch<T>& part);
  void applyShardedUpdate();
  /// The whole optimizer state from every rank's shard (a collective call).
  OptimState<T> gatherOptimState();

  std::shared_ptr<Communicator> comm_;
  DistriOptions options_;
  std::unique_ptr<GradientReducer<T>> reducer_;
  std::unique_ptr<SyncedStatistics> synced_;  // sync_batchnorm: installed on the model's CrossRankLayers
  std::vector<Slice> owned_;                  // sharded: this rank's ranges of the flat buffers
  Tensor<T> shardWeights_, shardGrads_;
  Tensor<double> lossSums_;  // [normaliser, weighted loss] summed across ranks each iteration
  Random jobRandom_;         // several ranks: the job's generator, the same on every rank (see above)
};

extern template class DistriOptimizer<float>;
extern template class DistriOptimizer<double>;

}  // namespace ringdl
