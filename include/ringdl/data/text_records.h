// Text part files (what Spark's saveAsTextFile and df.write.csv/.text write, and LibSVM files): a streaming
// line reader, plain or compressed, a line writer, and how class labels written in text map to RingDL's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ringdl/data/record_reader.h"
#include "ringdl/data/shard_set.h"

namespace ringdl {

namespace detail {
class ByteSource;  // the file, or its inflated stream (src/data/detail/byte_source.h)
class TextSink;    // the file, or its gzip stream (text_records.cpp)
}  // namespace detail

/// How a text file is compressed.
enum class TextCompression {
  kAuto,  ///< reading: gzip when the file starts with 1f 8b, zlib (Hadoop's DefaultCodec) when its name ends
          ///< in ".deflate", else none
  kNone,
  kGzip,  ///< one or more gzip members (Hadoop's GzipCodec, gzip(1))
  kZlib,  ///< a zlib stream (Hadoop's DefaultCodec, file suffix ".deflate")
};

/// "auto", "none", "gzip", "zlib".
const char* textCompressionName(TextCompression compression);

struct TextLineReaderOptions {
  TextCompression compression = TextCompression::kAuto;
  /// Lines at the start of every file that are headers, not records (df.write.option("header", true) writes
  /// one into every part file; some exports put a title or units lines above the column names): they are
  /// not returned as records, and the last of them is kept (header()). An empty file holds no header and no
  /// records (Spark writes empty part files for empty partitions); a file with some lines but fewer than
  /// headerLines is an error naming it at construction.
  int64_t headerLines = 0;
  /// Lines that are empty or hold only spaces and tabs are not returned (they still count in the indices).
  bool skipBlankLines = true;
  /// Lines whose first character other than a space or tab is this one are not returned ('\0': none).
  /// LibSVM files use '#'.
  char comment = '\0';
  /// Bytes read from the file (or inflated) at a time. The buffer grows to hold the longest line.
  size_t bufferBytes = 256 * 1024;
  /// A line longer than this is an error (a binary file read as text has no line breaks to stop at);
  /// recover() continues after its end.
  size_t maxLineBytes = size_t(64) << 20;

  TextLineReaderOptions& withCompression(TextCompression c) {
    compression = c;
    return *this;
  }
  TextLineReaderOptions& withHeaderLines(int64_t n) {
    headerLines = n;
    return *this;
  }
  /// One header line (true) or none.
  TextLineReaderOptions& withSkipHeader(bool on) { return withHeaderLines(on ? 1 : 0); }
  TextLineReaderOptions& withSkipBlankLines(bool on) {
    skipBlankLines = on;
    return *this;
  }
  TextLineReaderOptions& withComment(char c) {
    comment = c;
    return *this;
  }
};

/// Reads the lines of one text file in order, streamed through a buffer (multi-GB part files are never
/// loaded whole): plain, gzip (Spark's saveAsTextFile with GzipCodec writes part-00000.gz) or zlib
/// (".deflate", Hadoop's DefaultCodec). Snappy, LZ4, BZip2 and Zstandard files (".snappy", ".lz4", ".bz2",
/// ".zst" or their magic bytes) are an error at construction that names the codec and says how to re-save.
///
/// Each record's value is one line without its line break: lines end at "\n"; a "\r" before it (Windows
/// files) is dropped too; the last line needs no line break; a UTF-8 byte-order mark at the start of the file
/// is dropped. key, keyType and valueType are empty. Record::index is the 0-based line number in the file
/// (header, blank and comment lines included, so editors' line numbers are index + 1); Record::offset is the
/// byte offset of the line's first byte, in the decompressed stream for compressed files.
///
/// Lines are not split at line breaks inside quoted CSV fields (Spark's multiLine option): CsvDecoder
/// reports a quote left open at the end of a line.
///
/// Errors name the file, the line (1-based) and its byte offset: a line beyond maxLineBytes, a damaged or
/// truncated compressed stream, a read failure. recover() continues after an over-long line; after a
/// stream error it returns false (a compressed stream cannot be resynchronised). A file whose first 4 KiB
/// hold a NUL byte is refused at construction as not text.
class TextLineReader : public RecordReader {
 public:
  /// Opens path; throws ringdl::Error if it cannot be opened, is a directory or is not text.
  explicit TextLineReader(const std::string& path, const TextLineReaderOptions& options = {});
  ~TextLineReader() override;

  bool next(Record& record) override;
  /// As next(), the view pointing at the line in the reader's buffer (valid until the next call).
  bool nextView(RecordView& record) override;
  bool recover() override;
  const std::string& path() const override { return path_; }

  /// The last header line (headerLines), without its line break (the column names, when there are several
  /// header lines); empty without header lines. The constructor reads the header lines, so it is available
  /// before the first next().
  const std::string& header() const { return header_; }
  /// The compression in use (kAuto resolved).
  TextCompression compression() const { return compression_; }
  const TextLineReaderOptions& options() const { return options_; }
  /// Byte offset of the next unread byte (decompressed stream for compressed files).
  int64_t offset() const { return bufOffset_ + static_cast<int64_t>(begin_); }

 private:
  // Finds the end of the line at begin_, reading more as needed: sets `length` to the line's length without
  // its break and returns the bytes to consume (length + 1, or length for a last line without a break); 0 at
  // the end of the stream.
  size_t nextLine(size_t& length);
  size_t fill();
  [[noreturn]] void fail(const std::string& what);

  std::string path_;
  TextLineReaderOptions options_;
  TextCompression compression_ = TextCompression::kNone;
  std::unique_ptr<detail::ByteSource> source_;
  std::unique_ptr<char[]> buf_;
  size_t capacity_ = 0;
  size_t begin_ = 0;          // first unread byte in buf_
  size_t end_ = 0;            // one past the last valid byte
  size_t scanned_ = 0;        // bytes after begin_ known to hold no line break
  int64_t bufOffset_ = 0;     // stream offset of buf_[0]
  int64_t index_ = 0;         // line number of the line at begin_
  bool eof_ = false;          // the source has nothing more
  bool failed_ = false;       // the last next() threw
  bool skipToBreak_ = false;  // recover(): drop bytes up to the next line break
  std::string sourceError_;
  bool sourceErrorReported_ = false;
  std::string header_;
};

/// Writes text lines to a file, plain or as one gzip member (what Hadoop's GzipCodec writes; use a ".gz"
/// name so that Spark and Hadoop recognise it). Each line gets a "\n". Created (or truncated) by the
/// constructor, complete after close(); errors name the path and the system's reason.
class TextLineWriter {
 public:
  explicit TextLineWriter(const std::string& path, bool gzip = false);
  /// Closes the file if close() was not called, ignoring errors: call close() to see them.
  ~TextLineWriter();
  TextLineWriter(const TextLineWriter&) = delete;
  TextLineWriter& operator=(const TextLineWriter&) = delete;

  /// Writes `line` and a line break. A line holding "\n" is an error (it would read back as two lines).
  void writeLine(std::string_view line);
  /// Flushes and closes; a second close does nothing, writes after it are errors.
  void close();

  const std::string& path() const { return path_; }
  /// Lines written so far.
  int64_t lines() const { return lines_; }

 private:
  std::string path_;
  std::unique_ptr<detail::TextSink> sink_;
  int64_t lines_ = 0;
};

/// A factory of TextLineReaders with fixed options, for ShardDataSet (CsvDecoder, LibSvmDecoder).
RecordReaderFactory textRecordReaderFactory(const TextLineReaderOptions& options = {});

/// How a class label written in a text file becomes RingDL's 0-based class index (docs/data.md, "Text part
/// files"). The mapping is never guessed from the data: a label the chosen mapping does not expect is an
/// error that says which mapping fits.
enum class LabelMapping {
  kZeroBased,  ///< whole numbers 0..K-1, taken as they are (RingDL's, PyTorch's, MNIST's convention)
  kOneBased,   ///< whole numbers 1..K become 0..K-1 (BigDL's and many LibSVM multi-class files)
  kSigned,     ///< LibSVM's binary -1 / +1 become 0 / 1; anything else is an error
  kValue,      ///< any finite number as it is (regression targets); no class checks
};

/// "zero_based", "one_based", "signed", "value"; and the inverse, an Error listing the names otherwise.
const char* labelMappingName(LabelMapping mapping);
LabelMapping parseLabelMapping(const std::string& name);

/// Maps a label as written to RingDL's label: returns "" and sets `mapped`, or says what is wrong ("label
/// -1 is negative: ..."), naming the mapping that would fit when one does. numClasses > 0 bounds class
/// labels (the mapped label must be below it); 0 leaves them unbounded.
std::string mapLabel(double written, LabelMapping mapping, int64_t numClasses, double& mapped);
/// The inverse, for writers: RingDL's label as the mapping writes it (kSigned: 0 -> -1, 1 -> +1).
double unmapLabel(double label, LabelMapping mapping);

/// "file F: line L at byte O: " (L = record.index + 1) for errors about a text line.
std::string linePlace(const RecordView& record, const std::string& file);
/// At most `limit` bytes of `text` for an error message, control bytes escaped, "..." when cut.
std::string quoteText(std::string_view text, size_t limit = 120);

}  // namespace ringdl
