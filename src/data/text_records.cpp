// Text part files: a line reader over the file or its inflated stream (growing its buffer to the longest
// line), a plain or gzip line writer, label mappings and the places and quotes error messages use.
#include "ringdl/data/text_records.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "detail/byte_source.h"
#include "detail/number_text.h"
#include "ringdl/util/error.h"

namespace ringdl {

const char* textCompressionName(TextCompression compression) {
  switch (compression) {
    case TextCompression::kAuto:
      return "auto";
    case TextCompression::kNone:
      return "none";
    case TextCompression::kGzip:
      return "gzip";
    case TextCompression::kZlib:
      return "zlib";
  }
  return "unknown";
}

namespace {

bool endsWith(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// Codecs Hadoop and Spark may use that this reader does not decode, by file suffix and by magic bytes.
struct ForeignCodec {
  const char* suffix;
  const char* magic;
  size_t magicBytes;
  const char* name;
};
constexpr ForeignCodec kForeignCodecs[] = {
    {".bz2", "BZh", 3, "BZip2 (Hadoop's BZip2Codec)"},
    {".snappy", "\xff\x06\x00\x00sNaPpY", 10, "Snappy (Hadoop's SnappyCodec)"},
    {".lz4", "\x04\x22\x4d\x18", 4, "LZ4 (Hadoop's Lz4Codec)"},
    {".zst", "\x28\xb5\x2f\xfd", 4, "Zstandard (Hadoop's ZStandardCodec)"},
    {".lzo", "\x89LZO", 4, "LZO"},
    {".xz",
     "\xfd"
     "7zXZ",
     5, "xz"},
};

// Text's wording; a zlib (.deflate) file holds one stream, and bytes after it are an error.
constexpr detail::InflateStyle kInflateStyle = {"(an incomplete copy or download, or still being written)",
                                                false, false};

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// The reader.

TextLineReader::TextLineReader(const std::string& path, const TextLineReaderOptions& options)
    : path_(path), options_(options) {
  RINGDL_CHECK(options.bufferBytes > 0, "text file ", path, ": bufferBytes must be positive");
  RINGDL_CHECK(options.maxLineBytes > 0, "text file ", path, ": maxLineBytes must be positive");
  struct stat st;
  const int fd = detail::openForReading(path, "text file", "give the part files inside it", st);
  char head[16] = {};
  const size_t got = detail::preadFull(fd, head, sizeof head, 0);
  for (const ForeignCodec& codec : kForeignCodecs) {
    if (endsWith(path, codec.suffix) ||
        (got >= codec.magicBytes && std::memcmp(head, codec.magic, codec.magicBytes) == 0)) {
      ::close(fd);
      RINGDL_FAIL("text file ", path, " is compressed with ", codec.name,
                  ", which RingDL does not decode; re-save it uncompressed or with gzip (Spark: "
                  "saveAsTextFile(path, classOf[GzipCodec]) or .option(\"compression\", \"gzip\")), or "
                  "decompress it first");
    }
  }
  compression_ = options.compression;
  if (compression_ == TextCompression::kAuto) {
    const bool gzipMagic = got >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
                           static_cast<unsigned char>(head[1]) == 0x8b;
    compression_ = gzipMagic                    ? TextCompression::kGzip
                   : endsWith(path, ".deflate") ? TextCompression::kZlib
                                                : TextCompression::kNone;
  }
  source_ = detail::openByteSource(fd,
                                   compression_ == TextCompression::kNone   ? detail::ByteCompression::kNone
                                   : compression_ == TextCompression::kGzip ? detail::ByteCompression::kGzip
                                                                            : detail::ByteCompression::kZlib,
                                   path, "text file", kInflateStyle);
  capacity_ = options.bufferBytes;
  buf_.reset(new char[capacity_]);

  // A binary file (a SequenceFile, TFRecord, an image) read as text would give garbage records.
  while (end_ < std::min<size_t>(capacity_, 4096) && fill() > 0) {
  }
  const size_t probe = std::min<size_t>(end_, 4096);
  if (const void* nul = std::memchr(buf_.get(), '\0', probe)) {
    const size_t at = static_cast<const char*>(nul) - buf_.get();
    RINGDL_FAIL("text file ", path, " is not text: byte ", at,
                compression_ == TextCompression::kNone ? "" : " of the decompressed stream",
                " is 0x00 (a SequenceFile, TFRecord, IDX or other binary file? give its format instead)");
  }
  RINGDL_CHECK(options.headerLines >= 0, "text file ", path, ": headerLines is ", options.headerLines,
               "; it must be 0 or more");
  for (int64_t h = 0; h < options_.headerLines; ++h) {
    size_t length = 0;
    const size_t consume = nextLine(length);
    if (consume == 0) {
      RINGDL_CHECK(h == 0, "text file ", path, " holds ", h, " line", h == 1 ? "" : "s", " but ",
                   options_.headerLines, " header lines are to be skipped (header_lines ",
                   options_.headerLines, "): the file is cut short, or header_lines is too large");
      break;  // an empty file: no header, no records
    }
    const char* line = buf_.get() + begin_;
    if (h == 0 && length >= 3 && std::memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
      line += 3;
      length -= 3;
    }
    if (length > 0 && line[length - 1] == '\r') --length;
    header_.assign(line, length);
    begin_ += consume;
    ++index_;
  }
}

TextLineReader::~TextLineReader() = default;

size_t TextLineReader::fill() {
  if (eof_ || !sourceError_.empty()) return 0;
  if (begin_ > 0) {  // the unread bytes to the front
    const size_t avail = end_ - begin_;
    std::memmove(buf_.get(), buf_.get() + begin_, avail);
    bufOffset_ += static_cast<int64_t>(begin_);
    begin_ = 0;
    end_ = avail;
  }
  if (end_ == capacity_) {  // one line fills the buffer: grow it (nextLine bounds this by maxLineBytes)
    const size_t grown = capacity_ * 2;
    std::unique_ptr<char[]> bigger(new char[grown]);
    std::memcpy(bigger.get(), buf_.get(), end_);
    buf_ = std::move(bigger);
    capacity_ = grown;
  }
  std::string error;
  const size_t got = source_->read(buf_.get() + end_, capacity_ - end_, error);
  if (got == 0) {
    if (error.empty())
      eof_ = true;
    else
      sourceError_ = error;
  }
  end_ += got;
  return got;
}

void TextLineReader::fail(const std::string& what) {
  failed_ = true;
  RINGDL_FAIL("file ", path_, ": line ", index_ + 1, " at byte ", offset(),
              compression_ == TextCompression::kNone ? "" : " of the decompressed stream", ": ", what);
}

size_t TextLineReader::nextLine(size_t& length) {
  for (;;) {
    const char* start = buf_.get() + begin_;
    const size_t avail = end_ - begin_;
    if (scanned_ < avail) {
      if (const void* nl = std::memchr(start + scanned_, '\n', avail - scanned_)) {
        length = static_cast<size_t>(static_cast<const char*>(nl) - start);
        scanned_ = 0;
        return length + 1;
      }
      scanned_ = avail;
    }
    if (avail > options_.maxLineBytes) {
      skipToBreak_ = true;
      scanned_ = 0;
      fail("the line is longer than " + std::to_string(options_.maxLineBytes) +
           " bytes without a line break (TextLineReaderOptions::maxLineBytes): not a text file, or a "
           "damaged one?");
    }
    if (fill() == 0) {
      if (!sourceError_.empty()) {
        sourceErrorReported_ = true;
        scanned_ = 0;
        fail(sourceError_);
      }
      scanned_ = 0;
      length = end_ - begin_;
      return length;  // the last line, without a line break (0: the end)
    }
  }
}

bool TextLineReader::nextView(RecordView& record) {
  for (;;) {
    size_t length = 0;
    const size_t consume = nextLine(length);
    if (consume == 0) return false;
    const char* line = buf_.get() + begin_;
    const int64_t lineOffset = offset();
    const int64_t lineIndex = index_;
    if (lineOffset == 0 && length >= 3 && std::memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
      line += 3;
      length -= 3;
    }
    if (length > 0 && line[length - 1] == '\r') --length;
    bool skip = false;
    if (options_.skipBlankLines || options_.comment != '\0') {
      size_t first = 0;
      while (first < length && (line[first] == ' ' || line[first] == '\t')) ++first;
      skip = (options_.skipBlankLines && first == length) ||
             (options_.comment != '\0' && first < length && line[first] == options_.comment);
    }
    // The line stays where it is until the next call: fill() moves or replaces the buffer only then.
    begin_ += consume;
    ++index_;
    failed_ = false;
    if (!skip) {
      record.value = std::string_view(line, length);
      record.key = record.keyType = record.valueType = std::string_view();
      record.offset = lineOffset;
      record.index = lineIndex;
      return true;
    }
  }
}

bool TextLineReader::next(Record& record) {
  RecordView view;
  if (!nextView(view)) return false;
  view.copyTo(record);
  return true;
}

bool TextLineReader::recover() {
  if (!failed_) return begin_ < end_ || fill() > 0;
  failed_ = false;
  if (!sourceError_.empty()) return false;
  if (skipToBreak_) {  // drop the over-long line, which counts as one line
    skipToBreak_ = false;
    for (;;) {
      if (const void* nl = std::memchr(buf_.get() + begin_, '\n', end_ - begin_)) {
        begin_ = static_cast<size_t>(static_cast<const char*>(nl) - buf_.get()) + 1;
        break;
      }
      begin_ = end_;
      if (fill() == 0) break;
    }
    ++index_;
  }
  return begin_ < end_ || fill() > 0;
}

// ---------------------------------------------------------------------------------------------------------
// The writer.

namespace detail {

class TextSink {
 public:
  virtual ~TextSink() = default;
  /// false on failure, with errno set where the system gave a reason.
  virtual bool write(const char* data, size_t n) = 0;
  virtual bool close() = 0;
};

}  // namespace detail

namespace {

class PlainTextSink : public detail::TextSink {
 public:
  explicit PlainTextSink(FILE* f) : f_(f) { std::setvbuf(f_, nullptr, _IOFBF, 1 << 18); }
  ~PlainTextSink() override {
    if (f_) std::fclose(f_);
  }
  bool write(const char* data, size_t n) override { return std::fwrite(data, 1, n, f_) == n; }
  bool close() override {
    const bool ok = std::fclose(f_) == 0;
    f_ = nullptr;
    return ok;
  }

 private:
  FILE* f_;
};

class GzipTextSink : public detail::TextSink {
 public:
  explicit GzipTextSink(gzFile f) : f_(f) { gzbuffer(f_, 1 << 18); }
  ~GzipTextSink() override {
    if (f_) gzclose(f_);
  }
  bool write(const char* data, size_t n) override {
    while (n > 0) {
      const unsigned chunk = static_cast<unsigned>(std::min<size_t>(n, 1u << 30));
      if (gzwrite(f_, data, chunk) != static_cast<int>(chunk)) return false;
      data += chunk;
      n -= chunk;
    }
    return true;
  }
  bool close() override {
    const bool ok = gzclose(f_) == Z_OK;
    f_ = nullptr;
    return ok;
  }

 private:
  gzFile f_;
};

}  // namespace

TextLineWriter::TextLineWriter(const std::string& path, bool gzip) : path_(path) {
  if (gzip) {
    gzFile f = gzopen(path.c_str(), "wb");
    RINGDL_CHECK(f != nullptr, "cannot create text file ", path, ": ", std::strerror(errno));
    sink_ = std::make_unique<GzipTextSink>(f);
  } else {
    FILE* f = std::fopen(path.c_str(), "wb");
    RINGDL_CHECK(f != nullptr, "cannot create text file ", path, ": ", std::strerror(errno));
    sink_ = std::make_unique<PlainTextSink>(f);
  }
}

TextLineWriter::~TextLineWriter() {
  try {
    close();
  } catch (const Error&) {
  }
}

void TextLineWriter::writeLine(std::string_view line) {
  RINGDL_CHECK(sink_ != nullptr, "text file ", path_, ": write after close()");
  RINGDL_CHECK(line.find('\n') == std::string_view::npos, "text file ", path_, ": line ", lines_ + 1,
               " holds a line break, so it would read back as two lines");
  const bool ok = sink_->write(line.data(), line.size()) && sink_->write("\n", 1);
  RINGDL_CHECK(ok, "writing text file ", path_, " failed at line ", lines_ + 1, ": ", std::strerror(errno),
               " (disk full?)");
  ++lines_;
}

void TextLineWriter::close() {
  if (!sink_) return;
  const bool ok = sink_->close();
  sink_.reset();
  RINGDL_CHECK(ok, "closing text file ", path_, " failed: ", std::strerror(errno), " (disk full?)");
}

RecordReaderFactory textRecordReaderFactory(const TextLineReaderOptions& options) {
  return [options](const std::string& path) -> RecordReaderPtr {
    return std::make_unique<TextLineReader>(path, options);
  };
}

// ---------------------------------------------------------------------------------------------------------
// Labels and messages.

const char* labelMappingName(LabelMapping mapping) {
  switch (mapping) {
    case LabelMapping::kZeroBased:
      return "zero_based";
    case LabelMapping::kOneBased:
      return "one_based";
    case LabelMapping::kSigned:
      return "signed";
    case LabelMapping::kValue:
      return "value";
  }
  return "unknown";
}

LabelMapping parseLabelMapping(const std::string& name) {
  if (name == "zero_based") return LabelMapping::kZeroBased;
  if (name == "one_based") return LabelMapping::kOneBased;
  if (name == "signed") return LabelMapping::kSigned;
  if (name == "value") return LabelMapping::kValue;
  RINGDL_FAIL(
      "unknown label mapping '", name,
      "'; expected zero_based (labels 0..K-1), one_based (1..K), signed (-1/+1) or value (regression)");
}

using detail::numberText;

std::string mapLabel(double written, LabelMapping mapping, int64_t numClasses, double& mapped) {
  if (!std::isfinite(written)) return "label " + numberText(written) + " is not a finite number";
  if (mapping == LabelMapping::kValue) {
    mapped = written;
    return "";
  }
  const std::string label = "label " + numberText(written);
  if (mapping == LabelMapping::kSigned) {
    if (written == -1 || written == 1) {
      mapped = written > 0 ? 1 : 0;
      return "";
    }
    return label + " is neither -1 nor +1, the two labels of the signed mapping (LibSVM's binary -1/+1)" +
           (written == 0 ? "; for 0/1 labels use zero_based" : "");
  }
  if (std::floor(written) != written)
    return label + " is not a whole number, so not a class index (for regression targets use the label " +
           "mapping value)";
  if (mapping == LabelMapping::kOneBased) {
    if (written < 1)
      return label + " is below 1, but the one_based mapping takes labels 1..K" +
             (written == 0    ? " (labels starting at 0 are zero_based)"
              : written == -1 ? " (LibSVM's binary -1/+1 labels: use signed)"
                              : "");
    if (numClasses > 0 && written > static_cast<double>(numClasses))
      return label + " is above the " + std::to_string(numClasses) + " classes (one_based: labels 1.." +
             std::to_string(numClasses) + ")";
    mapped = written - 1;
    return "";
  }
  if (written < 0)
    return label + " is negative, but zero_based labels are 0-based class indices" +
           (written == -1 ? " (LibSVM's binary -1/+1 labels: use the signed mapping)" : "");
  if (numClasses > 0 && written >= static_cast<double>(numClasses))
    return label + " is not a class index in [0, " + std::to_string(numClasses) + ")" +
           (written == static_cast<double>(numClasses)
                ? " (labels running 1.." + std::to_string(numClasses) + " are one_based)"
                : "");
  mapped = written;
  return "";
}

double unmapLabel(double label, LabelMapping mapping) {
  switch (mapping) {
    case LabelMapping::kOneBased:
      return label + 1;
    case LabelMapping::kSigned:
      RINGDL_CHECK(label == 0 || label == 1, "label ", label,
                   " cannot be written with the signed mapping, which holds only 0 (-1) and 1 (+1)");
      return label == 1 ? 1 : -1;
    case LabelMapping::kZeroBased:
    case LabelMapping::kValue:
      break;
  }
  return label;
}

std::string linePlace(const RecordView& record, const std::string& file) {
  return (file.empty() ? std::string() : "file " + file + ": ") + "line " + std::to_string(record.index + 1) +
         " at byte " + std::to_string(record.offset) + ": ";
}

std::string quoteText(std::string_view text, size_t limit) {
  std::string out = "\"";
  const size_t n = std::min(text.size(), limit);
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, c == '\t' ? "\\t" : "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  if (n < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace ringdl
