// SyncedStatistics: the CrossRankSum DistriOptimizer installs on a model's CrossRankLayers (sync_batchnorm).
// Its sums are collective calls on the communicator, made from the training thread during forward and
// backward, in the order the layers make them, which is the same on every rank.
//
// A rank whose part of a batch is empty runs no forward or backward, yet the others wait for its share of
// every sum: it replays the calls the layers made in its last iteration with data (the same model makes the
// same calls), contributing zeros. Each iteration starts with one small sum saying whether any rank is empty
// and whether it has calls to replay, so that a rank that has never seen data fails the job on every rank
// with the same message instead of leaving the others waiting.
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/dist/communicator.h"
#include "ringdl/nn/cross_rank.h"

namespace ringdl {

class SyncedStatistics : public CrossRankSum {
 public:
  explicit SyncedStatistics(Communicator& comm) : comm_(comm) {}

  /// Before forward, on every rank: whether this rank's part is empty. Fails on every rank when an empty rank
  /// has no calls to replay yet.
  void startIteration(bool emptyPart);
  /// This rank's share of the global batch, for sumGradients (set before backward).
  void setGradientScale(double scale) { scale_ = scale; }
  /// An empty rank's stand-in for forward (the statistics' sums) and for backward (the gradients').
  void replayForward();
  void replayBackward();

  void beginStep(CrossRankLayer& layer, bool backward) override;
  void sum(double* data, int64_t n) override;
  void sumGradients(double* data, int64_t n) override;

 private:
  void allReduce(double* data, int64_t n);

  Communicator& comm_;
  double scale_ = 1;
  bool recording_ = false;
  bool recordedOnce_ = false;  // an iteration with data has run (its calls may be none: a model without BN)
  std::vector<CrossRankLayer*> forwardSteps_, backwardSteps_;  // of the last iteration with data
};

}  // namespace ringdl
