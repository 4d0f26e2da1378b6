// SequenceBatching: how records of different lengths (token sequences) become one batch [B, T] (BigDL's
// PaddingParam with PaddingLongest or FixedLength), with lengths per record, and how a shuffled stream is
// bucketed by length.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ringdl/data/mini_batch.h"
#include "ringdl/data/sample.h"

namespace ringdl {

/// BigDL's padding strategies.
enum class PaddingMode {
  kLongest,  ///< PaddingLongest: T is the longest record of the batch
  kFixed,    ///< FixedLength(n): T is n; longer records are truncated
};

/// Which part of a record longer than a fixed length is kept.
enum class TruncateSide {
  kEnd,    ///< drop the end: keep the first n steps (the default)
  kStart,  ///< drop the start: keep the last n steps (e.g. the end of a long review)
};

/// How a batch of sequences is padded. Records are padded at the end (right), with `value`; the lengths
/// [B] count the real steps (after truncation). A batch whose records are all empty is [B, 1] of padding
/// (a zero-width batch would break every layer), lengths 0.
struct SequencePadding {
  PaddingMode mode = PaddingMode::kLongest;
  int64_t length = 0;  ///< kFixed: T
  double value = 0;    ///< input padding: 0 is the Dictionary's padding index
  /// Padding of sequence targets (language models): -1, TimeDistributedMaskCriterion's default, which
  /// leaves those steps out of the loss.
  double targetValue = -1;
  TruncateSide truncate = TruncateSide::kEnd;
  /// The model's input is the Table {input [B, T], lengths [B]} instead of input alone (MiniBatch::
  /// lengthsInInput()); lengths are in the batch either way.
  bool lengthsInInput = false;

  static SequencePadding longest() { return {}; }
  static SequencePadding fixed(int64_t n) {
    SequencePadding p;
    p.mode = PaddingMode::kFixed;
    p.length = n;
    return p;
  }
  SequencePadding& withValue(double v) {
    value = v;
    return *this;
  }
  SequencePadding& withTruncate(TruncateSide side) {
    truncate = side;
    return *this;
  }
  SequencePadding& withLengthsInInput(bool on) {
    lengthsInInput = on;
    return *this;
  }
  /// The padded width of a batch whose longest record has `longest` steps.
  int64_t width(int64_t longest) const;
  /// "longest, pad 0" or "fixed 128 (truncating the end), pad 0, lengths in the input".
  std::string describe() const;
};

/// "longest" or "fixed N" (the config's padding), "end"/"start"; Errors say what is accepted.
SequencePadding parseSequencePadding(const std::string& text);
TruncateSide parseTruncateSide(const std::string& text);

/// Records of a shuffled stream grouped by length (ShardDataSetOptions::sequences): the records leaving the
/// shuffle buffer are taken `window` at a time, sorted by length (stably), cut into runs of `run` records,
/// and the runs are emitted in an order drawn from the epoch's generator. Consecutive records, so the
/// records of a batch, then have similar lengths and need little padding, while the order stays a
/// function of (seed, epoch, rank) and a resumed run sees the same batches. window 0 disables it.
/// Unshuffled passes (validation, prediction) are never bucketed, so their output keeps the file order.
struct SequenceBatching {
  SequencePadding padding;
  int64_t bucketWindow = 0;  ///< records sorted together (0: no bucketing); a multiple of run is best
  int64_t bucketRun = 0;     ///< records per run (0: the window / 16, at least 1); about a batch part

  SequenceBatching& withPadding(SequencePadding p) {
    padding = p;
    return *this;
  }
  SequenceBatching& withBuckets(int64_t window, int64_t run) {
    bucketWindow = window;
    bucketRun = run;
    return *this;
  }
  /// Checks the values; `what` prefixes errors.
  void validate(const std::string& what) const;
};

/// Copies a record of `n` steps into a row of `width` steps: truncated as `padding` says, the rest filled
/// with `fill`. Returns the steps kept (the record's length in the batch).
template <typename T>
int64_t padRow(const T* values, int64_t n, int64_t width, const SequencePadding& padding, T fill, T* row);

/// BigDL's SampleToMiniBatch with a PaddingParam: stacks samples whose features are 1-D sequences [L_i]
/// into input [B, T] padded as `padding` says, with lengths [B]. Labels are 0-d class indices (target [B])
/// or sequences as long as their features (target [B, T], padded with padding.targetValue). An empty vector
/// gives an empty batch; Errors name the sample for other shapes.
template <typename T>
MiniBatch<T> toPaddedMiniBatch(const std::vector<Sample<T>>& samples, const SequencePadding& padding);

extern template int64_t padRow(const float*, int64_t, int64_t, const SequencePadding&, float, float*);
extern template int64_t padRow(const double*, int64_t, int64_t, const SequencePadding&, double, double*);
extern template MiniBatch<float> toPaddedMiniBatch(const std::vector<Sample<float>>&, const SequencePadding&);
extern template MiniBatch<double> toPaddedMiniBatch(const std::vector<Sample<double>>&,
                                                    const SequencePadding&);

}  // namespace ringdl
