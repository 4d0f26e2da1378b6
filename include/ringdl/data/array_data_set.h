// ArrayDataSet<T>: an in-memory DataSet over features [N, ...] and labels [N], with seeded per-epoch
// shuffling.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ringdl/data/data_set.h"
#include "ringdl/data/sample.h"
#include "ringdl/tensor/random.h"

namespace ringdl {

/// Features and labels of N records held in memory: features is [N, ...], labels is [N] (0-based class
/// indices stored as T) or [N, ...].
template <typename T>
struct LabeledData {
  Tensor<T> features;
  Tensor<T> labels;
  /// Number of records N.
  int64_t size() const { return features.dim() > 0 ? features.size(0) : 0; }
};

/// A DataSet over arrays in memory (BigDL's in-memory DataSet.array / CachedDistriDataSet on one node).
///
/// Shuffling: the data set owns a ringdl::Random seeded by the caller. Each shuffle() draws a new permutation
/// of 0..N-1 from that generator, always starting from the identity (so the order of an epoch depends only on
/// the generator state before it, which is what makes state() small: no permutation is stored). The same seed
/// gives the same sequence of epoch orders on every platform.
///
/// Batches are gathered row by row into one buffer that nextBatch reuses (no allocation per batch after the
/// first); the returned views are overwritten by the next call.
///
/// The arrays are shared, not copied, when they are already contiguous: changing them later changes the data
/// set.
///
/// Data-parallel training: every rank builds the data set with the same seed, so every rank sees the same
/// order, and nextBatchPart() gathers only the rank's part of each global batch: the records a rank trains on
/// are disjoint from the other ranks', and the state string is the same on every rank and for every world
/// size (a checkpoint taken on 4 ranks resumes on 2).
template <typename T>
class ArrayDataSet : public DataSet<T> {
 public:
  /// features [N, ...] and labels [N, ...] with the same N; seed initialises the shuffle generator.
  ArrayDataSet(Tensor<T> features, Tensor<T> labels, uint64_t seed = 1);
  /// The same from a LabeledData (e.g. the result of loadIdxDataSet).
  explicit ArrayDataSet(const LabeledData<T>& data, uint64_t seed = 1);

  int64_t size() const override { return size_; }
  int64_t position() const override { return position_; }
  void reset() override;
  void shuffle() override;
  MiniBatch<T> nextBatch(int64_t batchSize) override;
  /// Gathers only this rank's rows of the global batch.
  MiniBatch<T> nextBatchPart(int64_t batchSize, int rank, int world) override;
  std::string state() const override;
  void setState(const std::string& state) override;
  void setTransformer(std::shared_ptr<const Transformer<T>> transformer) override;

  /// Record i (0-based, in storage order, not the shuffled order) as views into the arrays.
  Sample<T> sample(int64_t i) const;
  /// The record index at each position of the current epoch (the identity until the first shuffle()).
  const std::vector<int64_t>& order() const { return order_; }
  const Tensor<T>& features() const { return features_; }
  const Tensor<T>& labels() const { return labels_; }

 private:
  void drawPermutation();
  /// The records at positions [first, first + count) of the current order, gathered into the batch buffers.
  MiniBatch<T> gather(int64_t first, int64_t count);

  Tensor<T> features_;
  Tensor<T> labels_;
  int64_t size_ = 0;
  Random random_;
  std::string randomBeforeOrder_;  // generator state the current order was drawn from (empty: identity order)
  std::vector<int64_t> order_;
  int64_t position_ = 0;
  Tensor<T> inputBuffer_;
  Tensor<T> targetBuffer_;
  std::shared_ptr<const Transformer<T>> transformer_;
};

/// Checks that labels [N] hold 0-based class indices: integers in [0, numClasses). The error names `what`,
/// the first bad record and its value, and says when the labels look 1-based (the BigDL convention).
template <typename T>
void checkClassLabels(const Tensor<T>& labels, int64_t numClasses, const std::string& what);

/// The batch of rows order[0..count) of contiguous features [N, ...] and labels [N, ...], copied into
/// inputBuffer and targetBuffer (resized to count rows, keeping their storage when it is large enough) and
/// run through transformer when there is one: how the in-memory data sets gather a batch.
template <typename T>
MiniBatch<T> gatherRows(const Tensor<T>& features, const Tensor<T>& labels, const int64_t* order,
                        int64_t count, Tensor<T>& inputBuffer, Tensor<T>& targetBuffer,
                        const Transformer<T>* transformer);

extern template class ArrayDataSet<float>;
extern template class ArrayDataSet<double>;
extern template void checkClassLabels(const Tensor<float>&, int64_t, const std::string&);
extern template void checkClassLabels(const Tensor<double>&, int64_t, const std::string&);
extern template MiniBatch<float> gatherRows(const Tensor<float>&, const Tensor<float>&, const int64_t*,
                                            int64_t, Tensor<float>&, Tensor<float>&,
                                            const Transformer<float>*);
extern template MiniBatch<double> gatherRows(const Tensor<double>&, const Tensor<double>&, const int64_t*,
                                             int64_t, Tensor<double>&, Tensor<double>&,
                                             const Transformer<double>*);

}  // namespace ringdl
