// DataSet<T>: the interface of a training or validation source that yields MiniBatches epoch by epoch.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "ringdl/data/mini_batch.h"

namespace ringdl {

template <typename T>
class Transformer;

/// A finite source of records read in epochs. An epoch visits every record exactly once, in the current
/// order:
///
///   train.shuffle();                            // before every training epoch, the first included
///   for (auto b = train.nextBatch(128); !b.empty(); b = train.nextBatch(128)) { ... }
///
///   valid.reset();                              // validation: same (unshuffled) order every time
///
/// nextBatch(n) returns min(n, remaining) records: the last batch of an epoch is smaller when size() is not a
/// multiple of n; it is returned, never dropped. Once the epoch is exhausted it returns an empty batch (and
/// keeps doing so) until reset() or shuffle() starts the next epoch. There is no wrap-around into the next
/// epoch.
///
/// state()/setState() capture everything that decides the remaining batches (the shuffle generator, the
/// current order, the position in the epoch) so that a run resumed from a checkpoint sees exactly the batches
/// an uninterrupted run would have seen (TrainingState::dataState holds this string).
///
/// A DataSet is not thread-safe: one training loop owns it.
template <typename T>
class DataSet {
 public:
  virtual ~DataSet() = default;
  // Not copyable: a copy would share the batch buffer that nextBatch overwrites. Movable.
  DataSet(const DataSet&) = delete;
  DataSet& operator=(const DataSet&) = delete;

  /// Number of records in one epoch.
  virtual int64_t size() const = 0;
  /// Records already returned in the current epoch (0 right after reset()/shuffle(), size() at its end).
  virtual int64_t position() const = 0;
  /// Starts a new epoch in the current order (unshuffled unless shuffle() was called before).
  virtual void reset() = 0;
  /// Starts a new epoch in a fresh random order drawn from the data set's own seeded generator.
  virtual void shuffle() = 0;
  /// The next min(batchSize, size() - position()) records, or an empty batch when the epoch is exhausted.
  /// The returned tensors may view a buffer that the data set reuses: they stay valid until the next call to
  /// nextBatch; clone() them to keep them longer.
  virtual MiniBatch<T> nextBatch(int64_t batchSize) = 0;
  /// Data-parallel training: advances the epoch by the same min(batchSize, size() - position()) records as
  /// nextBatch (the global batch, identical on every rank) but returns only rank `rank`'s part of it out of
  /// `world` parts. The parts of all ranks are disjoint and their sizes sum to the global batch, so an epoch
  /// visits every record once across the world. Data sets that every rank holds whole cut the batch nextBatch
  /// would return as batchPart() does (the order then does not depend on the world size); a data set whose
  /// ranks read different records (ShardDataSet) may cut it in other proportions, e.g. in proportion to the
  /// records each rank holds. The engine needs only disjoint parts that sum to the batch: it weights each
  /// rank's gradient by its part's share. (A data set that skips corrupt records may return fewer records
  /// than the rank's share.) A rank's part may be empty; the end of the epoch is position() == size(), not an
  /// empty part. The default gathers the whole batch and slices it; data sets override it to gather only the
  /// part.
  virtual MiniBatch<T> nextBatchPart(int64_t batchSize, int rank, int world) {
    const BatchPart part = batchPart(std::min(batchSize, size() - position()), rank, world);
    MiniBatch<T> batch = nextBatch(batchSize);
    return part.length > 0 ? batch.slice(part.offset, part.length) : MiniBatch<T>();
  }
  /// The shuffle generator, order and position as text (for checkpoints).
  virtual std::string state() const = 0;
  /// Restores a state() string; throws ringdl::Error if it came from a different kind or size of data set.
  virtual void setState(const std::string& state) = 0;
  /// Applies this transformer to the features of every batch returned by nextBatch (after gathering). Pass
  /// nullptr to remove it. Transformers must be deterministic for state()/setState() to reproduce batches.
  virtual void setTransformer(std::shared_ptr<const Transformer<T>> transformer) = 0;

 protected:
  DataSet() = default;
  DataSet(DataSet&&) = default;
  DataSet& operator=(DataSet&&) = default;
};

}  // namespace ringdl
