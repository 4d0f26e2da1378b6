// HoldOut: the records of a training set held out for validation, chosen by a seeded hash of each record's
// place, so that every rank of any world size, every epoch and every resumed run agrees on them.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "ringdl/data/array_data_set.h"

namespace ringdl {

/// The side of a HoldOut that a data set reads.
enum class SplitPart {
  kTraining,  ///< the records not held out
  kHeldOut,   ///< the records held out for validation
};

/// A seeded random choice of the records held out of a training set for validation (Keras's
/// validation_split, but drawn at random rather than the last records; PyTorch's random_split, but stable
/// when the data is sharded). Record `index` of source `source` is held out when a hash of (seed, source,
/// index) falls below fraction x 2^64: each record on its own with probability `fraction`, so about
/// fraction x N of N records are held out (not exactly: 60000 records at 0.1 hold out 6000 +- 150 or so).
///
/// The choice depends only on the seed, the fraction and the record's place, never on the number of ranks,
/// which rank reads the record, the epoch or the order of reading: every rank of any world size holds out
/// the same records, and a resumed run with the same seed and fraction holds out the records the
/// interrupted one did. Places: arrays in memory use source 0 and the record's row (splitRows); shard sets
/// use shardSource(path) and the record's position in its shard, counting the records its reader reads
/// (ShardDataSetOptions::holdOut).
class HoldOut {
 public:
  /// Holds out nothing.
  HoldOut() = default;
  /// Holds out about `fraction` of the records, chosen by `seed`; fraction must be in [0, 1) (an Error
  /// otherwise).
  HoldOut(double fraction, uint64_t seed);

  double fraction() const { return fraction_; }
  uint64_t seed() const { return seed_; }
  /// True when nothing is held out (fraction 0).
  bool none() const { return threshold_ == 0; }
  /// Whether record `index` of `source` is held out.
  bool heldOut(uint64_t source, int64_t index) const;
  /// Whether a data set reading side `part` reads record `index` of `source`.
  bool reads(SplitPart part, uint64_t source, int64_t index) const {
    return heldOut(source, index) == (part == SplitPart::kHeldOut);
  }
  /// The source number of a shard file's records: a hash of its file name (the last component of `path`),
  /// so a shard keeps its held-out records when the shard set is moved, listed in another order or joined
  /// by more files. (Shards of the same name in different directories share the pattern.)
  static uint64_t shardSource(const std::string& path);

 private:
  double fraction_ = 0;
  uint64_t seed_ = 0;
  uint64_t key_ = 0;        // the seed, mixed
  uint64_t threshold_ = 0;  // fraction x 2^64: a record is held out when its hash is below it
};

/// The rows of `data`, rows firstRow, firstRow + 1, ... of an array of records (source 0), split by
/// `holdOut`: {the rows not held out, the rows held out}, each in storage order. Either may hold no rows; it
/// keeps the feature and label shapes beyond dimension 0.
template <typename T>
std::pair<LabeledData<T>, LabeledData<T>> splitRows(const LabeledData<T>& data, const HoldOut& holdOut,
                                                    int64_t firstRow = 0);

extern template std::pair<LabeledData<float>, LabeledData<float>> splitRows(const LabeledData<float>&,
                                                                            const HoldOut&, int64_t);
extern template std::pair<LabeledData<double>, LabeledData<double>> splitRows(const LabeledData<double>&,
                                                                              const HoldOut&, int64_t);

}  // namespace ringdl
