// The byte stream under the record readers (TFRecord, text lines) and IDX: a file read as is, or its
// gzip/zlib stream inflated (detail::Inflater: ISA-L or zlib), with errors that name the compressed byte
// where the stream broke. Internal to src/data.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ringdl {
namespace detail {

/// The bytes of one open file, from the file as is or inflated. Owns (and closes) the file descriptor.
class ByteSource {
 public:
  explicit ByteSource(int fd) : fd_(fd) {}
  virtual ~ByteSource();
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;
  /// Up to n bytes of the stream into dst; 0 at its end. On failure returns 0 with error set (and any bytes
  /// decoded before the failure are returned first, by an earlier call).
  virtual size_t read(char* dst, size_t n, std::string& error) = 0;
  /// True once read() has reported that the compressed stream ends before its end marker (the file is
  /// truncated), as opposed to damage or a read failure.
  virtual bool truncated() const { return false; }

 protected:
  int fd_;
};

enum class ByteCompression { kNone, kGzip, kZlib };

/// Where the readers sharing this layer differ, so that each keeps its own behaviour and wording.
struct InflateStyle {
  /// Ends "... without its end marker: the file is truncated " (e.g. "(incomplete copy or download)").
  const char* truncatedHint;
  /// Bytes after a complete zlib stream: true reads them as another zlib stream (as gzip members are read);
  /// false reports "bytes follow the end of the zlib stream at compressed byte N".
  bool zlibConcatenates;
  /// Bytes after a complete stream that do not start another: true says "the bytes after the gzip stream
  /// ending at compressed byte N are not gzip data"; false reports them as damaged data like any other.
  bool namesTrailingBytes;
};

/// Opens path for reading. Throws "cannot open <what> <path>: <reason>" (with a hint to check the path when
/// it does not exist), or "<what> <path> is a directory, not a file (<directoryHint>)". Fills st.
int openForReading(const std::string& path, const char* what, const char* directoryHint, struct stat& st);

/// A source over fd (which it takes over, and closes even when this throws): the file as is, or inflated.
/// `what` names the kind of file in the one error thrown here ("<what> <path>: cannot start inflating: ...").
std::unique_ptr<ByteSource> openByteSource(int fd, ByteCompression compression, const std::string& path,
                                           const char* what, const InflateStyle& style);

/// Up to n bytes at offset without moving the file position; fewer only at the end of the file or on an
/// error (then *err, when given, is its errno; else 0).
size_t preadFull(int fd, char* dst, size_t n, off_t offset, int* err = nullptr);

}  // namespace detail
}  // namespace ringdl
