// PartitionedArrayDataSet<T>: one rank's contiguous rows of an N-record data set held in memory, shuffled
// per epoch and served as proportional parts of each global batch.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ringdl/data/array_data_set.h"
#include "ringdl/data/data_set.h"
#include "ringdl/data/hold_out.h"
#include "ringdl/data/mini_batch.h"

namespace ringdl {

/// The rows rank `rank` of `world` holds of `records` rows: [floor(rank * records / world),
/// floor((rank + 1) * records / world)). The ranges are consecutive, disjoint and cover every row; their
/// sizes differ by at most one (the later ranks get the extra rows). A rank may get none when records <
/// world. Throws ringdl::Error for rank outside [0, world) or records < 0.
BatchPart partitionRows(int64_t records, int rank, int world);

/// A DataSet of which every rank holds only its own rows, in memory: rank r of W holds the contiguous rows
/// partitionRows(N, r, W) (for example read from an HDF5 file as a hyperslab, loadHdf5 with
/// Hdf5Options::withRows), so no rank ever holds or reads the whole set; or any n_r rows the ranks agree on
/// (for example those left of its partition rows after holding some out, splitHeldOut), the set's rows being
/// rank 0's, then rank 1's, and so on.
///
/// Sizes: size() is N, the whole set, and position() the global position in the epoch, identical on every
/// rank, so the distributed engine's loop (while position() < size()) runs unchanged. localSize() is the
/// rank's n_r.
///
/// Batches: rank r's share of the first p positions of an epoch is c_r(p) = proportionalShare(p, row counts,
/// r) (mini_batch.h, the rule ShardDataSet uses: the ranks' rows interleaved evenly, round-robin when the
/// counts are equal), so it never decreases, the shares sum to p and reach n_r at p = N.
/// nextBatchPart(records, rank, world) advances the global position p by b = min(records, N - p) and
/// returns this rank's next c_r(p + b) - c_r(p) rows: the parts of all ranks sum to the global batch, are
/// within a record or two of an even split, and every rank's rows are used exactly once per epoch.
/// nextBatch(n) is the world-of-one case (an Error on a data set built for several ranks). rank and world
/// must be those the data set was built with.
///
/// Order: shuffle() starts epoch e + 1 and orders the rank's rows by a Fisher-Yates permutation drawn from a
/// generator seeded by (seed, e + 1, rank), so the order depends only on the seed, the epoch, the rank and
/// the world size. reset() starts an unshuffled pass: the rank's rows in storage (file) order, the first rank
/// first (validation, prediction).
///
/// State: state() is the record count, world size, seed, epoch, whether the epoch is shuffled and the global
/// position, the same text on every rank (rank 0's checkpoint resumes every rank). setState() redraws that
/// epoch's order and continues at the rank's share of the position: with the same world size the remaining
/// batches are exactly those of the uninterrupted run; with another world size the epoch continues at the
/// same global position with the new world's rows (records of the interrupted epoch may be seen twice or
/// missed), and later epochs are exact for the new world.
///
/// Batches are gathered into a buffer that the next call reuses, as in ArrayDataSet.
template <typename T>
class PartitionedArrayDataSet : public DataSet<T> {
 public:
  /// `local` holds rows partitionRows(total, rank, world) of a set of `total` records: features [n_r, ...]
  /// and labels [n_r, ...] (n_r may be 0; the feature and label shapes beyond dimension 0 must then still be
  /// given). `seed` seeds the per-epoch orders.
  PartitionedArrayDataSet(LabeledData<T> local, int64_t total, int rank, int world, uint64_t seed = 1);
  /// `local` holds rank `rank`'s rankSizes[rank] rows of a set whose ranks hold rankSizes (the world is
  /// rankSizes.size(); every rank must be given the same sizes).
  PartitionedArrayDataSet(LabeledData<T> local, std::vector<int64_t> rankSizes, int rank, uint64_t seed = 1);

  int64_t size() const override { return size_; }
  int64_t position() const override { return position_; }
  void reset() override;
  void shuffle() override;
  MiniBatch<T> nextBatch(int64_t batchSize) override;
  MiniBatch<T> nextBatchPart(int64_t batchSize, int rank, int world) override;
  std::string state() const override;
  void setState(const std::string& state) override;
  void setTransformer(std::shared_ptr<const Transformer<T>> transformer) override;

  int rank() const { return rank_; }
  int world() const { return world_; }
  /// The global index of this rank's first row (the number of rows the ranks before it hold).
  int64_t firstRow() const { return before_; }
  /// This rank's rows n_r.
  int64_t localSize() const { return upTo_ - before_; }
  /// n_r of every rank.
  const std::vector<int64_t>& rankSizes() const { return rankSizes_; }
  uint64_t seed() const { return seed_; }
  /// This rank's cumulative share c_rank(p) of the first p records of an epoch (see above).
  int64_t share(int64_t p) const;
  /// The epoch number: 0 before the first shuffle(), then 1, 2, ...
  int64_t epoch() const { return epoch_; }
  /// The local row (0-based within this rank's rows) at each local position of the current epoch.
  const std::vector<int64_t>& order() const { return order_; }
  /// This rank's rows as held in memory.
  const LabeledData<T>& local() const { return local_; }

 private:
  void drawOrder();
  MiniBatch<T> take(int64_t records);

  LabeledData<T> local_;
  int64_t size_ = 0;
  int rank_ = 0;
  int world_ = 1;
  uint64_t seed_ = 1;
  int64_t before_ = 0;              // S_{rank-1}: the first global row of this rank
  int64_t upTo_ = 0;                // S_rank
  std::vector<int64_t> rankSizes_;  // every rank's row count
  int64_t epoch_ = 0;
  bool shuffled_ = false;
  int64_t position_ = 0;
  std::vector<int64_t> order_;
  Tensor<T> inputBuffer_;
  Tensor<T> targetBuffer_;
  std::shared_ptr<const Transformer<T>> transformer_;
};

/// `set` (this rank's rows; its rows are the rows firstRow(), firstRow() + 1, ... of the records, as
/// openHdf5Partition gives a file's rows) split by `holdOut` (splitRows): {the rows not held out, the rows
/// held out}, each a PartitionedArrayDataSet of the same rank, world and seed, the ranks' counts exchanged
/// with allGatherCounts (a collective, called twice; may be empty in a world of one). Which rows are held
/// out depends only on the hold-out and the rows, not on the world size.
template <typename T>
std::pair<std::shared_ptr<PartitionedArrayDataSet<T>>, std::shared_ptr<PartitionedArrayDataSet<T>>>
splitHeldOut(const PartitionedArrayDataSet<T>& set, const HoldOut& holdOut,
             const AllGatherCounts& allGatherCounts);

extern template class PartitionedArrayDataSet<float>;
extern template class PartitionedArrayDataSet<double>;
extern template std::pair<std::shared_ptr<PartitionedArrayDataSet<float>>,
                          std::shared_ptr<PartitionedArrayDataSet<float>>>
splitHeldOut(const PartitionedArrayDataSet<float>&, const HoldOut&, const AllGatherCounts&);
extern template std::pair<std::shared_ptr<PartitionedArrayDataSet<double>>,
                          std::shared_ptr<PartitionedArrayDataSet<double>>>
splitHeldOut(const PartitionedArrayDataSet<double>&, const HoldOut&, const AllGatherCounts&);

}  // namespace ringdl
