// IDX reading and writing: header parsing with precise errors, gzip through the data module's byte source
// (ISA-L or zlib inflating), big-endian conversion.
#include "ringdl/data/idx.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "detail/byte_source.h"
#include "ringdl/util/error.h"

namespace ringdl {

const char* idxTypeName(IdxType type) {
  switch (type) {
    case IdxType::kUByte:
      return "ubyte";
    case IdxType::kSByte:
      return "sbyte";
    case IdxType::kShort:
      return "short";
    case IdxType::kInt:
      return "int";
    case IdxType::kFloat:
      return "float";
    case IdxType::kDouble:
      return "double";
  }
  return "unknown";
}

int idxTypeSize(IdxType type) {
  switch (type) {
    case IdxType::kUByte:
    case IdxType::kSByte:
      return 1;
    case IdxType::kShort:
      return 2;
    case IdxType::kInt:
    case IdxType::kFloat:
      return 4;
    case IdxType::kDouble:
      return 8;
  }
  return 0;
}

namespace {

bool isKnownType(uint8_t code) {
  return code == 0x08 || code == 0x09 || code == 0x0B || code == 0x0C || code == 0x0D || code == 0x0E;
}

std::string hexByte(uint8_t b) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", b);
  return text;
}

bool startsWith(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool isRegularFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Missing files are the most common failure (dataset not installed, .gz suffix forgotten): say how to fix it.
[[noreturn]] void failToOpen(const std::string& path, int err) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    RINGDL_FAIL("file ", path, " is a directory, not an IDX file");
  if (err != ENOENT) RINGDL_FAIL("cannot open file ", path, ": ", std::strerror(err));
  const std::string gz = ".gz";
  if (isRegularFile(path + gz)) RINGDL_FAIL("file ", path, " does not exist (did you mean ", path + gz, "?)");
  if (path.size() > gz.size() && path.compare(path.size() - gz.size(), gz.size(), gz) == 0) {
    const std::string plain = path.substr(0, path.size() - gz.size());
    if (isRegularFile(plain)) RINGDL_FAIL("file ", path, " does not exist (did you mean ", plain, "?)");
  }
  const std::string fashion = kFashionMnistDir;
  if (startsWith(path, fashion + "/"))
    RINGDL_FAIL("file ", path, " does not exist; the Debian package dataset-fashion-mnist provides it ",
                "(apt-get install dataset-fashion-mnist)");
  RINGDL_FAIL("file ", path, " does not exist");
}

// IDX's wording for the byte source: gzip members one after another, and bytes after the last that are not
// gzip named as such. (Truncation is reported by readIdx, with the counts of bytes expected and found.)
constexpr detail::InflateStyle kInflateStyle = {"(incomplete copy or download)", false, true};

// The file's bytes, inflated when its magic says gzip (whatever its name), through the data module's byte
// source; damage in the gzip stream is an error naming both the compressed and the decompressed offset.
class IdxStream {
 public:
  explicit IdxStream(const std::string& path) : path_(path) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) failToOpen(path, EISDIR);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) failToOpen(path, errno);
    unsigned char magic[2] = {0, 0};
    gzipped_ = detail::preadFull(fd, reinterpret_cast<char*>(magic), 2, 0) == 2 && magic[0] == 0x1f &&
               magic[1] == 0x8b;
    source_ =
        detail::openByteSource(fd, gzipped_ ? detail::ByteCompression::kGzip : detail::ByteCompression::kNone,
                               path, "file", kInflateStyle);
  }

  bool gzipped() const { return gzipped_; }
  /// True if the gzip stream ended in the middle of compressed data (the file was cut short).
  bool gzipTruncated() const { return gzipTruncated_; }

  /// "offset 16" or "decompressed offset 16".
  std::string offsetText(int64_t offset) const {
    return (gzipped_ ? "decompressed offset " : "offset ") + std::to_string(offset);
  }

  /// Reads up to n bytes; fewer only at the end of the data.
  int64_t read(uint8_t* out, int64_t n) {
    int64_t got = 0;
    while (got < n && !ended_) {
      std::string error;
      const size_t m = source_->read(reinterpret_cast<char*>(out + got), static_cast<size_t>(n - got), error);
      got += static_cast<int64_t>(m);
      if (m > 0) continue;
      ended_ = true;
      if (error.empty()) break;
      if (source_->truncated()) {
        gzipTruncated_ = true;
        break;
      }
      if (gzipped_)
        RINGDL_FAIL("file ", path_, ": corrupt gzip data at ", offsetText(offset_ + got), ": ", error);
      RINGDL_FAIL("file ", path_, ": ", error);
    }
    offset_ += got;
    return got;
  }

 private:
  std::string path_;
  std::unique_ptr<detail::ByteSource> source_;
  bool gzipped_ = false;
  bool gzipTruncated_ = false;
  bool ended_ = false;
  int64_t offset_ = 0;  // decompressed bytes delivered
};

std::string shapeText(const Shape& shape) {
  if (shape.empty()) return "1";
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "x" : "") + std::to_string(shape[i]);
  return s;
}

// Text a human can recognise when a "binary" file is really an HTML error page or a text file.
std::string looksLikeText(const uint8_t* bytes, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    if (bytes[i] < 0x20 || bytes[i] > 0x7e) return "";
  return std::string(" (the file starts with the text \"") + std::string(bytes, bytes + n) +
         "\": not an IDX file; a failed download?)";
}

uint32_t bigEndian32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

uint64_t bigEndian64(const uint8_t* p) { return (uint64_t(bigEndian32(p)) << 32) | bigEndian32(p + 4); }

IdxInfo readHeader(IdxStream& src, const std::string& path) {
  IdxInfo info;
  info.gzipped = src.gzipped();
  uint8_t magic[4];
  const int64_t got = src.read(magic, 4);
  RINGDL_CHECK(got == 4, "file ", path, ": truncated header: expected a 4-byte magic number at ",
               src.offsetText(0), ", found ", got,
               src.gzipTruncated() ? " bytes (the gzip stream is cut short: the file is truncated)"
               : got == 0          ? " bytes (the file is empty)"
                                   : " bytes");
  if (magic[0] != 0 || magic[1] != 0) {
    RINGDL_FAIL("file ", path, ": bad magic number ", hexByte(magic[0]), " ", hexByte(magic[1]), " ",
                hexByte(magic[2]), " ", hexByte(magic[3]), " at ", src.offsetText(0),
                ": an IDX file starts with two zero bytes, a type code and a rank", looksLikeText(magic, 4));
  }
  RINGDL_CHECK(
      isKnownType(magic[2]), "file ", path, ": unknown IDX type code ", hexByte(magic[2]), " at ",
      src.offsetText(2),
      "; expected 0x08 (ubyte), 0x09 (sbyte), 0x0B (short), 0x0C (int), 0x0D (float) or 0x0E (double)");
  info.type = static_cast<IdxType>(magic[2]);
  const int rank = magic[3];
  info.headerBytes = 4 + 4 * int64_t(rank);
  std::vector<uint8_t> dims(4 * size_t(rank));
  const int64_t gotDims = rank ? src.read(dims.data(), 4 * rank) : 0;
  RINGDL_CHECK(gotDims == 4 * rank, "file ", path, ": truncated header: expected ", 4 * rank,
               " bytes of dimension sizes (", rank, " big-endian int32) at ", src.offsetText(4), ", found ",
               gotDims, src.gzipTruncated() ? " (the gzip stream is cut short: the file is truncated)" : "");
  const int64_t elementSize = idxTypeSize(info.type);
  int64_t numel = 1;
  bool overflow = false;
  for (int d = 0; d < rank; ++d) {
    const uint32_t raw = bigEndian32(&dims[4 * d]);
    RINGDL_CHECK(raw <= uint32_t(INT32_MAX), "file ", path, ": size of dimension ", d, " at ",
                 src.offsetText(4 + 4 * d), " is negative (", static_cast<int64_t>(raw) - (int64_t(1) << 32),
                 " as int32)");
    info.shape.push_back(raw);
    if (overflow || raw == 0) continue;
    if (numel > std::numeric_limits<int64_t>::max() / elementSize / int64_t(raw))
      overflow = true;
    else
      numel *= raw;
  }
  for (int64_t s : info.shape)
    if (s == 0) overflow = false;  // a zero size makes the product 0 whatever the others are
  RINGDL_CHECK(!overflow, "file ", path, ": sizes ", shapeText(info.shape), " (", idxTypeName(info.type),
               ") overflow: the data would need more than 2^63 bytes");
  info.dataBytes = numelOf(info.shape) * elementSize;
  return info;
}

template <typename T>
void decode(IdxType type, const uint8_t* in, int64_t n, T* out) {
  switch (type) {
    case IdxType::kUByte:
      for (int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(in[i]);
      break;
    case IdxType::kSByte:
      for (int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(static_cast<int8_t>(in[i]));
      break;
    case IdxType::kShort:
      for (int64_t i = 0; i < n; ++i)
        out[i] = static_cast<T>(static_cast<int16_t>(uint16_t((in[2 * i] << 8) | in[2 * i + 1])));
      break;
    case IdxType::kInt:
      for (int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(static_cast<int32_t>(bigEndian32(in + 4 * i)));
      break;
    case IdxType::kFloat:
      for (int64_t i = 0; i < n; ++i) {
        const uint32_t bits = bigEndian32(in + 4 * i);
        float f;
        std::memcpy(&f, &bits, 4);
        out[i] = static_cast<T>(f);
      }
      break;
    case IdxType::kDouble:
      for (int64_t i = 0; i < n; ++i) {
        const uint64_t bits = bigEndian64(in + 8 * i);
        double d;
        std::memcpy(&d, &bits, 8);
        out[i] = static_cast<T>(d);
      }
      break;
  }
}

}  // namespace

IdxInfo readIdxInfo(const std::string& path) {
  IdxStream src(path);
  return readHeader(src, path);
}

template <typename T>
Tensor<T> readIdx(const std::string& path, const std::string& contents) {
  IdxStream src(path);
  const IdxInfo info = readHeader(src, path);
  const int64_t expected = info.dataBytes;
  // Read before allocating the tensor, growing as the data arrives, so that a header claiming terabytes fails
  // with a "found N bytes" message instead of an allocation failure.
  std::vector<uint8_t> bytes;
  int64_t got = 0;
  while (got < expected) {
    if (static_cast<int64_t>(bytes.size()) == got)
      bytes.resize(static_cast<size_t>(std::min(expected, std::max<int64_t>(got * 2, int64_t(1) << 26))));
    const int64_t n = src.read(bytes.data() + got, static_cast<int64_t>(bytes.size()) - got);
    got += n;
    if (n == 0) break;
  }
  if (got < expected) {
    RINGDL_FAIL("file ", path, ": expected ", expected, " bytes of ", contents, " (", shapeText(info.shape),
                " ", idxTypeName(info.type), ") after the ", info.headerBytes, "-byte header, found ", got,
                src.gzipTruncated() ? " (the gzip stream is cut short: the file is truncated)" : "");
  }
  uint8_t scratch[1 << 16];
  int64_t trailing = 0;
  for (int64_t n; (n = src.read(scratch, sizeof scratch)) > 0;) trailing += n;
  RINGDL_CHECK(trailing == 0, "file ", path, ": ", trailing, trailing == 1 ? " byte" : " bytes",
               " of trailing data at ", src.offsetText(info.headerBytes + expected),
               ": the header describes ", shapeText(info.shape), " ", idxTypeName(info.type), " values (",
               expected, " bytes after the ", info.headerBytes,
               "-byte header), so the file should end there");
  // All the data arrived but the gzip trailer (CRC-32 and length) did not: the checksum was never verified.
  RINGDL_CHECK(!src.gzipTruncated(), "file ", path, ": the gzip stream is cut short after the ",
               info.headerBytes + expected,
               " bytes of header and data (its end and checksum are missing): the file is truncated");
  Tensor<T> t(info.shape);
  decode(info.type, bytes.data(), t.numel(), t.data());
  return t;
}

namespace {

void putBigEndian32(std::vector<uint8_t>& out, uint32_t v) {
  out.push_back(uint8_t(v >> 24));
  out.push_back(uint8_t(v >> 16));
  out.push_back(uint8_t(v >> 8));
  out.push_back(uint8_t(v));
}

template <typename T>
void encode(const std::string& path, const std::vector<T>& values, IdxType type, std::vector<uint8_t>& out) {
  auto checkInteger = [&](size_t i, double lo, double hi) {
    const double v = static_cast<double>(values[i]);
    RINGDL_CHECK(std::floor(v) == v && v >= lo && v <= hi, "writeIdx ", path, ": element ", i, " is ", v,
                 ", which ", idxTypeName(type), " cannot hold exactly (integers in [", lo, ", ", hi, "])");
    return static_cast<int64_t>(v);
  };
  for (size_t i = 0; i < values.size(); ++i) {
    switch (type) {
      case IdxType::kUByte:
        out.push_back(uint8_t(checkInteger(i, 0, 255)));
        break;
      case IdxType::kSByte:
        out.push_back(uint8_t(int8_t(checkInteger(i, -128, 127))));
        break;
      case IdxType::kShort: {
        const uint16_t v = uint16_t(int16_t(checkInteger(i, -32768, 32767)));
        out.push_back(uint8_t(v >> 8));
        out.push_back(uint8_t(v));
        break;
      }
      case IdxType::kInt:
        putBigEndian32(out, uint32_t(int32_t(checkInteger(i, -2147483648.0, 2147483647.0))));
        break;
      case IdxType::kFloat: {
        const float f = static_cast<float>(values[i]);
        RINGDL_CHECK(std::isfinite(f) || !std::isfinite(static_cast<double>(values[i])), "writeIdx ", path,
                     ": element ", i, " is ", values[i], ", beyond the range of float");
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        putBigEndian32(out, bits);
        break;
      }
      case IdxType::kDouble: {
        const double d = static_cast<double>(values[i]);
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        putBigEndian32(out, uint32_t(bits >> 32));
        putBigEndian32(out, uint32_t(bits));
        break;
      }
    }
  }
}

}  // namespace

template <typename T>
void writeIdx(const std::string& path, const Tensor<T>& t, IdxType type, bool gzip) {
  RINGDL_CHECK(isKnownType(static_cast<uint8_t>(type)), "writeIdx ", path, ": unknown IDX type code ",
               hexByte(static_cast<uint8_t>(type)));
  RINGDL_CHECK(t.dim() <= 255, "writeIdx ", path,
               ": an IDX file holds at most 255 dimensions, the tensor has ", t.dim());
  std::vector<uint8_t> out = {0, 0, static_cast<uint8_t>(type), static_cast<uint8_t>(t.dim())};
  for (int64_t d = 0; d < t.dim(); ++d) {
    RINGDL_CHECK(t.size(d) <= INT32_MAX, "writeIdx ", path, ": size ", t.size(d), " of dimension ", d,
                 " does not fit the int32 of an IDX header");
    putBigEndian32(out, static_cast<uint32_t>(t.size(d)));
  }
  out.reserve(out.size() + static_cast<size_t>(t.numel() * idxTypeSize(type)));
  encode(path, t.toVector(), type, out);

  if (gzip) {
    gzFile f = gzopen(path.c_str(), "wb");
    RINGDL_CHECK(f != nullptr, "writeIdx: cannot create file ", path, ": ", std::strerror(errno));
    size_t done = 0;
    bool ok = true;
    while (ok && done < out.size()) {
      const unsigned chunk = static_cast<unsigned>(std::min<size_t>(out.size() - done, 1u << 30));
      ok = gzwrite(f, out.data() + done, chunk) == static_cast<int>(chunk);
      done += chunk;
    }
    const bool closed = gzclose(f) == Z_OK;
    RINGDL_CHECK(ok && closed, "writeIdx: writing ", path, " failed (disk full?)");
  } else {
    FILE* f = std::fopen(path.c_str(), "wb");
    RINGDL_CHECK(f != nullptr, "writeIdx: cannot create file ", path, ": ", std::strerror(errno));
    const bool ok = std::fwrite(out.data(), 1, out.size(), f) == out.size();
    const bool closed = std::fclose(f) == 0;
    RINGDL_CHECK(ok && closed, "writeIdx: writing ", path, " failed: ", std::strerror(errno));
  }
}

template Tensor<float> readIdx<float>(const std::string&, const std::string&);
template Tensor<double> readIdx<double>(const std::string&, const std::string&);
template void writeIdx<float>(const std::string&, const Tensor<float>&, IdxType, bool);
template void writeIdx<double>(const std::string&, const Tensor<double>&, IdxType, bool);

}  // namespace ringdl
