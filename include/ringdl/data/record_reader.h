// RecordReader: what every shard-file format (SequenceFile, TFRecord, CSV/LibSVM, CIFAR, ...) offers the data
// pipeline: the records of one file as bytes, each with the place it came from, so that decoding errors can
// name the file, the byte offset and the record index.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

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
  /// After next() threw: moves to the next record that can be read; false if there is none.
  virtual bool recover() = 0;
  /// The file being read, as given.
  virtual const std::string& path() const = 0;
};

using RecordReaderPtr = std::unique_ptr<RecordReader>;

}  // namespace ringdl
