// The deflate decoders under detail::Inflater: raw deflate data plus a running CRC-32 or Adler-32 of the
// output, by ISA-L (when the build found it) or by zlib. Internal to src/data/detail/inflate.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ringdl {
namespace detail {

enum class InflateEngine;

/// One raw deflate stream at a time. The gzip/zlib wrappers around it are Inflater's business.
class RawInflate {
 public:
  enum class Checksum { kCrc32, kAdler32 };
  enum class Status { kOk, kEnd, kError };

  virtual ~RawInflate() = default;
  /// Starts a new deflate stream whose output is summed with `checksum`.
  virtual void reset(Checksum checksum) = 0;
  /// Decodes from in[0, n) into out[0, room). kOk: call again with more input (all of it was taken) or more
  /// room (out is full). kEnd: the final block is done and all its output delivered. kError: errorText()
  /// says what is wrong. Never kOk with nothing taken and nothing produced when n > 0 and room > 0.
  virtual Status inflate(const uint8_t* in, size_t n, size_t& consumed, uint8_t* out, size_t room,
                         size_t& produced) = 0;
  /// After kEnd: how many of the bytes taken (the last ones, possibly from earlier calls) lie past the end
  /// of the deflate data; at most 7. After kError: how many of the bytes taken were not decoded yet.
  virtual size_t bytesAhead() const = 0;
  /// The checksum of everything produced since reset(); final after kEnd.
  virtual uint32_t checksum() const = 0;
  /// After kError: what the decoder found wrong.
  virtual std::string errorText() const = 0;
};

/// A decoder of the given engine; nullptr if this build has no such engine.
std::unique_ptr<RawInflate> makeZlibRawInflate();
std::unique_ptr<RawInflate> makeIsalRawInflate();

}  // namespace detail
}  // namespace ringdl
