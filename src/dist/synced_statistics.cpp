// SyncedStatistics: sums over the communicator, recorded so that an empty rank can replay them.
#include "synced_statistics.h"

#include <algorithm>

#include "ringdl/util/error.h"

namespace ringdl {

void SyncedStatistics::allReduce(double* data, int64_t n) {
  Tensor<double> t({n});
  std::copy(data, data + n, t.data());
  comm_.allReduce(t);
  std::copy(t.data(), t.data() + n, data);
}

void SyncedStatistics::startIteration(bool emptyPart) {
  const bool cannotReplay = emptyPart && !recordedOnce_;
  double flags[2] = {emptyPart ? 1.0 : 0.0, cannotReplay ? 1.0 : 0.0};
  allReduce(flags, 2);
  RINGDL_CHECK(
      flags[1] == 0, "sync_batchnorm: ", static_cast<int64_t>(flags[1]),
      " rank(s) have no records in a batch before having trained on any, so they cannot take part in the "
      "batch statistics of the others; use a batch size of at least the number of ranks (and data on every "
      "rank)");
  recording_ = !emptyPart;
  if (recording_) {
    forwardSteps_.clear();
    backwardSteps_.clear();
    recordedOnce_ = true;
  }
}

void SyncedStatistics::beginStep(CrossRankLayer& layer, bool backward) {
  if (recording_) (backward ? backwardSteps_ : forwardSteps_).push_back(&layer);
}

void SyncedStatistics::sum(double* data, int64_t n) { allReduce(data, n); }

void SyncedStatistics::sumGradients(double* data, int64_t n) {
  // Weighted by this rank's share, summed, and back in this rank's scale (a rank with no share contributes
  // nothing and gets the plain sum, which it does not use).
  for (int64_t i = 0; i < n; ++i) data[i] *= scale_;
  allReduce(data, n);
  if (scale_ != 0)
    for (int64_t i = 0; i < n; ++i) data[i] /= scale_;
}

void SyncedStatistics::replayForward() {
  for (CrossRankLayer* layer : forwardSteps_) layer->idleForward();
}

void SyncedStatistics::replayBackward() {
  for (CrossRankLayer* layer : backwardSteps_) layer->idleBackward();
}

}  // namespace ringdl
