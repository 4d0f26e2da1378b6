// The byte stream under the record readers: a plain-file source, and an inflating one that reads gzip members
// one after another (as gzip(1), Hadoop and TensorFlow accept) or a zlib stream, reporting truncation, damage
// and trailing bytes at their compressed offset.
#include "byte_source.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "ringdl/util/error.h"

namespace ringdl {
namespace detail {

namespace {

// Reads up to n bytes at the current position; returns the count (0 at end of file), or -1 with errno set.
ssize_t readSome(int fd, char* dst, size_t n) {
  for (;;) {
    const ssize_t got = ::read(fd, dst, n);
    if (got >= 0 || errno != EINTR) return got;
  }
}

class PlainSource : public ByteSource {
 public:
  using ByteSource::ByteSource;
  size_t read(char* dst, size_t n, std::string& error) override {
    const ssize_t got = readSome(fd_, dst, n);
    if (got < 0) {
      error = "read failed at byte " + std::to_string(offset_) + ": " + std::strerror(errno);
      return 0;
    }
    offset_ += got;
    return static_cast<size_t>(got);
  }

 private:
  int64_t offset_ = 0;
};

class InflateSource : public ByteSource {
 public:
  InflateSource(int fd, bool gzip, const std::string& path, const char* what, const InflateStyle& style)
      : ByteSource(fd), gzip_(gzip), style_(style), in_(kInBytes) {
    std::memset(&zs_, 0, sizeof zs_);
    const int ret = inflateInit2(&zs_, gzip ? 15 + 16 : 15);
    if (ret != Z_OK) {
      ::close(fd_);
      fd_ = -1;
      RINGDL_FAIL(what, " ", path, ": cannot start zlib's inflate (error ", ret, ")");
    }
  }
  ~InflateSource() override { inflateEnd(&zs_); }

  size_t read(char* dst, size_t n, std::string& error) override {
    if (!pending_.empty()) {
      error = pending_;
      return 0;
    }
    if (done_ || n == 0) return 0;
    zs_.next_out = reinterpret_cast<Bytef*>(dst);
    zs_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    const uInt wanted = zs_.avail_out;
    while (zs_.avail_out > 0) {
      if (zs_.avail_in == 0 && !inEof_ && !refill()) break;
      if (zs_.avail_in == 0 && inEof_) {
        if (memberEnded_)
          done_ = true;
        else
          pending_ = std::string("the ") + kind() + " stream ends at compressed byte " +
                     std::to_string(compressedOffset()) + " without its end marker: the file is truncated " +
                     style_.truncatedHint;
        break;
      }
      if (memberEnded_) {  // more bytes after a complete member: the next member
        if (!gzip_ && !style_.zlibConcatenates) {
          pending_ = "bytes follow the end of the zlib stream at compressed byte " +
                     std::to_string(compressedOffset());
          break;
        }
        inflateReset(&zs_);
        memberEnded_ = false;
        memberStart_ = compressedOffset();
      }
      const int ret = inflate(&zs_, Z_NO_FLUSH);
      if (ret == Z_STREAM_END) {
        memberEnded_ = true;
      } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
        const std::string why = zs_.msg ? zs_.msg : style_.zlibErrorPrefix + std::to_string(ret);
        // nothing decoded since the previous member ended: what follows it is not compressed data
        if (style_.namesTrailingBytes && memberStart_ > 0 && zs_.total_out == 0)
          pending_ = "the bytes after the " + std::string(kind()) + " stream ending at compressed byte " +
                     std::to_string(memberStart_) + " are not " + kind() + " data (zlib: " + why + ")";
        else
          pending_ = std::string("the ") + kind() + " data is damaged near compressed byte " +
                     std::to_string(compressedOffset()) + " (zlib: " + why + ")";
        break;
      }
    }
    const size_t produced = wanted - zs_.avail_out;
    if (produced == 0 && !pending_.empty()) error = pending_;
    return produced;
  }

 private:
  static constexpr size_t kInBytes = 128 * 1024;

  const char* kind() const { return gzip_ ? "gzip" : "zlib"; }
  int64_t compressedOffset() const { return fileOffset_ - static_cast<int64_t>(zs_.avail_in); }

  bool refill() {
    const ssize_t got = readSome(fd_, in_.data(), in_.size());
    if (got < 0) {
      pending_ =
          "read failed at compressed byte " + std::to_string(fileOffset_) + ": " + std::strerror(errno);
      return false;
    }
    if (got == 0) inEof_ = true;
    fileOffset_ += got;
    zs_.next_in = reinterpret_cast<Bytef*>(in_.data());
    zs_.avail_in = static_cast<uInt>(got);
    return true;
  }

  bool gzip_;
  InflateStyle style_;
  std::vector<char> in_;
  z_stream zs_;
  int64_t fileOffset_ = 0;   // bytes read from the file
  int64_t memberStart_ = 0;  // compressed offset where the current member began
  bool inEof_ = false;
  bool memberEnded_ = false;
  bool done_ = false;
  std::string pending_;
};

}  // namespace

ByteSource::~ByteSource() {
  if (fd_ >= 0) ::close(fd_);
}

int openForReading(const std::string& path, const char* what, const char* directoryHint, struct stat& st) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    RINGDL_FAIL("cannot open ", what, " ", path, ": ", std::strerror(err),
                err == ENOENT ? " (check the path and the shard pattern)" : "");
  }
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    RINGDL_FAIL(what, " ", path, " is a directory, not a file (", directoryHint, ")");
  }
  return fd;
}

std::unique_ptr<ByteSource> openByteSource(int fd, ByteCompression compression, const std::string& path,
                                           const char* what, const InflateStyle& style) {
  if (compression == ByteCompression::kNone) return std::make_unique<PlainSource>(fd);
  return std::make_unique<InflateSource>(fd, compression == ByteCompression::kGzip, path, what, style);
}

size_t preadFull(int fd, char* dst, size_t n, off_t offset, int* err) {
  size_t total = 0;
  if (err) *err = 0;
  while (total < n) {
    const ssize_t got = ::pread(fd, dst + total, n - total, offset + static_cast<off_t>(total));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && err) *err = errno;
    if (got <= 0) break;
    total += static_cast<size_t>(got);
  }
  return total;
}

}  // namespace detail
}  // namespace ringdl
