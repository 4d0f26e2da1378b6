// RecordReader: what every shard-file format (SequenceFile, TFRecord, CSV/LibSVM, CIFAR, ...) offers the data
// pipeline: the records of one file as bytes, each with the place it came from, so that decoding errors can
// name the file, the byte offset and the record index.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ringdl {

/// One record of a shard file. Formats without keys (TFRecord, text lines) leave key empty; a format whose
/// key and value are typed (Hadoop Writables) gives them unwrapped (Text: its UTF-8 bytes, BytesWritable: its
/// bytes; IntWritable, LongWritable, FloatWritable: their big-endian bytes as stored) and says which type in
/// keyType/valueType (the Hadoop class name, e.g. "org.apache.hadoop.io.Text"; empty for untyped formats).
struct Record {
  std::string key;
  std::string value;
  std::string keyType;
  std::string valueType;
  int64_t offset = 0;  ///< byte offset of the record's first byte in the file (compressed files: see reader)
  int64_t index = 0;   ///< 0-based index of the record in the file (counting skipped/corrupt ones)
};

/// A record as views into the reader's buffers: what RecordReader::nextView() gives, valid until the reader's
/// next call (next, nextView or recover) or its destruction. The fields mean what Record's do. Built from a
/// Record (implicitly), it views that Record's strings, so code that takes a RecordView takes either.
struct RecordView {
  std::string_view key;
  std::string_view value;
  std::string_view keyType;
  std::string_view valueType;
  int64_t offset = 0;
  int64_t index = 0;

  RecordView() = default;
  RecordView(const Record& r)  // NOLINT(google-explicit-constructor): a Record is a RecordView's owner
      : key(r.key),
        value(r.value),
        keyType(r.keyType),
        valueType(r.valueType),
        offset(r.offset),
        index(r.index) {}
  /// The record as owned strings (reusing `out`'s storage).
  void copyTo(Record& out) const {
    out.key.assign(key.data(), key.size());
    out.value.assign(value.data(), value.size());
    if (out.keyType != keyType) out.keyType.assign(keyType.data(), keyType.size());
    if (out.valueType != valueType) out.valueType.assign(valueType.data(), valueType.size());
    out.offset = offset;
    out.index = index;
  }
};

/// Reads the records of one file in order. Not thread-safe; the prefetching data set gives each reader to
/// one thread.
///
/// Errors: next() throws ringdl::Error whose message names the file, the byte offset and the record index
/// ("train/part-00003: record 1207 at byte 5831440: data CRC32C is 0x1c2d..., expected 0x...; the file is
/// damaged"). After such an error recover() tries to continue with the next readable record (a SequenceFile
/// seeks to the next sync marker; a format without markers may scan for the next record that checks out, or
/// give up); it returns false when nothing more can be read from this file. Callers decide whether an error
/// stops training or the record is skipped and counted (skip_corrupt).
class RecordReader {
 public:
  virtual ~RecordReader() = default;
  RecordReader() = default;
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  /// Reads the next record into `record`; false at the end of the file (or of the reader's split).
  virtual bool next(Record& record) = 0;
  /// As next(), without copying: `view` points into the reader's buffers until its next call. The data set's
  /// reading thread uses it, so that a record's bytes are decoded where they were read. Formats that keep
  /// records whole in a buffer (SequenceFile, TFRecord) override it; the default reads into a Record the
  /// reader owns and views that.
  virtual bool nextView(RecordView& view) {
    if (!next(scratch_)) return false;
    view = RecordView(scratch_);
    return true;
  }
  /// After next() threw: moves to the next record that can be read; false if there is none.
  virtual bool recover() = 0;
  /// The file being read, as given.
  virtual const std::string& path() const = 0;

 private:
  Record scratch_;  // the default nextView()'s record
};

using RecordReaderPtr = std::unique_ptr<RecordReader>;

}  // namespace ringdl
