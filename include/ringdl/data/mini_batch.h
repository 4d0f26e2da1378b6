// MiniBatch<T>: a batch of records, input [B, ...] and target [B] (0-based labels as T), sliceable without
// copies.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "ringdl/data/sample.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl {

/// A batch of B records (BigDL's ArrayTensorMiniBatch): input() is [B, ...] and target() is [B] for
/// classification (0-based class indices stored as T) or [B, ...] for other targets. Dimension 0 of both is
/// the record index. A default-constructed MiniBatch is empty (size() == 0); DataSet::nextBatch returns one
/// at the end of an epoch. Copying a MiniBatch copies views, not data.
template <typename T>
class MiniBatch {
 public:
  /// An empty batch (size() == 0).
  MiniBatch() = default;
  /// A batch over the given tensors (views are kept, nothing is copied). Both must have at least one
  /// dimension and the same size along dimension 0.
  MiniBatch(Tensor<T> input, Tensor<T> target);

  /// Number of records B (0 for an empty batch).
  int64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  const Tensor<T>& input() const { return input_; }
  Tensor<T>& input() { return input_; }
  const Tensor<T>& target() const { return target_; }
  Tensor<T>& target() { return target_; }

  /// Records [offset, offset + length) as a new batch of views into this one (no copy). offset is 0-based
  /// (BigDL's slice was 1-based). The distributed engine uses this to split a global batch across ranks.
  /// Lengths are sliced with the records.
  MiniBatch slice(int64_t offset, int64_t length) const;

  /// Batches of padded sequences (data/text/sequence_padding.h): the number of real, unpadded steps of each
  /// record, [B] (whole numbers stored as T); empty (hasLengths() false) for other batches.
  const Tensor<T>& lengths() const { return lengths_; }
  bool hasLengths() const { return hasLengths_; }
  /// Whether the model takes the Table {input [B, T], lengths [B]} rather than input alone (what recurrent
  /// layers that skip padding read); optim's batchInput() builds the model's input from this.
  bool lengthsInInput() const { return lengthsInInput_; }
  /// Sets the lengths [B] and whether they go into the model's input. Throws ringdl::Error unless lengths
  /// is [size()].
  void setLengths(Tensor<T> lengths, bool inInput);

 private:
  Tensor<T> input_;
  Tensor<T> target_;
  Tensor<T> lengths_;
  bool hasLengths_ = false;
  bool lengthsInInput_ = false;
  int64_t size_ = 0;
};

/// Records [offset, offset + length) of a batch: one rank's part of a global batch.
struct BatchPart {
  int64_t offset = 0;
  int64_t length = 0;
};

/// Rank `rank`'s part of a batch of `records` records split over `world` ranks: every rank gets
/// records / world records and the first records % world ranks one more, in rank order (the rule the
/// communicators use for buffer slices). Throws ringdl::Error for rank outside [0, world) or records < 0.
BatchPart batchPart(int64_t records, int rank, int world);

/// Rank `rank`'s cumulative share c_r(p) of the first p records of an epoch when the ranks hold different
/// numbers of records, rankSizes[r] = n_r (N their sum). The N positions of an epoch are dealt out by
/// interleaving the ranks' records evenly: record j of rank r sits at (j + 1/2) / n_r of the epoch, and
/// positions go to records in that order (ties to the lower rank). c_r(p) counts rank r's records among the
/// first p positions, so the shares of all ranks sum to p, never decrease, and reach n_r at p = N; a rank's
/// part of the batch [p, p + b) is c_r(p + b) - c_r(p) of its own records, a few records at most from
/// b * n_r / N, and each record is used once per epoch. Equal counts give round-robin. Exact integer
/// arithmetic, O(world * log n_r). Throws ringdl::Error for a rank outside the sizes, a negative size, or p
/// outside [0, N].
int64_t proportionalShare(int64_t p, const std::vector<int64_t>& rankSizes, int rank);

/// Every rank's value of one int64, in rank order, from each rank's own value (a collective: every rank
/// calls it once, at the same point): how the data sets whose ranks hold different records learn the ranks'
/// counts. Distributed callers wrap their communicator's allGather in it.
using AllGatherCounts = std::function<std::vector<int64_t>(int64_t mine)>;

/// Stacks samples into a new contiguous batch (BigDL's SampleToMiniBatch without padding): every feature must
/// have the shape of the first, every label the shape of the first. input is [B, feature shape...], target is
/// [B, label shape...] ([B] for 0-d class labels). An empty vector gives an empty batch.
template <typename T>
MiniBatch<T> toMiniBatch(const std::vector<Sample<T>>& samples);

extern template class MiniBatch<float>;
extern template class MiniBatch<double>;
extern template MiniBatch<float> toMiniBatch(const std::vector<Sample<float>>&);
extern template MiniBatch<double> toMiniBatch(const std::vector<Sample<double>>&);

}  // namespace ringdl
