// The file envelope: little-endian header (magic, version, length, CRC-32) written and verified here, and the
// atomic temp-file + fsync + rename dance, so every RingDL file is either complete and intact or refused.
#include "envelope.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "ringdl/io/file_format.h"
#include "ringdl/util/error.h"

namespace ringdl::io_detail {

namespace {

namespace fs = std::filesystem;

const char kTempMarker[] = ".tmp-";

void putLittleEndian(unsigned char* p, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

uint64_t getLittleEndian(const unsigned char* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

// zlib's crc32 takes a 32-bit length, so large payloads are fed in chunks.
uint32_t crc32Of(const char* data, size_t size) {
  uLong crc = crc32(0L, Z_NULL, 0);
  while (size > 0) {
    const size_t n = std::min<size_t>(size, size_t{1} << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data), static_cast<uInt>(n));
    data += n;
    size -= n;
  }
  return static_cast<uint32_t>(crc);
}

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08" PRIx32, v);
  return buf;
}

std::string systemError() { return std::strerror(errno); }

// Removes the temp file unless the write got as far as renaming it, so failures leave nothing behind.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }
  int& fd() { return fd_; }
  void commit() { committed_ = true; }

 private:
  std::string path_;
  int fd_ = -1;
  bool committed_ = false;
};

void writeAll(int fd, const char* data, size_t size, const std::string& kind, const std::string& path) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, std::min<size_t>(size, size_t{1} << 30));
    if (n < 0 && errno == EINTR) continue;
    RINGDL_CHECK(n > 0, "cannot write ", kind, " ", path, ": ", n < 0 ? systemError() : "write returned 0");
    data += n;
    size -= static_cast<size_t>(n);
  }
}

// Makes the rename itself durable; without it a power loss can forget the new directory entry.
void syncDirectory(const std::string& dir, const std::string& kind, const std::string& path) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  RINGDL_CHECK(fd >= 0, kind, " ", path, " was written but its directory ", dir,
               " could not be opened to sync it: ", systemError());
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  // Some file systems cannot sync directories (EINVAL); the rename is as durable there as it can be.
  RINGDL_CHECK(rc == 0 || err == EINVAL, kind, " ", path, " was written but its directory ", dir,
               " could not be synced: ", std::strerror(err));
}

}  // namespace

bool isTempFileName(const std::string& fileName) {
  return !fileName.empty() && fileName[0] == '.' && fileName.find(kTempMarker) != std::string::npos;
}

void writeEnvelope(const std::string& path, const std::string& payload, const std::string& kind) {
  RINGDL_CHECK(!path.empty(), "cannot write ", kind, ": the path is empty");
  const fs::path target(path);
  RINGDL_CHECK(target.has_filename(), "cannot write ", kind, " ", path, ": the path names a directory");
  const std::string dir = target.has_parent_path() ? target.parent_path().string() : std::string(".");

  unsigned char header[kFileHeaderSize];
  std::memcpy(header, kFileMagic, sizeof kFileMagic);
  putLittleEndian(header + kFileVersionOffset, kFileFormatVersion, 4);
  putLittleEndian(header + kFileLengthOffset, payload.size(), 8);
  putLittleEndian(header + kFileCrcOffset, crc32Of(payload.data(), payload.size()), 4);

  // Same directory as the target so the rename never crosses file systems; pid + counter keep concurrent
  // writers (threads, ranks sharing a directory) apart.
  static std::atomic<uint64_t> counter{0};
  const std::string tempName = "." + target.filename().string() + kTempMarker + std::to_string(::getpid()) +
                               "-" + std::to_string(counter++);
  TempFile temp((fs::path(dir) / tempName).string());
  temp.fd() = ::open(temp.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  RINGDL_CHECK(temp.fd() >= 0, "cannot write ", kind, " ", path, ": cannot create ", temp.path(), ": ",
               systemError());
  writeAll(temp.fd(), reinterpret_cast<const char*>(header), sizeof header, kind, path);
  writeAll(temp.fd(), payload.data(), payload.size(), kind, path);
  RINGDL_CHECK(::fsync(temp.fd()) == 0, "cannot write ", kind, " ", path, ": fsync failed: ", systemError());
  const int fd = temp.fd();
  temp.fd() = -1;
  RINGDL_CHECK(::close(fd) == 0, "cannot write ", kind, " ", path, ": close failed: ", systemError());
  RINGDL_CHECK(::rename(temp.path().c_str(), path.c_str()) == 0, "cannot write ", kind, " ", path,
               ": renaming ", temp.path(), " failed: ", systemError());
  temp.commit();
  syncDirectory(dir, kind, path);
}

std::string readEnvelope(const std::string& path, const std::string& kind, uint32_t* formatVersion) {
  const std::string what = kind + " " + path;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  RINGDL_CHECK(f != nullptr, "cannot open ", what, ": ", systemError());
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f, &std::fclose);
  struct stat st;
  RINGDL_CHECK(::fstat(::fileno(f), &st) == 0, "cannot read ", what, ": ", systemError());
  RINGDL_CHECK(S_ISREG(st.st_mode), "cannot read ", what, ": it is not a regular file");
  const auto size = static_cast<uint64_t>(st.st_size);
  RINGDL_CHECK(size > 0, what, " is empty (0 bytes)");
  RINGDL_CHECK(size >= kFileHeaderSize, what, " is truncated: it has ", size, " bytes, fewer than the ",
               kFileHeaderSize, "-byte header");

  unsigned char header[kFileHeaderSize];
  RINGDL_CHECK(std::fread(header, 1, sizeof header, f) == sizeof header, "cannot read ", what,
               ": read error");
  RINGDL_CHECK(std::memcmp(header, kFileMagic, sizeof kFileMagic) == 0, what,
               " is not a RingDL file: it does not start with the magic bytes \"RINGDLCK\"");
  const auto version = static_cast<uint32_t>(getLittleEndian(header + kFileVersionOffset, 4));
  RINGDL_CHECK(
      version >= 1 && version <= kFileFormatVersion, what, " has format version ", version,
      ", but this build of RingDL (", ringdlVersion(), ") reads versions 1 to ", kFileFormatVersion,
      version > kFileFormatVersion ? " (it was written by a newer RingDL)" : " (the header is corrupt)");
  const uint64_t expected = getLittleEndian(header + kFileLengthOffset, 8);
  const uint64_t actual = size - kFileHeaderSize;
  RINGDL_CHECK(actual >= expected, what, " is truncated: header says ", expected,
               " bytes of payload, file has ", actual, " (after the ", kFileHeaderSize, "-byte header)");
  RINGDL_CHECK(actual == expected, what, " is corrupt: header says ", expected,
               " bytes of payload, file has ", actual, " (", actual - expected, " trailing bytes)");

  std::string payload(actual, '\0');
  RINGDL_CHECK(actual == 0 || std::fread(payload.data(), 1, actual, f) == actual, "cannot read ", what,
               ": read error (did the file shrink while it was being read?)");
  const auto storedCrc = static_cast<uint32_t>(getLittleEndian(header + kFileCrcOffset, 4));
  const uint32_t crc = crc32Of(payload.data(), payload.size());
  RINGDL_CHECK(crc == storedCrc, what, " is corrupt: checksum mismatch (header says CRC-32 ",
               hex32(storedCrc), ", payload has ", hex32(crc), ")");
  if (formatVersion != nullptr) *formatVersion = version;
  return payload;
}

}  // namespace ringdl::io_detail
