// TFRecord reading and writing: a growable buffer over the file or its inflated stream, both CRCs checked,
// errors with file/offset/index, byte-by-byte resynchronisation after damage; a buffered, optionally
// deflating writer.
#include "ringdl/data/tfrecord.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "detail/byte_source.h"
#include "ringdl/util/error.h"

namespace ringdl {

const char* tfrecordCompressionName(TFRecordCompression compression) {
  switch (compression) {
    case TFRecordCompression::kAuto:
      return "auto";
    case TFRecordCompression::kNone:
      return "none";
    case TFRecordCompression::kGzip:
      return "gzip";
    case TFRecordCompression::kZlib:
      return "zlib";
  }
  return "unknown";
}

namespace {

constexpr size_t kHeaderBytes = 12;  // uint64 length + uint32 masked CRC of it
constexpr size_t kFooterBytes = 4;   // uint32 masked CRC of the data
constexpr size_t kAlign = 64;        // reads land on cache-line boundaries of the buffer
constexpr size_t kPage = 4096;

inline uint64_t load64le(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

inline uint32_t load32le(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap32(v);
#endif
  return v;
}

inline void store64le(char* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<char>(v >> (8 * i));
}

inline void store32le(char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(v >> (8 * i));
}

std::string hex32(uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", v);
  return text;
}

std::string systemError(int err) { return std::strerror(err); }

}  // namespace

namespace {

// TFRecord's wording, and zlib streams read one after another like gzip members.
constexpr detail::InflateStyle kInflateStyle = {"(incomplete copy or download)", true, true};

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// The reader.

TFRecordReader::TFRecordReader(const std::string& path, const TFRecordReaderOptions& options)
    : path_(path), options_(options) {
  RINGDL_CHECK(options.bufferBytes > 0, "TFRecord file ", path, ": bufferBytes must be positive");
  struct stat st;
  const int fd = detail::openForReading(path, "TFRecord file", "give the shard files inside it", st);
  compression_ = options.compression;
  if (compression_ == TFRecordCompression::kAuto) {
    // gzip starts with 1f 8b; so might a plain file whose first length ends in 0x8b1f: its header CRC
    // decides.
    char head[kHeaderBytes];
    const size_t got = detail::preadFull(fd, head, kHeaderBytes, 0);
    const bool gzipMagic = got >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
                           static_cast<unsigned char>(head[1]) == 0x8b;
    const bool plainHeader = got == kHeaderBytes && maskedCrc32c(head, 8) == load32le(head + 8);
    compression_ = gzipMagic && !plainHeader ? TFRecordCompression::kGzip : TFRecordCompression::kNone;
  }
  if (compression_ == TFRecordCompression::kNone && S_ISREG(st.st_mode)) fileSize_ = st.st_size;
  source_ =
      detail::openByteSource(fd,
                             compression_ == TFRecordCompression::kNone   ? detail::ByteCompression::kNone
                             : compression_ == TFRecordCompression::kGzip ? detail::ByteCompression::kGzip
                                                                          : detail::ByteCompression::kZlib,
                             path, "TFRecord file", kInflateStyle);
  allocate(std::max<size_t>(options.bufferBytes, kHeaderBytes + kFooterBytes));
}

void TFRecordReader::allocate(size_t capacity) {
  std::unique_ptr<char[]> storage(new char[capacity + kAlign]);
  char* aligned = storage.get() + (kAlign - reinterpret_cast<uintptr_t>(storage.get()) % kAlign) % kAlign;
  if (end_ > 0) std::memcpy(aligned, buf_, end_);
  storage_ = std::move(storage);
  buf_ = aligned;
  capacity_ = capacity;
}

TFRecordReader::~TFRecordReader() = default;

size_t TFRecordReader::fill(size_t n) {
  const size_t avail = end_ - begin_;
  if (avail >= n || !sourceError_.empty()) return avail;
  // The unread bytes to the front, placed so that the next read lands on a 64-byte boundary (the kernel
  // copies faster there).
  size_t pad = (kAlign - avail % kAlign) % kAlign;
  if (pad + avail > capacity_) pad = 0;
  if (begin_ != pad) {
    std::memmove(buf_ + pad, buf_ + begin_, avail);
    bufOffset_ += static_cast<int64_t>(begin_) - static_cast<int64_t>(pad);
    begin_ = pad;
    end_ = pad + avail;
  }
  while (end_ - begin_ < n) {
    if (end_ == capacity_)  // grow only as data arrives, so a bogus length cannot claim memory up front
      allocate(std::max(capacity_ * 2, std::min(begin_ + n, capacity_ + (size_t(64) << 20))));
    size_t want = capacity_ - end_;
    if (want > 2 * kPage)  // end on a page boundary of the stream, so later reads start on one
      want -= static_cast<size_t>((static_cast<uint64_t>(bufOffset_) + end_ + want) % kPage);
    std::string error;
    const size_t got = source_->read(buf_ + end_, want, error);
    if (got == 0) {
      if (!error.empty()) sourceError_ = error;
      break;
    }
    end_ += got;
  }
  return end_ - begin_;
}

void TFRecordReader::fail(const std::string& what) {
  failed_ = true;
  RINGDL_FAIL(path_, ": record ", index_, " at byte ", offset(),
              compression_ == TFRecordCompression::kNone ? "" : " of the decompressed stream", ": ", what);
}

bool TFRecordReader::headerValidAt(size_t at, uint64_t& length) const {
  const char* h = buf_ + at;
  if (maskCrc32c(crc32c8(h)) != load32le(h + 8)) return false;
  length = load64le(h);
  if (length > options_.maxRecordBytes) return false;
  if (fileSize_ >= 0) {
    const uint64_t start = static_cast<uint64_t>(bufOffset_) + at;
    if (start + kHeaderBytes + kFooterBytes > static_cast<uint64_t>(fileSize_) ||
        length > static_cast<uint64_t>(fileSize_) - start - kHeaderBytes - kFooterBytes)
      return false;
  }
  return true;
}

void TFRecordReader::failTruncated(size_t have, uint64_t length) {
  if (!sourceError_.empty()) {  // the stream broke off: its reason is the better message
    sourceErrorReported_ = true;
    fail(sourceError_);
  }
  std::string what =
      "truncated record: the " +
      std::string(compression_ == TFRecordCompression::kNone ? "file" : "decompressed stream") + " ends " +
      std::to_string(have) + " bytes into it";
  if (have < kHeaderBytes)
    what += ", inside its 12-byte header";
  else
    what += " (12-byte header, " + std::to_string(length) + " data bytes, 4-byte CRC)";
  fail(what + "; the file is incomplete (a copy or download cut short, or still being written)");
}

bool TFRecordReader::frame(uint64_t& length) {
  size_t avail = end_ - begin_;
  if (avail < kHeaderBytes) {
    avail = fill(kHeaderBytes);
    if (avail == 0) {  // the end, clean or after a stream error not reported yet
      if (sourceError_.empty() || sourceErrorReported_) return false;
      sourceErrorReported_ = true;
      fail(sourceError_);
    }
    if (avail < kHeaderBytes) failTruncated(avail, 0);
  }
  const char* h = buf_ + begin_;
  length = load64le(h);
  const uint32_t lengthCrc = maskCrc32c(crc32c8(h));
  if (lengthCrc != load32le(h + 8))
    fail("length CRC32C mismatch: stored " + hex32(load32le(h + 8)) + ", computed " + hex32(lengthCrc) +
         " (masked) over a length field reading " + std::to_string(length) +
         "; the file is damaged, or is not a TFRecord file");
  if (length > options_.maxRecordBytes)
    fail("record length " + std::to_string(length) + " exceeds the limit of " +
         std::to_string(options_.maxRecordBytes) + " bytes (TFRecordReaderOptions::maxRecordBytes)");
  const size_t need = kHeaderBytes + static_cast<size_t>(length) + kFooterBytes;
  if (avail < need) {
    if (fileSize_ >= 0) {  // a plain file: a length beyond its end is a truncation, whatever the buffer
      // (a file that grew since it was opened: trust what was read)
      const uint64_t left = static_cast<uint64_t>(std::max<int64_t>(fileSize_ - offset(), avail));
      if (length > left - kHeaderBytes || left - kHeaderBytes - length < kFooterBytes)
        failTruncated(static_cast<size_t>(left), length);
    }
    avail = fill(need);
    if (avail < need) failTruncated(avail, length);
  }
  return true;
}

void TFRecordReader::accept(uint64_t length, uint32_t dataCrc) {
  const char* footer = buf_ + begin_ + kHeaderBytes + length;
  if (maskCrc32c(dataCrc) != load32le(footer))
    fail("data CRC32C mismatch: stored " + hex32(load32le(footer)) + ", computed " + hex32(maskCrc32c(dataCrc)) +
         " (masked) over " + std::to_string(length) + " data bytes; the file is damaged");
  ++index_;
  begin_ += kHeaderBytes + static_cast<size_t>(length) + kFooterBytes;
  failed_ = false;
}

bool TFRecordReader::next(Record& record) {
  uint64_t length = 0;
  if (!frame(length)) return false;
  if (record.value.size() != length) record.value.resize(static_cast<size_t>(length));
  // The CRC is computed as the data is copied: one pass over the bytes.
  const uint32_t crc = detail::crc32cCopy(&record.value[0], buf_ + begin_ + kHeaderBytes, length);
  record.offset = offset();
  record.index = index_;
  accept(length, crc);
  record.key.clear();
  record.keyType.clear();
  record.valueType.clear();
  return true;
}

bool TFRecordReader::nextView(RecordView& view) {
  uint64_t length = 0;
  if (!frame(length)) return false;
  const char* data = buf_ + begin_ + kHeaderBytes;
  view.offset = offset();
  view.index = index_;
  accept(length, crc32c(data, length));
  view.key = view.keyType = view.valueType = std::string_view();
  view.value = std::string_view(data, static_cast<size_t>(length));
  return true;
}

bool TFRecordReader::recover() {
  if (!failed_) return fill(1) > 0;
  failed_ = false;
  if (begin_ == end_) return false;  // the error was the stream's own, with nothing left to scan
  ++index_;                          // the damaged stretch counts as one record
  ++begin_;
  for (;;) {
    size_t avail = fill(kHeaderBytes);
    if (avail < kHeaderBytes) {
      begin_ = end_;
      return false;
    }
    uint64_t length = 0;
    if (headerValidAt(begin_, length)) {
      const size_t need = kHeaderBytes + static_cast<size_t>(length) + kFooterBytes;
      avail = fill(need);
      if (avail >= need) {
        const char* h = buf_ + begin_;
        if (maskedCrc32c(h + kHeaderBytes, length) == load32le(h + kHeaderBytes + length)) return true;
      }
    }
    ++begin_;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The writer.

namespace detail {

class TFRecordSink {
 public:
  TFRecordSink(const std::string& path, bool gzip) : path_(path), gzip_(gzip), buf_(kBufBytes) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      const int err = errno;
      RINGDL_FAIL("cannot create TFRecord file ", path, ": ", systemError(err),
                  err == ENOENT ? " (does the directory exist?)" : "");
    }
    if (gzip_) {
      std::memset(&zs_, 0, sizeof zs_);
      if (deflateInit2(&zs_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        ::close(fd_);
        RINGDL_FAIL("TFRecord file ", path, ": cannot start zlib's deflate");
      }
      out_.resize(kBufBytes);
    }
  }
  ~TFRecordSink() {
    if (gzip_) deflateEnd(&zs_);
    if (fd_ >= 0) ::close(fd_);
  }

  void append(const char* p, size_t n) {
    if (used_ + n > buf_.size()) flushBuffer();
    if (n >= buf_.size()) {
      emit(p, n, false);
      return;
    }
    std::memcpy(buf_.data() + used_, p, n);
    used_ += n;
  }

  void close() {
    flushBuffer();
    if (gzip_) emit(nullptr, 0, true);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(errno);
  }

 private:
  static constexpr size_t kBufBytes = 256 * 1024;

  void flushBuffer() {
    if (used_ > 0) emit(buf_.data(), used_, false);
    used_ = 0;
  }

  // Writes n bytes to the file, deflating them first for gzip; finish ends the gzip member.
  void emit(const char* p, size_t n, bool finish) {
    if (!gzip_) {
      writeFile(p, n);
      return;
    }
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(p));
    zs_.avail_in = static_cast<uInt>(n);  // callers pass at most a record's bytes; see TFRecordWriter::write
    for (;;) {
      zs_.next_out = reinterpret_cast<Bytef*>(out_.data());
      zs_.avail_out = static_cast<uInt>(out_.size());
      const int ret = deflate(&zs_, finish ? Z_FINISH : Z_NO_FLUSH);
      if (ret == Z_STREAM_ERROR) RINGDL_FAIL("TFRecord file ", path_, ": zlib's deflate failed");
      writeFile(out_.data(), out_.size() - zs_.avail_out);
      if (finish ? ret == Z_STREAM_END : (zs_.avail_in == 0 && zs_.avail_out != 0)) break;
    }
  }

  void writeFile(const char* p, size_t n) {
    while (n > 0) {
      const ssize_t put = ::write(fd_, p, n);
      if (put < 0 && errno == EINTR) continue;
      if (put <= 0) fail(put < 0 ? errno : EIO);
      p += put;
      n -= static_cast<size_t>(put);
    }
  }

  [[noreturn]] void fail(int err) {
    RINGDL_FAIL("cannot write TFRecord file ", path_, ": ", systemError(err),
                err == ENOSPC ? " (the disk is full)" : "");
  }

  std::string path_;
  bool gzip_;
  int fd_ = -1;
  std::vector<char> buf_;
  size_t used_ = 0;
  std::vector<char> out_;
  z_stream zs_;
};

}  // namespace detail

TFRecordWriter::TFRecordWriter(const std::string& path, bool gzip)
    : path_(path), sink_(std::make_unique<detail::TFRecordSink>(path, gzip)) {}

TFRecordWriter::~TFRecordWriter() {
  if (!sink_) return;
  try {
    sink_->close();
  } catch (const Error&) {  // a destructor must not throw; close() reports the error to callers who ask
  }
}

void TFRecordWriter::write(const void* data, size_t n) {
  RINGDL_CHECK(sink_ != nullptr, "TFRecord file ", path_, ": write() after close()");
  char header[kHeaderBytes];
  store64le(header, n);
  store32le(header + 8, maskedCrc32c(header, 8));
  char footer[kFooterBytes];
  store32le(footer, maskedCrc32c(data, n));
  sink_->append(header, kHeaderBytes);
  // zlib counts input in uInt: hand very large records over in pieces
  const char* p = static_cast<const char*>(data);
  for (size_t left = n; left > 0;) {
    const size_t piece = std::min<size_t>(left, size_t(1) << 30);
    sink_->append(p, piece);
    p += piece;
    left -= piece;
  }
  sink_->append(footer, kFooterBytes);
  ++count_;
}

void TFRecordWriter::close() {
  if (!sink_) return;
  std::unique_ptr<detail::TFRecordSink> sink = std::move(sink_);
  sink->close();
}

}  // namespace ringdl
