// The one inflate engine under the data readers: gzip members, zlib streams and whole compressed buffers,
// decoded by ISA-L when the build found it and by zlib otherwise. The gzip and zlib wrappers (headers,
// CRC-32, Adler-32, lengths) are parsed and checked here, so both engines accept the same streams and name
// the same compressed byte for everything but damage inside the deflate data. Internal to src/data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ringdl {
namespace detail {

class RawInflate;

enum class InflateFormat {
  kGzip,        ///< gzip members (RFC 1952)
  kZlib,        ///< zlib streams (RFC 1950)
  kGzipOrZlib,  ///< either, told apart by each stream's first two bytes (1f 8b: gzip)
};

enum class InflateEngine { kZlib, kIsal };

/// ISA-L when this build has it, else zlib.
InflateEngine defaultInflateEngine();
bool inflateEngineAvailable(InflateEngine engine);
/// "zlib" or "ISA-L".
const char* inflateEngineName(InflateEngine engine);

/// Why an Inflater stopped.
struct InflateError {
  enum class Kind {
    kNone,
    kHeader,     ///< a stream's header is not gzip/zlib, or asks for what no data file can give
    kData,       ///< the deflate data does not decode
    kCheck,      ///< the trailer's CRC-32, Adler-32 or length does not match the data
    kTrailing,   ///< bytes after the stream, when the input must hold exactly one
    kTruncated,  ///< the input ended inside a stream (or held none)
  };
  Kind kind = Kind::kNone;
  /// The compressed byte, counted from the first byte given since reset(), where the problem is: the field
  /// that does not match, the end of the input, where the decoder stopped (kData: engines differ here).
  int64_t offset = 0;
  int64_t streamStart = 0;  ///< where the stream with the problem began (kTrailing: where the stream ended)
  int64_t streamIndex = 0;  ///< 0 for the first stream, 1 for the one after it, ...
  bool gzip = true;         ///< the wrapper of that stream (a kGzipOrZlib stream not yet told apart: true)
  std::string detail;       ///< what is wrong, without the offset ("the stored CRC-32 0x... ...")
};

/// A streaming inflater over one input (a file, a buffer) of one or more streams. Offsets count from the
/// first byte given since construction or reset().
class Inflater {
 public:
  enum class Status { kOk, kEnd, kError };

  /// concatenated: streams follow one another (as gzip members do) until the input ends; otherwise the input
  /// holds one stream, and bytes after it are a kTrailing error.
  Inflater(InflateFormat format, bool concatenated, InflateEngine engine = defaultInflateEngine());
  ~Inflater();
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  /// A new input: the next byte given is its first.
  void reset();

  /// Inflates from in[0, n) into out[0, room). kOk: all of the input was taken (give more, or call finish()
  /// at its end) or out is full. kEnd (single stream only): the stream is complete and verified; in[consumed]
  /// onwards was not looked at. kError: error() says why; every later call returns kError.
  Status inflate(const void* in, size_t n, size_t& consumed, void* out, size_t room, size_t& produced);
  /// The input has ended: delivers what the decoder still holds into out[0, room). kOk: out is full, call
  /// again; kEnd: the input ended where a stream did; kError: error() says why (kTruncated, or a problem
  /// in bytes held back).
  Status finish(void* out, size_t room, size_t& produced);

  const InflateError& error() const { return error_; }
  /// Compressed bytes accounted for so far (at a stream's end: where it ends).
  int64_t compressedOffset() const { return offset_; }
  /// Which engine decodes the deflate data.
  InflateEngine engine() const { return engine_; }

 private:
  enum class Stage { kHeader, kBody, kTrailer, kBetween, kFailed };
  // a header's fields in the order they come (a gzip header's optional ones after kFixed)
  enum class Header {
    kStart,
    kSecond,
    kMethod,
    kFlags,
    kFixed,
    kExtraLength,
    kExtra,
    kName,
    kComment,
    kHeaderCrc,
    kDone
  };

  Status step(const uint8_t* in, size_t n, size_t& used, uint8_t* out, size_t room, size_t& made);
  bool parseHeader(const uint8_t* in, size_t n, size_t& used);  // false: error_ is set
  bool checkTrailer();
  void startStream();
  Status fail(InflateError::Kind kind, int64_t offset, std::string detail);
  void remember(const uint8_t* in, size_t n);

  InflateFormat format_;
  bool concatenated_;
  InflateEngine engine_;
  std::unique_ptr<RawInflate> raw_;
  Stage stage_ = Stage::kHeader;
  bool gzip_ = true;      // the current stream's wrapper
  bool rawFull_ = false;  // the decoder filled out last time: it may hold more output
  int64_t offset_ = 0;
  int64_t streamStart_ = 0;
  int64_t streamIndex_ = 0;
  uint64_t streamOut_ = 0;  // bytes the current stream decoded to

  // header parsing
  Header header_ = Header::kStart;
  uint8_t first_ = 0, flags_ = 0;
  uint32_t count_ = 0;       // bytes of the current field seen
  uint32_t fieldValue_ = 0;  // little-endian value being assembled
  uint32_t headerCrc_ = 0;   // CRC-32 of the gzip header so far (FHCRC)
  int64_t fieldStart_ = 0;   // where the header's CRC-16 begins
  // trailer
  uint8_t trailer_[8] = {};
  size_t trailerBytes_ = 0;
  // the last bytes given to the decoder, and those it gave back after its stream's end
  uint8_t tail_[8] = {};
  size_t tailBytes_ = 0;
  std::string pending_;

  InflateError error_;
};

/// Inflates in[0, n), which must hold exactly one stream, into out (resized to the data). Returns "" or what
/// is wrong: "the compressed data is empty", "the compressed data (N bytes) ends before its zlib/gzip stream
/// does", "N bytes follow the end of the compressed stream", or "the data does not decompress (...)".
std::string inflateAll(Inflater& inflater, const char* in, size_t n, std::string& out);

}  // namespace detail
}  // namespace ringdl
