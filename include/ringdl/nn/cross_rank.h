// CrossRankSum and CrossRankLayer: how a layer whose forward needs statistics of the whole global batch
// (synchronised batch normalisation) sums them over the ranks of data-parallel training, without nn depending
// on the distributed engine. The engine installs a CrossRankSum on every CrossRankLayer of the model when
// asked to (DistriOptions::syncBatchNorm); without one a layer uses its own part of the batch.
#pragma once

#include <cstdint>

namespace ringdl {

class CrossRankLayer;

class CrossRankSum {
 public:
  virtual ~CrossRankSum() = default;
  /// A layer's forward (backward = false) or backward is about to make its sums. A rank with no records in a
  /// batch replays the steps of its last batch with records, in order, through the layers' idleForward and
  /// idleBackward, so that it takes part in every sum the others make.
  virtual void beginStep(CrossRankLayer& layer, bool backward) = 0;
  /// Sums n values over every rank, in place (statistics of the inputs: sums, squares, counts). Every rank
  /// calls it in the same order with the same n: the layers of one model do.
  virtual void sum(double* data, int64_t n) = 0;
  /// Sums n terms of this rank's gradient over every rank, each rank's weighted by its share of the global
  /// batch (as the engine weights parameter gradients), and returns them in this rank's own scale: what a
  /// layer needs to combine its local gradient with the whole batch's.
  virtual void sumGradients(double* data, int64_t n) = 0;
};

class CrossRankLayer {
 public:
  virtual ~CrossRankLayer() = default;
  /// nullptr: statistics of this rank's part alone (the default, and one-process training).
  virtual void setCrossRankSum(CrossRankSum* sums) = 0;
  /// On a rank with no records in a batch: the sums of a forward of nothing (zero contributions), keeping
  /// what the layer keeps from them (running statistics), and of a backward of nothing.
  virtual void idleForward() = 0;
  virtual void idleBackward() = 0;
};

}  // namespace ringdl
