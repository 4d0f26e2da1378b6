// Hadoop SequenceFiles (what Hadoop jobs and Spark's saveAsSequenceFile write): a streaming reader of whole
// files or of byte splits, a writer, and the Writable encodings their keys and values use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "ringdl/data/record_reader.h"

namespace ringdl {

/// Hadoop class names of the Writables that SequenceFileReader unwraps and SequenceFileWriter wraps.
inline constexpr const char* kTextClass = "org.apache.hadoop.io.Text";
inline constexpr const char* kBytesWritableClass = "org.apache.hadoop.io.BytesWritable";
inline constexpr const char* kIntWritableClass = "org.apache.hadoop.io.IntWritable";
inline constexpr const char* kLongWritableClass = "org.apache.hadoop.io.LongWritable";
inline constexpr const char* kFloatWritableClass = "org.apache.hadoop.io.FloatWritable";

/// The codecs the reader decodes: DefaultCodec (a zlib stream; DeflateCodec is the same format under another
/// name) and GzipCodec (a gzip stream).
inline constexpr const char* kDefaultCodecClass = "org.apache.hadoop.io.compress.DefaultCodec";
inline constexpr const char* kDeflateCodecClass = "org.apache.hadoop.io.compress.DeflateCodec";
inline constexpr const char* kGzipCodecClass = "org.apache.hadoop.io.compress.GzipCodec";

/// Hadoop's SequenceFile.SYNC_INTERVAL (Hadoop 2.8 and later; 2,000 bytes before): the writer emits a sync
/// marker before the first record that starts at least this many bytes after the previous marker.
inline constexpr int64_t kSequenceFileSyncInterval = 100 * 1024;
/// Hadoop's io.seqfile.compress.blocksize default: a block is compressed and written once its keys and
/// values hold at least this many (uncompressed) bytes.
inline constexpr int64_t kSequenceFileBlockSize = 1000000;

/// What a SequenceFile header says.
struct SequenceFileHeader {
  int version = 6;               ///< the byte after "SEQ": 6 today; the reader accepts 2 to 6
  std::string keyClass;          ///< Java class name of the keys
  std::string valueClass;        ///< Java class name of the values
  bool compressed = false;       ///< values (record compression) or blocks (block compression) compressed
  bool blockCompressed = false;  ///< keys and values compressed together in blocks
  std::string codecClass;        ///< the codec's class name; empty when not compressed
  /// The file's metadata (version 6), sorted by key.
  std::map<std::string, std::string> metadata;
  std::string sync;         ///< the 16 bytes of the file's sync marker
  int64_t headerBytes = 0;  ///< size of the header: byte offset of the first record or block
};

/// Reads the records of a SequenceFile (versions 2 to 6; Hadoop writes "SEQ\x06") through a buffer, in
/// order: uncompressed, record-compressed (values compressed one by one) and block-compressed files, with
/// DefaultCodec, DeflateCodec or GzipCodec. Any other codec (Snappy, LZ4, BZip2, Zstandard) is an error at
/// construction that names it and says how to re-export the data.
///
/// Keys and values arrive unwrapped (see Record): Text gives its UTF-8 bytes (not validated: BigDL stores
/// binary images in Text), BytesWritable its bytes, IntWritable / LongWritable / FloatWritable their 4 / 8 /
/// 4 big-endian bytes (writableInt etc. convert them); any other class gives its serialized bytes as stored.
/// keyType / valueType carry the header's class names.
///
/// Record::offset is the byte offset of the record's length field for uncompressed and record-compressed
/// files; for block-compressed files it is the offset of the block's sync marker, shared by every record of
/// the block (a block's records have no offsets of their own). Record::index counts from the first record the
/// reader returns, so for a split that starts after the header it is the index within the split.
///
/// Errors name the file, the byte offset and the record index; a sync marker other than the file's is one.
/// recover() then continues: after a record whose framing was sound but whose contents were not (a value that
/// does not decompress, a Text whose length disagrees with its record) with the next record; otherwise at the
/// next occurrence of the file's sync marker (records in between are lost and not counted in the indices).
class SequenceFileReader : public RecordReader {
 public:
  /// Reads the whole file. Throws ringdl::Error if the file cannot be opened or its header is bad.
  explicit SequenceFileReader(const std::string& path);
  /// Reads the records of the byte split [splitBegin, splitEnd) as Hadoop's SequenceFileRecordReader does: a
  /// split that begins in the header starts with the first record; any other starts at the first sync marker
  /// at or after splitBegin; every split stops at the first sync marker at or after splitEnd. Splits that
  /// tile [0, file size) therefore return every record of the file exactly once.
  SequenceFileReader(const std::string& path, int64_t splitBegin, int64_t splitEnd);
  ~SequenceFileReader() override;

  bool next(Record& record) override;
  bool nextView(RecordView& view) override;
  bool recover() override;
  const std::string& path() const override;

  const SequenceFileHeader& header() const;
  /// Size of the file in bytes when it was opened.
  int64_t fileSize() const;

  /// Size of the read buffer (smaller files get one of their size): 256 KiB stays in a core's L2 cache, so
  /// copying records out of it costs little next to the read itself. Records that do not fit are read
  /// through a second buffer of their size.
  static constexpr size_t kBufferBytes = size_t(256) << 10;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

enum class SequenceFileCompression { kNone, kRecord, kBlock };
enum class SequenceFileCodec { kDefault, kGzip };

/// How SequenceFileWriter writes: Hadoop's defaults, except that compression is off.
struct SequenceFileWriterOptions {
  SequenceFileCompression compression = SequenceFileCompression::kNone;
  SequenceFileCodec codec = SequenceFileCodec::kDefault;
  int64_t syncInterval = kSequenceFileSyncInterval;  ///< uncompressed and record-compressed files
  int64_t blockSize = kSequenceFileBlockSize;        ///< block-compressed files
  std::map<std::string, std::string> metadata;

  SequenceFileWriterOptions& withCompression(SequenceFileCompression v) {
    compression = v;
    return *this;
  }
  SequenceFileWriterOptions& withCodec(SequenceFileCodec v) {
    codec = v;
    return *this;
  }
  SequenceFileWriterOptions& withSyncInterval(int64_t v) {
    syncInterval = v;
    return *this;
  }
  SequenceFileWriterOptions& withBlockSize(int64_t v) {
    blockSize = v;
    return *this;
  }
  SequenceFileWriterOptions& withMetadata(const std::string& key, const std::string& value) {
    metadata[key] = value;
    return *this;
  }
};

/// Writes a version-6 SequenceFile as Hadoop's SequenceFile.Writer does (same layout, sync intervals and
/// block flushing), so Hadoop and Spark read it back. The file is created (or truncated) at `path` at
/// construction and complete after close(); errors name the path.
class SequenceFileWriter {
 public:
  /// keyClass / valueClass: Java class names; the Writables named by the k*Class constants are wrapped by
  /// append(), any other class is taken as already serialized.
  SequenceFileWriter(const std::string& path, const std::string& keyClass, const std::string& valueClass,
                     const SequenceFileWriterOptions& options = {});
  /// Closes the file if close() was not called, ignoring errors: call close() to see them.
  ~SequenceFileWriter();
  SequenceFileWriter(const SequenceFileWriter&) = delete;
  SequenceFileWriter& operator=(const SequenceFileWriter&) = delete;

  /// Appends one record from unwrapped bytes (as SequenceFileReader returns them): Text and BytesWritable
  /// take any bytes; IntWritable and FloatWritable exactly 4 big-endian bytes, LongWritable 8 (intWritable()
  /// etc. make them). Throws ringdl::Error on a wrong size, a record over 2 GiB or a write error.
  void append(std::string_view key, std::string_view value);
  /// Writes any buffered block and closes the file. Further appends are errors; a second close does nothing.
  void close();

  const std::string& path() const;
  /// Records appended so far.
  int64_t records() const;
  /// Bytes written to the file so far (buffered ones included).
  int64_t bytes() const;
  /// The 16-byte sync marker of this file.
  const std::string& sync() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The value of an IntWritable / LongWritable / FloatWritable from its big-endian bytes (as the reader
/// returns them). Throws ringdl::Error if `bytes` is not 4 / 8 / 4 bytes long.
int32_t writableInt(std::string_view bytes);
int64_t writableLong(std::string_view bytes);
float writableFloat(std::string_view bytes);
/// The big-endian bytes of an IntWritable / LongWritable / FloatWritable, for SequenceFileWriter::append.
std::string intWritable(int32_t value);
std::string longWritable(int64_t value);
std::string floatWritable(float value);

/// Appends Hadoop's variable-length encoding of value (WritableUtils.writeVLong, also used for vints): one
/// byte for -112..127, else a length byte and 1 to 8 big-endian bytes.
void writeHadoopVInt(std::string& out, int64_t value);
/// Decodes one such integer from bytes[pos...] into value and advances pos past it. Returns false (pos
/// unchanged) if the bytes end before the integer does.
bool readHadoopVInt(std::string_view bytes, size_t& pos, int64_t& value);
/// Bytes of the encoding of value (1 to 9).
int hadoopVIntSize(int64_t value);

}  // namespace ringdl
