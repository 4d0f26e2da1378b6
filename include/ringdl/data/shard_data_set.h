// ShardDataSet<T>: a DataSet streamed from shard files (SequenceFile, TFRecord, ...) by a background thread,
// with per-epoch shard order, a bounded shuffle buffer, rank assignment and resumable state.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ringdl/data/data_set.h"
#include "ringdl/data/hold_out.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/data/shard_set.h"
#include "ringdl/data/text/sequence_padding.h"

namespace ringdl {

struct ShardDataSetOptions {
  int rank = 0;   ///< this process's rank
  int world = 1;  ///< number of ranks reading the shard set
  /// Seeds the per-epoch shard order and shuffle buffer: epoch e of a data set built with the same seed and
  /// world size reads its records in the same order every time.
  uint64_t seed = 1;
  /// Records in the shuffle buffer (0: records in file order; the shard order is still shuffled per epoch).
  int64_t shuffleBuffer = 10000;
  /// Decoded chunks the reading thread keeps ready ahead of training (at least 1).
  int64_t prefetchBatches = 4;
  /// Records per prefetched chunk; about a batch part is right (nextBatch copies records out of chunks).
  int64_t chunkRecords = 128;
  /// false: a record that cannot be read or decoded stops training with the reader's or decoder's message.
  /// true: it is skipped (the reader recovers), counted (corruptRecords()) and reported at each epoch's end.
  bool skipCorrupt = false;
  /// The ranks' record counts (see AllGatherCounts). Without it, a rank of a world > 1 counts every shard
  /// itself instead of only its own.
  AllGatherCounts allGatherCounts;
  /// Reads only one side of a split of the records into training and held-out ones (see HoldOut; a
  /// shard's records are HoldOut::shardSource(path) and their positions in the shard): `part` kTraining
  /// (the default; the default HoldOut holds nothing out) or kHeldOut. The two sides of the same HoldOut
  /// are disjoint and together the whole set, whatever the world size.
  HoldOut holdOut;
  SplitPart part = SplitPart::kTraining;
  /// Called when an epoch's last batch is taken, with the epoch (0 for unshuffled passes), the records this
  /// rank skipped as corrupt during it (only with skipCorrupt) and the first of their errors; e.g. to log
  /// them.
  std::function<void(int64_t epoch, int64_t corrupt, const std::string& firstError)> onEpochEnd;
  /// Sequence records (token sequences of different lengths, data/text/): records are 1-D and may differ
  /// in length; each batch is padded as sequences->padding says and carries lengths (MiniBatch::lengths()),
  /// and shuffled passes are bucketed by length when sequences->bucketWindow > 0. Without it every record
  /// must have the first one's shape.
  std::optional<SequenceBatching> sequences;

  ShardDataSetOptions& withRank(int r, int w) {
    rank = r;
    world = w;
    return *this;
  }
  ShardDataSetOptions& withSeed(uint64_t s) {
    seed = s;
    return *this;
  }
  ShardDataSetOptions& withShuffleBuffer(int64_t n) {
    shuffleBuffer = n;
    return *this;
  }
  ShardDataSetOptions& withPrefetch(int64_t chunks, int64_t records = 128) {
    prefetchBatches = chunks;
    chunkRecords = records;
    return *this;
  }
  ShardDataSetOptions& withSkipCorrupt(bool on) {
    skipCorrupt = on;
    return *this;
  }
  ShardDataSetOptions& withAllGatherCounts(AllGatherCounts f) {
    allGatherCounts = std::move(f);
    return *this;
  }
  ShardDataSetOptions& withSequences(SequenceBatching batching) {
    sequences = batching;
    return *this;
  }
  ShardDataSetOptions& withHoldOut(const HoldOut& h, SplitPart side) {
    holdOut = h;
    part = side;
    return *this;
  }
};

/// A DataSet over shard files, read by each rank of a data-parallel job from its own shards.
///
/// Shards and ranks: with at least as many shards as ranks, rank r reads shard i when i mod world == r (see
/// assignShards); with fewer, every rank opens every shard and keeps record j of each shard (counting the
/// records read from it) when j mod world == r. Rank r so owns n_r records and every record belongs to one
/// rank. With a HoldOut (options.holdOut), a rank keeps of those records only the ones on its side
/// (options.part): n_r, N and everything below count only them. A rank's stream still reads the records of
/// the other side (and skips them undecoded), so a held-out side costs a read of the training shards.
///
/// Sizes: size() is N = n_0 + ... + n_{world-1}, the whole data set, and position() the global position in
/// the epoch, identical on every rank, so the training loop of the distributed engine runs unchanged. The
/// counts come from each shard directory's `_ringdl_index` (written by `ringdl data convert`) when it lists
/// the shard with its current size and time, otherwise from a pass over the shard's records at
/// construction. A rank counts its own shards and learns the others' counts through allGatherCounts (called
/// exactly once, by every rank, in the constructor).
///
/// Batches: nextBatchPart(records, rank, world) advances the global position p by `records` and returns
/// this rank's next c_r(p + records) - c_r(p) records, where c_r(p) = proportionalShare(p, rankSizes(), r)
/// (mini_batch.h: the ranks' records interleaved evenly over the epoch): the parts of all ranks sum to the
/// global batch, c_r never decreases and reaches n_r at p = N, so each rank's records are read exactly once
/// per epoch. A part
/// may be empty. nextBatch(n) is the world-of-one case (an Error on a data set built for several ranks).
///
/// Order: shuffle() starts epoch e + 1: the rank's shards in an order drawn from (seed, epoch), each
/// shard's records in file order through a shuffle buffer of shuffleBuffer records seeded from (seed,
/// epoch, rank) (fill the buffer; then each new record replaces a uniformly chosen one, which is emitted;
/// the rest leaves in random order). The order is the same for a given seed and world size. reset() starts
/// an unshuffled pass: shards in list order, records in file order (validation). With sequences and a
/// bucket window, a shuffled pass's records leave the shuffle buffer through the length buckets
/// (SequenceBatching), drawn from their own stream of (seed, epoch, rank).
///
/// Prefetching: a background thread opens, reads and decodes records into a queue of prefetchBatches
/// ready chunks; nextBatch copies records out of them into a reused batch buffer. An error in the thread
/// (a missing file, a damaged record without skipCorrupt) is rethrown, with the reader's or decoder's
/// message, by the nextBatch call that reaches it in the stream (and every call after, until the next
/// epoch). reset(), shuffle(), setState() and destruction stop the thread promptly.
///
/// Corrupt records: with skipCorrupt a record that cannot be read (reader error, then recover()) or decoded
/// is skipped and counted; never is a partly read record returned. Counts made by a pass already leave out
/// records the reader cannot read; records found undecodable (or damaged after the index was written)
/// during training shorten the rank's stream, so its last parts of the epoch are smaller (one rank:
/// the epoch ends when its stream does).
///
/// State: state() is the seed, the epoch number, whether it is shuffled and the global position; setState()
/// restarts that epoch's stream and skips the c_r(position) records already consumed (replay by reading).
/// Resuming with the same world size reproduces the remaining batches exactly; with another world size
/// the epoch continues at the same position with the new world's streams (records of the interrupted epoch
/// may be seen again or missed), and later epochs are exact for the new world.
template <typename T>
class ShardDataSet : public DataSet<T> {
 public:
  /// Reads `shards` (listShards order) with readers from `readers` and records decoded by `decoder`.
  /// Counts the records (see above); throws ringdl::Error if a shard cannot be read or the set is empty.
  ShardDataSet(std::vector<std::string> shards, RecordReaderFactory readers,
               std::shared_ptr<RecordDecoder<T>> decoder, ShardDataSetOptions options = {});
  ~ShardDataSet() override;

  int64_t size() const override { return size_; }
  int64_t position() const override { return position_; }
  void reset() override;
  void shuffle() override;
  MiniBatch<T> nextBatch(int64_t batchSize) override;
  MiniBatch<T> nextBatchPart(int64_t batchSize, int rank, int world) override;
  std::string state() const override;
  void setState(const std::string& state) override;
  void setTransformer(std::shared_ptr<const Transformer<T>> transformer) override;

  /// n_r of every rank.
  const std::vector<int64_t>& rankSizes() const { return rankSizes_; }
  /// This rank's records.
  int64_t localSize() const { return rankSizes_[static_cast<size_t>(options_.rank)]; }
  /// Records of each shard, both sides of a hold-out (in list order; -1 for shards this rank did not
  /// count).
  const std::vector<int64_t>& shardSizes() const { return shardSizes_; }
  const std::vector<std::string>& shards() const { return shards_; }
  /// Records skipped as corrupt so far in the current epoch by this rank (skipCorrupt), and the error of the
  /// first of them ("" if none).
  int64_t corruptRecords() const;
  std::string firstCorruptError() const;
  /// The epoch number: 0 before the first shuffle(), then 1, 2, ...
  int64_t epoch() const { return epoch_; }
  const ShardDataSetOptions& options() const { return options_; }

  /// This rank's cumulative share c_rank(p) of the first p records of an epoch (see above).
  int64_t share(int64_t p) const;

 private:
  struct Stream;
  void restart(int64_t skip);
  void stop();
  MiniBatch<T> take(int64_t records, bool oneRank);
  // The staged sequence records as a padded batch.
  MiniBatch<T> paddedBatch(int64_t records, bool sequenceTargets);

  std::vector<std::string> shards_;
  RecordReaderFactory readers_;
  std::shared_ptr<RecordDecoder<T>> decoder_;
  ShardDataSetOptions options_;
  ShardAssignment assignment_;
  std::vector<int64_t> shardSizes_;
  std::vector<uint64_t> shardSources_;  // HoldOut::shardSource of each shard
  std::vector<int64_t> rankSizes_;
  int64_t size_ = 0;
  int64_t position_ = 0;
  int64_t epoch_ = 0;
  bool shuffled_ = false;
  bool endReported_ = false;
  std::unique_ptr<Stream> stream_;
  Tensor<T> inputBuffer_;
  Tensor<T> targetBuffer_;
  Tensor<T> lengthsBuffer_;
  // Sequence records of the batch being gathered (a chunk may be recycled before the batch is padded).
  std::vector<T> seqValues_, seqTargets_, seqLabels_;
  std::vector<int64_t> seqEnds_;
  std::shared_ptr<const Transformer<T>> transformer_;
};

extern template class ShardDataSet<float>;
extern template class ShardDataSet<double>;

}  // namespace ringdl
