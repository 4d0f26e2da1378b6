// SequenceFile reading and writing: the header, Writable wrapping, the zlib and gzip codecs, sync markers,
// Hadoop's split rule and recovery after corrupt records.
#include "ringdl/data/sequence_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <vector>

#include "detail/inflate.h"
#include "ringdl/util/error.h"

namespace ringdl {
namespace {

constexpr size_t kSyncBytes = 16;
constexpr size_t kSyncSize = 4 + kSyncBytes;  // the escape (-1 as a record length) and the sync bytes
constexpr int64_t kMaxInt32 = std::numeric_limits<int32_t>::max();

uint32_t loadBE32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t(u[0]) << 24) | (uint32_t(u[1]) << 16) | (uint32_t(u[2]) << 8) | uint32_t(u[3]);
}

uint64_t loadBE64(const char* p) { return (uint64_t(loadBE32(p)) << 32) | loadBE32(p + 4); }

void appendBE32(std::string& out, uint32_t v) {
  const char bytes[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  out.append(bytes, 4);
}

std::string hexText(const char* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    const auto b = static_cast<unsigned char>(p[i]);
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

// Decodes a Hadoop vint/vlong from p[0..avail); returns its size in bytes, or 0 if avail is too short.
int decodeVInt(const char* p, size_t avail, int64_t& value) {
  if (avail == 0) return 0;
  const auto first = static_cast<int8_t>(p[0]);
  if (first >= -112) {
    value = first;
    return 1;
  }
  const bool negative = first < -120;
  const int size = negative ? -119 - first : -111 - first;  // 2 to 9, the first byte included
  if (avail < static_cast<size_t>(size)) return 0;
  uint64_t v = 0;
  for (int i = 1; i < size; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  value = static_cast<int64_t>(negative ? ~v : v);
  return size;
}

enum class WritableKind { kText, kBytes, kInt, kLong, kFloat, kOther };

WritableKind kindOf(const std::string& className) {
  if (className == kTextClass) return WritableKind::kText;
  if (className == kBytesWritableClass) return WritableKind::kBytes;
  if (className == kIntWritableClass) return WritableKind::kInt;
  if (className == kLongWritableClass) return WritableKind::kLong;
  if (className == kFloatWritableClass) return WritableKind::kFloat;
  return WritableKind::kOther;
}

// out = p[0..n), without std::string::assign's general path: records of one file mostly have one size, so the
// resize is usually a no-op and the copy is a plain memcpy.
__attribute__((always_inline)) inline void copyInto(std::string& out, const char* p, size_t n) {
  if (out.size() != n) out.resize(n);
  char* d = &out[0];
  if (n > 16) {
    std::memcpy(d, p, n);
  } else if (n >= 8) {  // short keys (labels, ids) without a call: two overlapping 8-byte moves
    uint64_t a, b;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
    std::memcpy(d, &a, 8);
    std::memcpy(d + n - 8, &b, 8);
  } else {
    for (size_t i = 0; i < n; ++i) d[i] = p[i];
  }
}

// A record handed back to next() usually holds the types already; comparing them word by word inline costs
// less than a call to memcmp or to std::string's assignment.
__attribute__((always_inline)) inline void setType(std::string& type, const std::string& className) {
  const size_t n = className.size();
  if (type.size() == n && n >= 8) {
    const char* a = type.data();
    const char* b = className.data();
    uint64_t x, y, diff = 0;
    for (size_t i = 0; i + 8 < n; i += 8) {
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      diff |= x ^ y;
    }
    std::memcpy(&x, a + n - 8, 8);  // the last 8 bytes, overlapping the loop's last word
    std::memcpy(&y, b + n - 8, 8);
    if ((diff | (x ^ y)) == 0) return;
  } else if (type == className) {
    return;
  }
  type = className;
}

const char* writableName(WritableKind kind) {
  switch (kind) {
    case WritableKind::kInt:
      return "IntWritable";
    case WritableKind::kLong:
      return "LongWritable";
    case WritableKind::kFloat:
      return "FloatWritable";
    default:
      return "Writable";
  }
}

// Unwraps the serialized Writable occupying exactly p[0..n) into out; false if it is not one (unwrapProblem
// says why).
__attribute__((always_inline)) inline bool unwrap(WritableKind kind, const char* p, size_t n,
                                                  std::string_view& out) {
  switch (kind) {
    case WritableKind::kText: {
      int64_t len = 0;
      const int size = decodeVInt(p, n, len);
      if (size == 0 || len < 0 || uint64_t(size) + uint64_t(len) != n) return false;
      out = std::string_view(p + size, static_cast<size_t>(len));
      return true;
    }
    case WritableKind::kBytes: {
      if (n < 4 || uint64_t(loadBE32(p)) + 4 != n) return false;  // a negative length is >= 2^31 here
      out = std::string_view(p + 4, n - 4);
      return true;
    }
    case WritableKind::kInt:
    case WritableKind::kFloat:
      if (n != 4) return false;
      break;
    case WritableKind::kLong:
      if (n != 8) return false;
      break;
    case WritableKind::kOther:
      break;
  }
  out = std::string_view(p, n);
  return true;
}

std::string unwrapProblem(WritableKind kind, const char* p, size_t n) {
  const std::string field = std::to_string(n);
  switch (kind) {
    case WritableKind::kText: {
      int64_t len = 0;
      const int size = decodeVInt(p, n, len);
      if (size == 0) return "its " + field + "-byte field ends inside the Text length (a Hadoop vint)";
      return "the Text length says " + std::to_string(len) + " bytes follow its " + std::to_string(size) +
             "-byte length, but the field holds " + field + " bytes in all";
    }
    case WritableKind::kBytes:
      if (n < 4)
        return "a BytesWritable starts with a 4-byte length, but the field holds " + field + " bytes";
      return "the BytesWritable length says " + std::to_string(static_cast<int32_t>(loadBE32(p))) +
             " bytes follow its 4-byte length, but the field holds " + field + " bytes in all";
    default:
      return std::string("an ") + writableName(kind) + " is " + (kind == WritableKind::kLong ? "8" : "4") +
             " bytes, but the field holds " + field;
  }
}

// ---- reading ----

// An open file read with pread, so a seek is only a new offset.
class InputFile {
 public:
  explicit InputFile(const std::string& path) : path_(path) {
    struct stat st;
    RINGDL_CHECK(::stat(path.c_str(), &st) == 0, "cannot open SequenceFile ", path, ": ",
                 std::strerror(errno));
    RINGDL_CHECK(!S_ISDIR(st.st_mode), "SequenceFile ", path,
                 " is a directory; give the shard files in it (part-00000, ...)");
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    RINGDL_CHECK(fd_ >= 0, "cannot open SequenceFile ", path, ": ", std::strerror(errno));
    if (::fstat(fd_, &st) != 0) {
      const int err = errno;
      ::close(fd_);
      RINGDL_FAIL("cannot read the size of SequenceFile ", path, ": ", std::strerror(err));
    }
    size_ = st.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  }
  ~InputFile() { ::close(fd_); }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  int64_t size() const { return size_; }

  // Reads up to n bytes at offset; fewer only at the end of the file.
  size_t readAt(int64_t offset, char* dst, size_t n) {
    size_t got = 0;
    while (got < n) {
      const ssize_t r = ::pread(fd_, dst + got, n - got, static_cast<off_t>(offset + int64_t(got)));
      if (r < 0 && errno == EINTR) continue;
      RINGDL_CHECK(r >= 0, "file ", path_, ": read error at byte ", offset + int64_t(got), ": ",
                   std::strerror(errno));
      if (r == 0) break;
      got += static_cast<size_t>(r);
    }
    return got;
  }

 private:
  std::string path_;
  int fd_ = -1;
  int64_t size_ = 0;
};

// A read buffer over an InputFile: ensure(n) makes the next n bytes contiguous in memory. Every read from the
// file starts at a page-aligned offset and lands at a page-aligned address: the kernel copies fastest when
// source and destination share their alignment (a malloc'd buffer's 16-byte offset made 256 KiB preads ~20%
// slower here). Bytes still unread when the buffer runs out move to just below the next page boundary, and
// the read continues from there.
class BufferedInput {
 public:
  static constexpr size_t kPage = 4096;

  BufferedInput(InputFile& file, size_t capacity)
      : file_(file),
        capacity_(capacity),
        size_((capacity + 2 * kPage - 1) / kPage * kPage),
        buf_(static_cast<char*>(std::aligned_alloc(kPage, size_))) {
    RINGDL_CHECK(buf_ != nullptr, "cannot allocate a ", size_, "-byte read buffer");
  }
  ~BufferedInput() { std::free(buf_); }
  BufferedInput(const BufferedInput&) = delete;
  BufferedInput& operator=(const BufferedInput&) = delete;

  int64_t position() const { return start_ + int64_t(pos_); }
  /// The most ensure() can make contiguous.
  size_t capacity() const { return capacity_; }
  const char* data() const { return buf_ + pos_; }
  size_t available() const { return len_ - pos_; }
  void skip(size_t n) { pos_ += n; }

  void seek(int64_t offset) {
    if (offset >= start_ + int64_t(valid_) && offset <= start_ + int64_t(len_)) {
      pos_ = static_cast<size_t>(offset - start_);
    } else {
      start_ = offset;
      pos_ = len_ = valid_ = 0;
    }
  }

  // Makes at least n (<= capacity) bytes available unless the file ends first, filling the whole buffer so
  // that reads stay large. Returns the bytes available.
  size_t ensure(size_t n) {
    if (len_ - pos_ >= n) return len_ - pos_;
    return refill(n);
  }

  __attribute__((noinline)) size_t refill(size_t n) {
    const int64_t unread = start_ + int64_t(pos_);  // the first byte not yet consumed
    const int64_t next = start_ + int64_t(len_);    // the first byte not in the buffer
    const int64_t readFrom = next / int64_t(kPage) * int64_t(kPage);
    // Keep [unread, readFrom) so that readFrom lands on a page boundary; re-read the rest of its page.
    const size_t keep = readFrom > unread ? size_t(readFrom - unread) : 0;
    const size_t at = (keep + kPage - 1) / kPage * kPage;
    if (keep > 0) std::memmove(buf_ + at - keep, buf_ + pos_, keep);
    start_ = readFrom - int64_t(at);
    pos_ = valid_ = size_t(unread - start_);
    len_ = at;
    while (len_ < pos_ + n) {
      const size_t got = file_.readAt(start_ + int64_t(len_), buf_ + len_, size_ - len_);
      if (got == 0) break;
      len_ += got;
    }
    if (len_ < pos_) len_ = pos_;  // a seek past the end of the file
    return len_ - pos_;
  }

  // Copies the next n bytes to dst (any n); returns how many there were.
  size_t read(char* dst, size_t n) {
    const size_t fromBuffer = std::min(n, available());
    std::memcpy(dst, data(), fromBuffer);
    pos_ += fromBuffer;
    if (fromBuffer == n) return n;
    const int64_t at = position();
    const size_t got = file_.readAt(at, dst + fromBuffer, n - fromBuffer);
    seek(at + int64_t(got));
    return fromBuffer + got;
  }

 private:
  InputFile& file_;
  size_t capacity_;
  size_t size_;  // allocated: capacity plus the slack that alignment can take
  char* buf_;
  int64_t start_ = 0;  // file offset of buf_[0]
  size_t valid_ = 0;   // buf_[valid_, len_) holds the file's bytes from start_ + valid_
  size_t pos_ = 0;
  size_t len_ = 0;
};

const char* codecHelp() {
  return "RingDL reads DefaultCodec (zlib), DeflateCodec and GzipCodec; re-export the data with "
         "org.apache.hadoop.io.compress.DefaultCodec (Spark: rdd.saveAsSequenceFile(path, "
         "Some(classOf[org.apache.hadoop.io.compress.DefaultCodec])); Hadoop jobs: "
         "mapreduce.output.fileoutputformat.compress.codec=org.apache.hadoop.io.compress.DefaultCodec) or "
         "without compression";
}

}  // namespace

// ---- SequenceFileReader ----

struct SequenceFileReader::Impl {
  std::string path;
  InputFile file;
  BufferedInput in;
  SequenceFileHeader header;
  WritableKind keyKind = WritableKind::kOther;
  WritableKind valueKind = WritableKind::kOther;
  bool plainRecords = false;  // uncompressed: nextBufferedRecord() applies
  // DefaultCodec, DeflateCodec and GzipCodec data: one zlib or gzip stream per value or block buffer, each
  // stream's first bytes telling which. Made on first use: uncompressed files never need one.
  std::unique_ptr<detail::Inflater> inflater;

  bool split = false;
  int64_t splitBegin = 0;
  int64_t splitEnd = std::numeric_limits<int64_t>::max();  // stop at the first sync marker at or after it
  bool done = false;
  int64_t index = 0;        // index of the next record
  int64_t recordIndex = 0;  // index of the record being read (for messages)

  // After an error: where the failed record or block started; where the next record starts if the error
  // left the framing intact (-1 otherwise); whether the error was inside a decoded block.
  bool failed = false;
  int64_t failOffset = 0;
  int64_t resumeOffset = -1;
  bool resumeInBlock = false;

  std::string large;     // a record or compressed buffer too big for the read buffer
  std::string inflated;  // a decompressed record value

  // The current block of a block-compressed file.
  int64_t blockOffset = 0;
  int64_t blockFirstIndex = 0;
  int64_t blockCount = -1;  // records in the block being read, -1 before the count is known
  std::string blockKeyLens, blockKeys, blockValueLens, blockValues;
  std::vector<uint32_t> keyLengths, valueLengths;
  size_t blockNext = 0;
  size_t keyPos = 0, valuePos = 0;

  // Small files get a buffer of their size (many small shards, many readers).
  explicit Impl(const std::string& p)
      : path(p), file(p), in(file, size_t(std::clamp<int64_t>(file.size(), 4096, int64_t(kBufferBytes)))) {}

  // Decompresses the one stream that must fill in[0..n) exactly into out. Returns "" or what is wrong.
  std::string inflateAll(const char* in, size_t n, std::string& out) {
    if (!inflater) inflater = std::make_unique<detail::Inflater>(detail::InflateFormat::kGzipOrZlib, false);
    return detail::inflateAll(*inflater, in, n, out);
  }

  std::string where(int64_t offset) const {
    std::string s = "file " + path + ": record " + std::to_string(recordIndex);
    if (split && splitBegin > header.headerBytes)
      s += " of the split [" + std::to_string(splitBegin) + ", " + std::to_string(splitEnd) + ")";
    return s + " at byte " + std::to_string(offset);
  }

  std::string blockWhere() const {
    std::string s = where(blockOffset) + " (in the block at byte " + std::to_string(blockOffset);
    if (blockCount > 0)
      s += ", records " + std::to_string(blockFirstIndex) + " to " +
           std::to_string(blockFirstIndex + blockCount - 1);
    return s + ")";
  }

  // A record or block that cannot be framed: recover() looks for the next sync marker.
  [[noreturn]] void fail(int64_t offset, const std::string& what) {
    failed = true;
    failOffset = offset;
    resumeOffset = -1;
    resumeInBlock = false;
    index = recordIndex + 1;
    RINGDL_FAIL(where(offset), ": ", what);
  }

  [[noreturn]] void failBlock(const std::string& what) {
    const std::string message = blockWhere() + ": " + what;
    failed = true;
    failOffset = blockOffset;
    resumeOffset = -1;
    resumeInBlock = false;
    index = blockFirstIndex + std::max<int64_t>(blockCount, 1);
    blockCount = -1;
    blockNext = 0;
    RINGDL_FAIL(message);
  }

  [[noreturn]] void failHeader(int64_t offset, const std::string& what) {
    RINGDL_FAIL("file ", path, ": header at byte ", offset, ": ", what);
  }

  // ---- the header ----

  std::string headerBytes(size_t n, const char* what) {
    const int64_t at = in.position();
    if (int64_t(n) > file.size() - at)
      failHeader(at, std::string("the file ends in the ") + what + " (" + std::to_string(n) +
                         " bytes expected, " + std::to_string(std::max<int64_t>(file.size() - at, 0)) +
                         " left): the file is truncated");
    std::string s(n, '\0');
    in.read(&s[0], n);
    return s;
  }

  std::string headerText(const char* what) {
    const int64_t at = in.position();
    const size_t avail = in.ensure(9);
    int64_t len = 0;
    const int size = decodeVInt(in.data(), avail, len);
    if (size == 0) failHeader(at, std::string("the file ends in the length of the ") + what + ": truncated");
    if (len < 0) failHeader(at, std::string("negative length ") + std::to_string(len) + " of the " + what);
    in.skip(size);
    return headerBytes(static_cast<size_t>(len), what);
  }

  // Versions 2 and 3 wrote class names as Java's UTF8: an unsigned 16-bit length and the bytes.
  std::string headerUtf8(const char* what) {
    const std::string len = headerBytes(2, what);
    return headerBytes((size_t(uint8_t(len[0])) << 8) | uint8_t(len[1]), what);
  }

  bool headerBool(const char* what) {
    const int64_t at = in.position();
    const std::string b = headerBytes(1, what);
    if (b[0] != 0 && b[0] != 1)
      failHeader(at, std::string("the ") + what + " flag is " + std::to_string(uint8_t(b[0])) +
                         ", expected 0 or 1: the header is corrupt");
    return b[0] == 1;
  }

  void readHeader() {
    RINGDL_CHECK(file.size() > 0, "file ", path, " is empty: not a SequenceFile");
    const size_t avail = in.ensure(4);
    const char* p = in.data();
    if (avail < 3 || std::memcmp(p, "SEQ", 3) != 0) {
      std::string seen = hexText(p, std::min<size_t>(avail, 4));
      bool printable = true;
      for (size_t i = 0; i < std::min<size_t>(avail, 4); ++i)
        printable = printable && p[i] >= 0x20 && p[i] < 0x7f;
      if (printable) seen += " (\"" + std::string(p, std::min<size_t>(avail, 4)) + "\")";
      const bool gzip = avail >= 2 && uint8_t(p[0]) == 0x1f && uint8_t(p[1]) == 0x8b;
      failHeader(0,
                 "not a SequenceFile: it starts with " + seen + ", not \"SEQ\"" +
                     (gzip ? " (a gzip file: SequenceFiles are compressed inside, never as a whole)" : ""));
    }
    if (avail < 4) failHeader(3, "the file ends before the version byte: truncated");
    const int version = static_cast<uint8_t>(p[3]);
    if (version > 6)
      failHeader(3, "unsupported SequenceFile version " + std::to_string(version) +
                        ": RingDL reads versions 2 to 6 (Hadoop writes 6)");
    if (version < 2)
      failHeader(
          3, "unsupported SequenceFile version " + std::to_string(version) +
                 " (no sync markers): RingDL reads versions 2 to 6; rewrite the file with a current Hadoop");
    in.skip(4);
    header.version = version;
    if (version < 4) {
      header.keyClass = headerUtf8("key class name");
      header.valueClass = headerUtf8("value class name");
    } else {
      header.keyClass = headerText("key class name");
      header.valueClass = headerText("value class name");
    }
    header.compressed = version > 2 && headerBool("compression");
    const int64_t blockFlagAt = in.position();
    header.blockCompressed = version >= 4 && headerBool("block compression");
    if (header.blockCompressed && !header.compressed)
      failHeader(blockFlagAt, "block compression is on but compression is off: the header is corrupt");
    if (header.compressed) {
      const int64_t codecAt = in.position();
      header.codecClass = version >= 5 ? headerText("codec class name") : std::string(kDefaultCodecClass);
      if (header.codecClass != kDefaultCodecClass && header.codecClass != kDeflateCodecClass &&
          header.codecClass != kGzipCodecClass)
        failHeader(codecAt, "compression codec " + header.codecClass + " is not supported. " + codecHelp());
    }
    if (version >= 6) {
      const int64_t at = in.position();
      const std::string count = headerBytes(4, "metadata entry count");
      const auto n = static_cast<int32_t>(loadBE32(count.data()));
      if (n < 0)
        failHeader(at, "negative metadata entry count " + std::to_string(n) + ": the header is corrupt");
      if (int64_t(n) * 2 > file.size() - in.position())
        failHeader(at, "metadata entry count " + std::to_string(n) + " needs at least " +
                           std::to_string(2 * n) + " more bytes than the file has: corrupt or truncated");
      for (int32_t i = 0; i < n; ++i) {
        std::string key = headerText("metadata key");
        header.metadata[key] = headerText("metadata value");
      }
    }
    header.sync = headerBytes(kSyncBytes, "sync marker");
    header.headerBytes = in.position();
    keyKind = kindOf(header.keyClass);
    valueKind = kindOf(header.valueClass);
    plainRecords = !header.compressed;
  }

  // ---- sync markers ----

  // The escape offset of the first sync marker whose escape starts at or after `from` and before `limit`,
  // or -1. Like Hadoop, matches the 16 sync bytes only.
  int64_t findSync(int64_t from, int64_t limit) {
    const std::boyer_moore_horspool_searcher<std::string::const_iterator> searcher(header.sync.begin(),
                                                                                   header.sync.end());
    in.seek(from + 4);
    for (;;) {
      if (in.position() - 4 >= limit) return -1;
      const size_t avail = in.ensure(in.capacity());
      if (avail < kSyncBytes) return -1;
      const char* p = in.data();
      const char* hit = std::search(p, p + avail, searcher);
      if (hit != p + avail) {
        const int64_t escape = in.position() + (hit - p) - 4;
        return escape < limit ? escape : -1;
      }
      in.skip(avail - (kSyncBytes - 1));
    }
  }

  // Reads the 20-byte marker at the current position (its escape already checked by the caller).
  void checkSync(int64_t at) {
    if (in.ensure(kSyncSize) < kSyncSize)
      fail(at, "the file ends inside a sync marker (" + std::to_string(file.size() - at) +
                   " of 20 bytes): the file is truncated");
    if (std::memcmp(in.data() + 4, header.sync.data(), kSyncBytes) != 0)
      fail(at, "bad sync marker: expected " + hexText(header.sync.data(), kSyncBytes) + ", found " +
                   hexText(in.data() + 4, kSyncBytes) + ": the file is corrupt");
    in.skip(kSyncSize);
  }

  // ---- records ----

  // Points `body` at the next n bytes and moves past them: in the read buffer if they fit, else in `large`.
  const char* take(int64_t at, size_t n) {
    if (n <= in.capacity()) {
      if (in.ensure(n) < n) fail(at, "the file ends inside the record: it is truncated");
      const char* body = in.data();
      in.skip(n);
      return body;
    }
    large.resize(n);
    if (in.read(&large[0], n) != n) fail(at, "the file ends inside the record: it is truncated");
    return large.data();
  }

  void unwrapField(WritableKind kind, const std::string& className, const char* p, size_t n, std::string_view& out,
                   const char* field, bool inBlock) {
    if (!unwrap(kind, p, n, out)) failUnwrap(kind, className, p, n, field, inBlock);
  }

  [[noreturn]] __attribute__((noinline)) void failUnwrap(WritableKind kind, const std::string& className,
                                                         const char* p, size_t n, const char* field,
                                                         bool inBlock) {
    const std::string problem = unwrapProblem(kind, p, n);
    // The record's framing was sound: recover() goes on with the next record.
    failed = true;
    resumeInBlock = inBlock;
    resumeOffset = inBlock ? -1 : in.position();
    failOffset = inBlock ? blockOffset : failOffset;
    index = recordIndex + 1;
    RINGDL_FAIL(inBlock ? blockWhere() : where(failOffset), ": ", field, " (", className, "): ", problem);
  }

  // The common case, kept small so that it inlines into next(): an uncompressed record wholly in the buffer.
  // False (nothing consumed) for anything else (a sync marker, the buffer's end, a bad field), which
  // nextRecord() then reads with every check and message.
  bool nextBufferedRecord(RecordView& r) {
    const size_t avail = in.available();
    if (avail < 8) return false;
    const char* p = in.data();
    const uint32_t length = loadBE32(p);
    const uint32_t keyLength = loadBE32(p + 4);
    if (length > uint32_t(kMaxInt32) || keyLength > length || size_t(length) + 8 > avail) return false;
    if (!unwrap(keyKind, p + 8, keyLength, r.key) ||
        !unwrap(valueKind, p + 8 + keyLength, length - keyLength, r.value))
      return false;
    r.offset = in.position();
    r.index = index++;
    in.skip(size_t(length) + 8);
    r.keyType = header.keyClass;
    r.valueType = header.valueClass;
    return true;
  }

  bool nextRecord(RecordView& r) {
    for (;;) {
      const int64_t at = in.position();
      recordIndex = index;
      const size_t avail = in.ensure(8);
      if (avail == 0) return false;
      if (avail < 4)
        fail(at, "the file ends " + std::to_string(avail) + " bytes into a record length: it is truncated");
      const auto length = static_cast<int32_t>(loadBE32(in.data()));
      if (length == -1) {
        checkSync(at);
        if (at >= splitEnd) return false;
        continue;
      }
      if (length < 0)
        fail(at, "negative record length " + std::to_string(length) +
                     " (only -1, a sync marker, may be negative)");
      if (avail < 8)
        fail(at,
             "the file ends " + std::to_string(avail) + " bytes into a record's 8-byte lengths: truncated");
      const auto keyLength = static_cast<int32_t>(loadBE32(in.data() + 4));
      if (keyLength < 0 || keyLength > length)
        fail(at, "key length " + std::to_string(keyLength) + " outside the record length " +
                     std::to_string(length) + ": the file is corrupt");
      if (int64_t(length) > file.size() - at - 8)
        fail(at, "the record length says " + std::to_string(length) + " bytes follow, but the file ends " +
                     std::to_string(file.size() - at - 8) + " bytes later: truncated (or a corrupt length)");
      in.skip(8);
      const char* body = take(at, static_cast<size_t>(length));
      failOffset = at;
      r.offset = at;
      r.index = recordIndex;
      index = recordIndex + 1;
      unwrapField(keyKind, header.keyClass, body, size_t(keyLength), r.key, "key", false);
      const char* value = body + keyLength;
      size_t valueLength = size_t(length - keyLength);
      if (header.compressed) {
        const std::string problem = inflateAll(value, valueLength, inflated);
        if (!problem.empty()) {
          failed = true;
          resumeOffset = in.position();
          RINGDL_FAIL(where(at), ": compressed value (", header.codecClass, "): ", problem);
        }
        value = inflated.data();
        valueLength = inflated.size();
      }
      unwrapField(valueKind, header.valueClass, value, valueLength, r.value, "value", false);
      r.keyType = header.keyClass;
      r.valueType = header.valueClass;
      return true;
    }
  }

  // ---- blocks ----

  int64_t blockVInt(const char* what) {
    const int64_t at = in.position();
    const size_t avail = in.ensure(9);
    int64_t v = 0;
    const int size = decodeVInt(in.data(), avail, v);
    if (size == 0)
      failBlock(std::string("the file ends inside the ") + what + " at byte " + std::to_string(at) +
                ": it is truncated");
    in.skip(size);
    if (v < 0 || v > kMaxInt32)
      failBlock(std::string("the ") + what + " at byte " + std::to_string(at) + " is " + std::to_string(v) +
                ", outside 0 to 2^31-1: the file is corrupt");
    return v;
  }

  void blockBuffer(std::string& out, const char* what) {
    const int64_t length = blockVInt((std::string("length of the compressed ") + what).c_str());
    const int64_t at = in.position();
    if (length > file.size() - at)
      failBlock(std::string("the compressed ") + what + " at byte " + std::to_string(at) + " is " +
                std::to_string(length) + " bytes, but the file ends " + std::to_string(file.size() - at) +
                " bytes later: truncated (or a corrupt length)");
    const char* p = take(at, static_cast<size_t>(length));
    const std::string problem = inflateAll(p, static_cast<size_t>(length), out);
    if (!problem.empty())
      failBlock(std::string("the compressed ") + what + " at byte " + std::to_string(at) + " (" +
                header.codecClass + "): " + problem);
  }

  // Decodes the `count` vint lengths in `lens` into out; they must fill `lens` and sum to `total`.
  void blockLengths(const std::string& lens, size_t total, std::vector<uint32_t>& out, const char* what) {
    out.clear();
    size_t pos = 0;
    uint64_t sum = 0;
    for (int64_t i = 0; i < blockCount; ++i) {
      int64_t v = 0;
      const int size = decodeVInt(lens.data() + pos, lens.size() - pos, v);
      if (size == 0)
        failBlock(std::string("the ") + what + " lengths end after " + std::to_string(i) + " of " +
                  std::to_string(blockCount) + " records");
      if (v < 0 || v > kMaxInt32)
        failBlock(std::string("record ") + std::to_string(recordIndex + i) + " has " + what + " length " +
                  std::to_string(v));
      pos += size_t(size);
      sum += uint64_t(v);
      out.push_back(static_cast<uint32_t>(v));
    }
    if (pos != lens.size())
      failBlock(std::to_string(lens.size() - pos) + " bytes follow the " + std::to_string(blockCount) + " " +
                what + " lengths: the block is corrupt");
    if (sum != total)
      failBlock(std::string("the ") + what + " lengths add up to " + std::to_string(sum) +
                " bytes, but the " + what + "s take " + std::to_string(total) + ": the block is corrupt");
  }

  // Reads the next block; false at the end of the file or of the split.
  bool readBlock() {
    const int64_t at = in.position();
    recordIndex = index;
    blockFirstIndex = index;
    blockOffset = at;
    blockCount = -1;
    const size_t avail = in.ensure(kSyncSize);
    if (avail == 0) return false;
    if (avail < 4)
      fail(at,
           "the file ends " + std::to_string(avail) + " bytes into the sync marker of a block: truncated");
    const auto escape = static_cast<int32_t>(loadBE32(in.data()));
    if (escape != -1)
      fail(at, "expected the sync marker that starts every block (-1, then the 16 sync bytes), found " +
                   hexText(in.data(), 4) + ": the file is corrupt");
    checkSync(at);
    if (at >= splitEnd) return false;
    blockCount = blockVInt("record count");
    // Every record takes at least one byte of key-length and value-length data (checked after inflation).
    blockBuffer(blockKeyLens, "key lengths");
    blockBuffer(blockKeys, "keys");
    blockBuffer(blockValueLens, "value lengths");
    blockBuffer(blockValues, "values");
    if (size_t(blockCount) > blockKeyLens.size() || size_t(blockCount) > blockValueLens.size())
      failBlock("the block says " + std::to_string(blockCount) + " records but holds " +
                std::to_string(blockKeyLens.size()) + " bytes of key lengths and " +
                std::to_string(blockValueLens.size()) + " of value lengths (at least 1 byte per record)");
    blockLengths(blockKeyLens, blockKeys.size(), keyLengths, "key");
    blockLengths(blockValueLens, blockValues.size(), valueLengths, "value");
    blockNext = 0;
    keyPos = valuePos = 0;
    return true;
  }

  bool nextBlockRecord(RecordView& r) {
    while (blockCount < 0 || blockNext >= size_t(blockCount)) {
      if (!readBlock()) {
        blockCount = -1;
        return false;
      }
    }
    const size_t i = blockNext++;
    recordIndex = index++;
    r.offset = blockOffset;
    r.index = recordIndex;
    const char* key = blockKeys.data() + keyPos;
    const char* value = blockValues.data() + valuePos;
    keyPos += keyLengths[i];
    valuePos += valueLengths[i];
    unwrapField(keyKind, header.keyClass, key, keyLengths[i], r.key, "key", true);
    unwrapField(valueKind, header.valueClass, value, valueLengths[i], r.value, "value", true);
    r.keyType = header.keyClass;
    r.valueType = header.valueClass;
    return true;
  }
};

SequenceFileReader::SequenceFileReader(const std::string& path) : impl_(std::make_unique<Impl>(path)) {
  impl_->readHeader();
}

SequenceFileReader::SequenceFileReader(const std::string& path, int64_t splitBegin, int64_t splitEnd)
    : impl_(std::make_unique<Impl>(path)) {
  RINGDL_CHECK(splitBegin >= 0 && splitBegin <= splitEnd, "SequenceFile ", path, ": bad split [", splitBegin,
               ", ", splitEnd, "): need 0 <= begin <= end");
  Impl& s = *impl_;
  s.readHeader();
  s.split = true;
  s.splitBegin = splitBegin;
  s.splitEnd = splitEnd;
  // As Hadoop's SequenceFileRecordReader: a split that begins in the header starts at the first record, any
  // other at its first sync marker; a split that starts at or after its end is empty.
  if (splitBegin <= s.header.headerBytes) {
    s.done = s.header.headerBytes >= splitEnd;
  } else {
    const int64_t first = s.findSync(splitBegin, splitEnd);
    s.done = first < 0;
    if (first >= 0) s.in.seek(first);
  }
}

SequenceFileReader::~SequenceFileReader() = default;

bool SequenceFileReader::nextView(RecordView& view) {
  Impl& s = *impl_;
  if (s.plainRecords && !s.failed && !s.done && s.nextBufferedRecord(view)) return true;
  if (s.failed && !recover()) return false;
  if (s.done) return false;
  const bool more = s.header.blockCompressed ? s.nextBlockRecord(view) : s.nextRecord(view);
  if (!more) s.done = true;
  return more;
}

bool SequenceFileReader::next(Record& record) {
  RecordView view;
  if (!nextView(view)) return false;
  copyInto(record.key, view.key.data(), view.key.size());
  copyInto(record.value, view.value.data(), view.value.size());
  setType(record.keyType, impl_->header.keyClass);
  setType(record.valueType, impl_->header.valueClass);
  record.offset = view.offset;
  record.index = view.index;
  return true;
}

bool SequenceFileReader::recover() {
  Impl& s = *impl_;
  if (!s.failed) return !s.done;
  s.failed = false;
  if (s.resumeInBlock) {  // the rest of the block is sound
    s.resumeInBlock = false;
    return true;
  }
  if (s.resumeOffset >= 0) {  // the next record starts here
    s.in.seek(s.resumeOffset);
    s.resumeOffset = -1;
    return true;
  }
  s.blockCount = -1;
  const int64_t sync = s.findSync(s.failOffset + 1, s.splitEnd);
  if (sync < 0) {
    s.done = true;
    return false;
  }
  s.in.seek(sync);
  return true;
}

const std::string& SequenceFileReader::path() const { return impl_->path; }
const SequenceFileHeader& SequenceFileReader::header() const { return impl_->header; }
int64_t SequenceFileReader::fileSize() const { return impl_->file.size(); }

// ---- SequenceFileWriter ----

namespace {

// Compresses whole units (a record value or a block buffer) into one zlib or gzip stream each, as Hadoop's
// codecs do after resetState().
class Deflater {
 public:
  explicit Deflater(bool gzip) {
    std::memset(&stream_, 0, sizeof stream_);
    RINGDL_CHECK(deflateInit2(&stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip ? 16 + MAX_WBITS : MAX_WBITS,
                              8, Z_DEFAULT_STRATEGY) == Z_OK,
                 "cannot initialise zlib");
  }
  ~Deflater() { deflateEnd(&stream_); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  void compress(const char* in, size_t n, std::string& out) {
    deflateReset(&stream_);
    out.resize(deflateBound(&stream_, static_cast<uLong>(n)));
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
    stream_.avail_in = static_cast<uInt>(n);
    stream_.next_out = reinterpret_cast<Bytef*>(&out[0]);
    stream_.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&stream_, Z_FINISH);
    RINGDL_CHECK(rc == Z_STREAM_END, "zlib deflate failed (", rc, ")");
    out.resize(out.size() - stream_.avail_out);
  }

 private:
  z_stream stream_;
};

// Bytes the wrapper of a Writable adds before its payload.
size_t wrapperSize(WritableKind kind, size_t n) {
  if (kind == WritableKind::kText) return size_t(hadoopVIntSize(int64_t(n)));
  if (kind == WritableKind::kBytes) return 4;
  return 0;
}

void appendWrapped(WritableKind kind, std::string_view bytes, std::string& out) {
  if (kind == WritableKind::kText) writeHadoopVInt(out, int64_t(bytes.size()));
  if (kind == WritableKind::kBytes) appendBE32(out, static_cast<uint32_t>(bytes.size()));
  out.append(bytes.data(), bytes.size());
}

std::string sixteenRandomBytes() {
  std::seed_seq seed{
      static_cast<uint64_t>(std::chrono::high_resolution_clock::now().time_since_epoch().count()),
      static_cast<uint64_t>(::getpid())};
  std::mt19937_64 gen(seed);
  try {
    std::random_device device;
    gen.seed((uint64_t(device()) << 32) ^ device() ^ gen());
  } catch (const std::exception&) {
    // no entropy source: the clock and the process id are unique enough for a sync marker
  }
  std::string s;
  for (int i = 0; i < 2; ++i) {
    const uint64_t v = gen();
    for (int b = 0; b < 8; ++b) s += char(v >> (8 * b));
  }
  return s;
}

}  // namespace

struct SequenceFileWriter::Impl {
  std::string path;
  int fd = -1;
  std::string keyClass, valueClass;
  WritableKind keyKind, valueKind;
  SequenceFileWriterOptions options;
  std::string sync;
  std::unique_ptr<Deflater> deflater;
  std::string out;      // bytes not yet written to fd
  int64_t written = 0;  // bytes written to fd
  int64_t lastSync = 0;
  int64_t records = 0;
  bool closed = false;
  bool broken = false;
  std::string keyLens, keys, valueLens, values;  // the block being collected
  int64_t blockRecords = 0;
  std::string scratch, compressed;
  std::string compressedBlock[4];

  int64_t position() const { return written + int64_t(out.size()); }

  void flushOut() {
    size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = ::write(fd, out.data() + done, out.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        broken = true;
        RINGDL_FAIL("cannot write SequenceFile ", path, " (", written + int64_t(done),
                    " bytes written): ", n < 0 ? std::strerror(errno) : "no progress");
      }
      done += size_t(n);
    }
    written += int64_t(out.size());
    out.clear();
  }

  void maybeFlush() {
    if (out.size() >= (size_t(1) << 20)) flushOut();
  }

  void writeSync() {
    if (lastSync == position()) return;
    appendBE32(out, 0xFFFFFFFFu);
    out += sync;
    lastSync = position();
  }

  void writeHeader() {
    out.append("SEQ\x06", 4);
    appendWrapped(WritableKind::kText, keyClass, out);
    appendWrapped(WritableKind::kText, valueClass, out);
    const bool compressed = options.compression != SequenceFileCompression::kNone;
    out += char(compressed ? 1 : 0);
    out += char(options.compression == SequenceFileCompression::kBlock ? 1 : 0);
    if (compressed)
      appendWrapped(WritableKind::kText,
                    options.codec == SequenceFileCodec::kGzip ? kGzipCodecClass : kDefaultCodecClass, out);
    appendBE32(out, static_cast<uint32_t>(options.metadata.size()));
    for (const auto& [key, value] : options.metadata) {
      appendWrapped(WritableKind::kText, key, out);
      appendWrapped(WritableKind::kText, value, out);
    }
    out += sync;
  }

  void checkField(WritableKind kind, const std::string& className, std::string_view bytes,
                  const char* field) {
    const size_t want = kind == WritableKind::kLong ? 8 : 4;
    if (kind == WritableKind::kInt || kind == WritableKind::kLong || kind == WritableKind::kFloat)
      RINGDL_CHECK(bytes.size() == want, "SequenceFile ", path, ": record ", records, ": the ", field, " (",
                   className, ") must be ", want, " big-endian bytes, got ", bytes.size(),
                   " (intWritable(), longWritable() and floatWritable() make them)");
    RINGDL_CHECK(int64_t(bytes.size()) <= kMaxInt32 - 9, "SequenceFile ", path, ": record ", records,
                 ": the ", field, " is ", bytes.size(),
                 " bytes; a SequenceFile record is at most 2^31-1 bytes");
  }

  // Compresses all four buffers before writing anything, so that a block too big for the format leaves the
  // file as it was.
  void flushBlock() {
    if (blockRecords == 0) return;
    const std::string* buffers[4] = {&keyLens, &keys, &valueLens, &values};
    for (int i = 0; i < 4; ++i) {
      deflater->compress(buffers[i]->data(), buffers[i]->size(), compressedBlock[i]);
      RINGDL_CHECK(int64_t(compressedBlock[i].size()) <= kMaxInt32, "SequenceFile ", path, ": a block of ",
                   blockRecords, " records compresses to ", compressedBlock[i].size(),
                   " bytes in one buffer; the format allows 2^31-1 (use a smaller block size)");
    }
    writeSync();
    writeHadoopVInt(out, blockRecords);
    for (const std::string& z : compressedBlock) {
      writeHadoopVInt(out, int64_t(z.size()));
      out += z;
      maybeFlush();
    }
    keyLens.clear();
    keys.clear();
    valueLens.clear();
    values.clear();
    blockRecords = 0;
  }

  void append(std::string_view key, std::string_view value) {
    RINGDL_CHECK(!closed, "SequenceFile ", path, ": append after close()");
    RINGDL_CHECK(!broken, "SequenceFile ", path, ": append after a failed write");
    checkField(keyKind, keyClass, key, "key");
    checkField(valueKind, valueClass, value, "value");
    const int64_t keyBytes = int64_t(wrapperSize(keyKind, key.size()) + key.size());
    if (options.compression == SequenceFileCompression::kBlock) {
      // A buffer holds at most 2^31-1 bytes: a record that would overflow one starts the next block.
      const int64_t valueBytes = int64_t(wrapperSize(valueKind, value.size()) + value.size());
      if (int64_t(keys.size()) + keyBytes > kMaxInt32 || int64_t(values.size()) + valueBytes > kMaxInt32)
        flushBlock();
      const size_t keysBefore = keys.size(), valuesBefore = values.size();
      appendWrapped(keyKind, key, keys);
      appendWrapped(valueKind, value, values);
      writeHadoopVInt(keyLens, int64_t(keys.size() - keysBefore));
      writeHadoopVInt(valueLens, int64_t(values.size() - valuesBefore));
      ++blockRecords;
      ++records;
      if (int64_t(keys.size() + values.size()) >= options.blockSize) flushBlock();
      return;
    }
    int64_t valueBytes = int64_t(wrapperSize(valueKind, value.size()) + value.size());
    if (options.compression == SequenceFileCompression::kRecord) {
      scratch.clear();
      appendWrapped(valueKind, value, scratch);
      deflater->compress(scratch.data(), scratch.size(), compressed);
      valueBytes = int64_t(compressed.size());
    }
    RINGDL_CHECK(keyBytes + valueBytes <= kMaxInt32, "SequenceFile ", path, ": record ", records, " is ",
                 keyBytes + valueBytes, " bytes serialized; a SequenceFile record is at most 2^31-1 bytes");
    if (position() >= lastSync + options.syncInterval) writeSync();
    appendBE32(out, static_cast<uint32_t>(keyBytes + valueBytes));
    appendBE32(out, static_cast<uint32_t>(keyBytes));
    appendWrapped(keyKind, key, out);
    if (options.compression == SequenceFileCompression::kRecord)
      out += compressed;
    else
      appendWrapped(valueKind, value, out);
    ++records;
    maybeFlush();
  }

  void close() {
    if (closed) return;
    closed = true;
    try {
      if (!broken) {
        flushBlock();
        flushOut();
      }
    } catch (...) {
      ::close(fd);
      throw;
    }
    const bool wasBroken = broken;
    if (::close(fd) != 0 && !wasBroken)
      RINGDL_FAIL("cannot write SequenceFile ", path, " (closing it failed): ", std::strerror(errno));
    RINGDL_CHECK(!wasBroken, "SequenceFile ", path, " is incomplete: an earlier write failed");
  }
};

SequenceFileWriter::SequenceFileWriter(const std::string& path, const std::string& keyClass,
                                       const std::string& valueClass,
                                       const SequenceFileWriterOptions& options)
    : impl_(std::make_unique<Impl>()) {
  Impl& w = *impl_;
  RINGDL_CHECK(!keyClass.empty() && !valueClass.empty(), "SequenceFile ", path,
               ": the key and value class names must not be empty (e.g. ", kTextClass, ")");
  RINGDL_CHECK(options.syncInterval >= 0, "SequenceFile ", path, ": negative sync interval ",
               options.syncInterval);
  RINGDL_CHECK(options.blockSize >= 0, "SequenceFile ", path, ": negative block size ", options.blockSize);
  w.path = path;
  w.keyClass = keyClass;
  w.valueClass = valueClass;
  w.keyKind = kindOf(keyClass);
  w.valueKind = kindOf(valueClass);
  w.options = options;
  w.sync = sixteenRandomBytes();
  if (options.compression != SequenceFileCompression::kNone)
    w.deflater = std::make_unique<Deflater>(options.codec == SequenceFileCodec::kGzip);
  w.fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  RINGDL_CHECK(w.fd >= 0, "cannot create SequenceFile ", path, ": ", std::strerror(errno));
  w.writeHeader();
}

SequenceFileWriter::~SequenceFileWriter() {
  try {
    impl_->close();
  } catch (const std::exception&) {
    // close() reports errors; a destructor must not throw
  }
}

void SequenceFileWriter::append(std::string_view key, std::string_view value) { impl_->append(key, value); }
void SequenceFileWriter::close() { impl_->close(); }
const std::string& SequenceFileWriter::path() const { return impl_->path; }
int64_t SequenceFileWriter::records() const { return impl_->records; }
int64_t SequenceFileWriter::bytes() const { return impl_->position(); }
const std::string& SequenceFileWriter::sync() const { return impl_->sync; }

// ---- Writable helpers ----

int32_t writableInt(std::string_view bytes) {
  RINGDL_CHECK(bytes.size() == 4, "an IntWritable is 4 big-endian bytes, got ", bytes.size());
  return static_cast<int32_t>(loadBE32(bytes.data()));
}

int64_t writableLong(std::string_view bytes) {
  RINGDL_CHECK(bytes.size() == 8, "a LongWritable is 8 big-endian bytes, got ", bytes.size());
  return static_cast<int64_t>(loadBE64(bytes.data()));
}

float writableFloat(std::string_view bytes) {
  RINGDL_CHECK(bytes.size() == 4, "a FloatWritable is 4 big-endian bytes, got ", bytes.size());
  const uint32_t bits = loadBE32(bytes.data());
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

std::string intWritable(int32_t value) {
  std::string s;
  appendBE32(s, static_cast<uint32_t>(value));
  return s;
}

std::string longWritable(int64_t value) {
  std::string s;
  appendBE32(s, static_cast<uint32_t>(uint64_t(value) >> 32));
  appendBE32(s, static_cast<uint32_t>(value));
  return s;
}

std::string floatWritable(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  std::string s;
  appendBE32(s, bits);
  return s;
}

int hadoopVIntSize(int64_t value) {
  if (value >= -112 && value <= 127) return 1;
  uint64_t v = static_cast<uint64_t>(value < 0 ? ~value : value);
  int bytes = 0;
  while (v != 0) {
    v >>= 8;
    ++bytes;
  }
  return bytes + 1;
}

void writeHadoopVInt(std::string& out, int64_t value) {
  if (value >= -112 && value <= 127) {
    out += static_cast<char>(value);
    return;
  }
  const bool negative = value < 0;
  const uint64_t v = static_cast<uint64_t>(negative ? ~value : value);
  const int bytes = hadoopVIntSize(value) - 1;
  out += static_cast<char>((negative ? -120 : -112) - bytes);
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>(v >> (8 * i));
}

bool readHadoopVInt(std::string_view bytes, size_t& pos, int64_t& value) {
  if (pos > bytes.size()) return false;
  const int size = decodeVInt(bytes.data() + pos, bytes.size() - pos, value);
  if (size == 0) return false;
  pos += size_t(size);
  return true;
}

}  // namespace ringdl
