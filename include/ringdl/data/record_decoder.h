// RecordDecoder<T>: turns one shard record (bytes) into a features array and a 0-based label, for
// ShardDataSet.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ringdl/data/record_reader.h"
#include "ringdl/tensor/shape.h"

namespace ringdl {

/// One decoded record: its features (row-major, `shape`) and its 0-based class label, or for sequence records
/// (ShardDataSetOptions::sequences) a target per step in `targets` (language models: the next tokens).
template <typename T>
struct DecodedRecord {
  std::vector<T> features;
  Shape shape;
  T label = 0;
  std::vector<T> targets;  ///< empty unless the record's target is a sequence (as long as its features)
};

/// Decodes the records of shard files. A ShardDataSet calls it from its reading thread only: beginShard()
/// when it opens a shard, then decode() for the shard's records, one shard at a time, so a decoder may keep
/// what it learns from a shard's header (e.g. a SequenceFile's metadata) until the next beginShard().
template <typename T>
class RecordDecoder {
 public:
  virtual ~RecordDecoder() = default;
  RecordDecoder() = default;
  RecordDecoder(const RecordDecoder&) = delete;
  RecordDecoder& operator=(const RecordDecoder&) = delete;

  /// Called before the records of a pass are read, with no record being decoded: the data set's seed (as
  /// restored by setState) and its epoch (1, 2, ...) for shuffled passes, 0 for unshuffled ones. A decoder
  /// whose output is random (augmentation seeded per seed, epoch and record) keeps them.
  virtual void beginEpoch(uint64_t seed, int64_t epoch) {
    (void)seed;
    (void)epoch;
  }
  /// Called with a freshly opened shard before its first record.
  virtual void beginShard(const RecordReader& reader) { (void)reader; }
  /// Decodes `record` of shard file `file` into `out` (reusing its vectors). Throws ringdl::Error naming the
  /// file, the record's byte offset and index, the field and what was expected, for anything that does not
  /// decode; it never returns a record it could only partly read.
  virtual void decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) = 0;
  /// One line for logs: the layout and the options.
  virtual std::string describe() const = 0;
};

/// "file F: record I at byte O: " for decoder errors.
std::string recordPlace(const RecordView& record, const std::string& file);

/// "1,28,28" -> {1, 28, 28} (positive sizes, commas, optional spaces); `what` names the source in errors.
Shape parseShapeText(const std::string& text, const std::string& what);
/// {1, 28, 28} -> "1,28,28".
std::string shapeText(const Shape& shape);

/// Pixels as T in [0, 1]: each byte divided by 255 in T, the same correctly rounded values loadIdxDataSet
/// gives.
template <typename T>
void scalePixels(const unsigned char* pixels, size_t n, T* out);

extern template void scalePixels(const unsigned char*, size_t, float*);
extern template void scalePixels(const unsigned char*, size_t, double*);

}  // namespace ringdl
