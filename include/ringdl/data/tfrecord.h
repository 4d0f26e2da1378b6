// TFRecord files (TensorFlow's record format), plain or gzip-compressed: a streaming, checksum-verifying
// reader and a writer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "ringdl/data/crc32c.h"
#include "ringdl/data/record_reader.h"

namespace ringdl {

namespace detail {
class ByteSource;  // the file, or its inflated stream (src/data/detail/byte_source.h)
class TFRecordSink;    // the file, or its deflate stream (tfrecord.cpp)
}  // namespace detail

/// How a TFRecord file is compressed (TensorFlow's compression_type "", "GZIP", "ZLIB").
enum class TFRecordCompression {
  kAuto,  ///< reading: gzip if the file starts with 1f 8b and is not a valid plain TFRecord, else none
  kNone,
  kGzip,  ///< one or more gzip members, as TensorFlow's "GZIP" and gzip(1) write
  kZlib,  ///< a zlib stream (RFC 1950), as TensorFlow's "ZLIB" writes; never detected, only by option
};

/// "auto", "none", "gzip", "zlib".
const char* tfrecordCompressionName(TFRecordCompression compression);

struct TFRecordReaderOptions {
  TFRecordCompression compression = TFRecordCompression::kAuto;
  /// Bytes read from the file (or inflated) at a time. The buffer grows to hold the largest record.
  size_t bufferBytes = 256 * 1024;
  /// A record longer than this is an error (a length field whose CRC checks out is normally genuine; this
  /// bounds the memory a damaged or hostile file can claim). recover() only resumes at records this short.
  uint64_t maxRecordBytes = uint64_t(1) << 31;
};

/// Reads the records of one TFRecord file in order. Each record on disk is
///   uint64 length (little-endian), uint32 masked CRC-32C of those 8 bytes, `length` data bytes,
///   uint32 masked CRC-32C of the data
/// and both checksums are verified. Record.value is the data; key, keyType and valueType are empty;
/// Record.offset is the byte offset of the record's length field, counted in the decompressed stream for
/// gzip and zlib files; Record.index counts records from 0 (a damaged stretch skipped by recover() counts as
/// one record).
///
/// The file is streamed through a buffer (bufferBytes, or the largest record if longer): multi-GB files are
/// never loaded whole. A bad length CRC, a bad data CRC, a truncated record, a length beyond maxRecordBytes,
/// a damaged gzip stream, or a read failure throws ringdl::Error naming the file, the byte offset, the record
/// index and, for checksums, the stored and computed values. After such an error recover() scans forward
/// byte by byte from just after the damaged record's start for the next position whose 12-byte header
/// checks out (length CRC valid, length plausible) and whose data CRC is valid, and continues there; it
/// returns false at the end of the file, or when a damaged compressed stream cannot be decoded further.
class TFRecordReader : public RecordReader {
 public:
  /// Opens path; throws ringdl::Error if it cannot be opened or read.
  explicit TFRecordReader(const std::string& path, const TFRecordReaderOptions& options = {});
  ~TFRecordReader() override;

  bool next(Record& record) override;
  bool nextView(RecordView& view) override;
  bool recover() override;
  const std::string& path() const override { return path_; }

  /// The compression in use (kNone, kGzip or kZlib; kAuto resolved).
  TFRecordCompression compression() const { return compression_; }
  /// Byte offset of the next record to read (decompressed stream for compressed files).
  int64_t offset() const { return bufOffset_ + static_cast<int64_t>(begin_); }
  /// Index the next record will get.
  int64_t index() const { return index_; }

 private:
  // Makes at least n bytes available from begin_ (fewer only at the end of the stream); returns how many.
  size_t fill(size_t n);
  void allocate(size_t capacity);
  // Checks the next record's header and makes its data and footer available from buf_ + begin_; false at the
  // clean end of the stream. Sets length.
  bool frame(uint64_t& length);
  // Checks the data CRC (unmasked, as computed over the data) against the footer and moves past the record.
  void accept(uint64_t length, uint32_t dataCrc);
  [[noreturn]] void fail(const std::string& what);
  [[noreturn]] void failTruncated(size_t have, uint64_t length);
  // Whether a record header at buf_[at] checks out (length CRC, length plausible); sets length.
  bool headerValidAt(size_t at, uint64_t& length) const;

  std::string path_;
  TFRecordReaderOptions options_;
  TFRecordCompression compression_ = TFRecordCompression::kNone;
  std::unique_ptr<detail::ByteSource> source_;
  std::unique_ptr<char[]> storage_;
  char* buf_ = nullptr;    // storage_ aligned to 64 bytes
  size_t capacity_ = 0;    // bytes usable from buf_
  size_t begin_ = 0;       // first unread byte in buf_
  size_t end_ = 0;         // one past the last valid byte in buf_
  int64_t bufOffset_ = 0;  // stream offset of buf_[0]
  int64_t index_ = 0;
  int64_t fileSize_ = -1;    // plain files: bounds plausible lengths
  bool failed_ = false;      // the last next() threw at the record starting at begin_
  std::string sourceError_;  // why the stream cannot be read further (decompression or read error)
  bool sourceErrorReported_ = false;
};

/// Writes records in the TFRecord format, plain or gzip-compressed (one gzip member, zlib's default level,
/// as TensorFlow's "GZIP" writes). The file is created (or truncated) by the constructor and complete after
/// close(); errors name the path and the system's reason.
class TFRecordWriter {
 public:
  TFRecordWriter(const std::string& path, bool gzip = false);
  /// Closes the file if close() was not called; errors are swallowed here, so call close() to see them.
  ~TFRecordWriter();
  TFRecordWriter(const TFRecordWriter&) = delete;
  TFRecordWriter& operator=(const TFRecordWriter&) = delete;

  /// Appends one record.
  void write(const void* data, size_t n);
  void write(const std::string& data) { write(data.data(), data.size()); }
  /// Flushes and closes; the writer accepts no more records afterwards.
  void close();

  const std::string& path() const { return path_; }
  /// Records written so far.
  int64_t count() const { return count_; }

 private:
  std::string path_;
  std::unique_ptr<detail::TFRecordSink> sink_;
  int64_t count_ = 0;
};

}  // namespace ringdl
