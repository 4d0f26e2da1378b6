// zlib's raw inflate (no wrapper: Inflater parses gzip and zlib headers and trailers itself), with the CRC-32
// or Adler-32 of the output summed here. Always built: the engine when ISA-L is absent, and the reference.
#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "raw_inflate.h"
#include "ringdl/util/error.h"

namespace ringdl {
namespace detail {

namespace {

class ZlibRawInflate : public RawInflate {
 public:
  ZlibRawInflate() {
    std::memset(&zs_, 0, sizeof zs_);
    const int ret = inflateInit2(&zs_, -MAX_WBITS);  // negative: raw deflate, no header or trailer
    RINGDL_CHECK(ret == Z_OK, "cannot start zlib's inflate (error ", ret, ")");
  }
  ~ZlibRawInflate() override { inflateEnd(&zs_); }

  void reset(Checksum checksum) override {
    inflateReset(&zs_);
    adler_ = checksum == Checksum::kAdler32;
    sum_ = adler_ ? adler32(0L, Z_NULL, 0) : crc32(0L, Z_NULL, 0);
    error_ = 0;
  }

  Status inflate(const uint8_t* in, size_t n, size_t& consumed, uint8_t* out, size_t room,
                 size_t& produced) override {
    // zlib counts in uInt: at most 1 GiB a call each way
    zs_.next_in = const_cast<Bytef*>(in);
    zs_.avail_in = static_cast<uInt>(std::min<size_t>(n, size_t(1) << 30));
    zs_.next_out = out;
    zs_.avail_out = static_cast<uInt>(std::min<size_t>(room, size_t(1) << 30));
    const uInt inBefore = zs_.avail_in, outBefore = zs_.avail_out;
    const int ret = ::inflate(&zs_, Z_NO_FLUSH);
    consumed = inBefore - zs_.avail_in;
    produced = outBefore - zs_.avail_out;
    if (produced > 0)
      sum_ = adler_ ? adler32(sum_, out, static_cast<uInt>(produced))
                    : crc32(sum_, out, static_cast<uInt>(produced));
    if (ret == Z_STREAM_END) return Status::kEnd;
    if (ret == Z_OK || ret == Z_BUF_ERROR) return Status::kOk;
    error_ = ret;
    message_ = zs_.msg ? zs_.msg : "zlib error " + std::to_string(ret);
    return Status::kError;
  }

  size_t bytesAhead() const override { return 0; }  // zlib gives back whole bytes it has not used
  uint32_t checksum() const override { return static_cast<uint32_t>(sum_); }
  std::string errorText() const override { return message_; }

 private:
  z_stream zs_;
  bool adler_ = false;
  uLong sum_ = 0;
  int error_ = 0;
  std::string message_;
};

}  // namespace

std::unique_ptr<RawInflate> makeZlibRawInflate() { return std::make_unique<ZlibRawInflate>(); }

}  // namespace detail
}  // namespace ringdl
