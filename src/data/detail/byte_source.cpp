// The byte stream under the record readers: a plain-file source, and an inflating one (detail::Inflater) that
// reads gzip members one after another (as gzip(1), Hadoop and TensorFlow accept) or a zlib stream, reporting
// truncation, damage and trailing bytes at their compressed offset.
#include "byte_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "inflate.h"
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
    try {
      inflater_ = std::make_unique<Inflater>(gzip ? InflateFormat::kGzip : InflateFormat::kZlib,
                                             gzip || style.zlibConcatenates);
    } catch (const Error& e) {
      ::close(fd_);
      fd_ = -1;
      RINGDL_FAIL(what, " ", path, ": cannot start inflating: ", e.message());
    }
  }

  size_t read(char* dst, size_t n, std::string& error) override {
    if (!pending_.empty()) {
      error = pending_;
      return 0;
    }
    if (done_ || n == 0) return 0;
    size_t produced = 0;
    while (produced < n) {
      if (inPos_ == inLen_ && !inEof_ && !refill()) break;
      size_t used = 0, made = 0;
      Inflater::Status st;
      if (inPos_ < inLen_) {
        st = inflater_->inflate(in_.data() + inPos_, inLen_ - inPos_, used, dst + produced, n - produced,
                                made);
        inPos_ += used;
      } else {
        st = inflater_->finish(dst + produced, n - produced, made);
      }
      produced += made;
      if (st == Inflater::Status::kError) {
        pending_ = describe(inflater_->error());
        break;
      }
      if (inPos_ == inLen_ && inEof_ && st == Inflater::Status::kEnd) {
        done_ = true;
        break;
      }
    }
    if (produced == 0 && !pending_.empty()) error = pending_;
    return produced;
  }

  bool truncated() const override { return truncated_; }

 private:
  static constexpr size_t kInBytes = 128 * 1024;

  std::string describe(const InflateError& e) {
    const char* kind = gzip_ ? "gzip" : "zlib";
    switch (e.kind) {
      case InflateError::Kind::kTruncated:
        truncated_ = true;
        return std::string("the ") + kind + " stream ends at compressed byte " + std::to_string(e.offset) +
               " without its end marker: the file is truncated " + style_.truncatedHint;
      case InflateError::Kind::kTrailing:
        return "bytes follow the end of the zlib stream at compressed byte " + std::to_string(e.offset);
      case InflateError::Kind::kHeader:
        // what follows a complete stream does not start another: not compressed data at all
        if (style_.namesTrailingBytes && e.streamIndex > 0)
          return std::string("the bytes after the ") + kind + " stream ending at compressed byte " +
                 std::to_string(e.streamStart) + " are not " + kind + " data (" + e.detail + ")";
        break;
      default:
        break;
    }
    return std::string("the ") + kind + " data is damaged near compressed byte " + std::to_string(e.offset) +
           " (" + e.detail + ")";
  }

  bool refill() {
    const ssize_t got = readSome(fd_, in_.data(), in_.size());
    if (got < 0) {
      pending_ =
          "read failed at compressed byte " + std::to_string(fileOffset_) + ": " + std::strerror(errno);
      return false;
    }
    if (got == 0) inEof_ = true;
    fileOffset_ += got;
    inPos_ = 0;
    inLen_ = static_cast<size_t>(got);
    return true;
  }

  bool gzip_;
  InflateStyle style_;
  std::unique_ptr<Inflater> inflater_;
  std::vector<char> in_;
  size_t inPos_ = 0, inLen_ = 0;  // in_[inPos_, inLen_) not yet given to the inflater
  int64_t fileOffset_ = 0;        // bytes read from the file
  bool inEof_ = false;
  bool done_ = false;
  bool truncated_ = false;
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
