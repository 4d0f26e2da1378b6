// ISA-L's raw inflate (isal_inflate with no wrapper; Inflater parses gzip and zlib headers and trailers),
// with the CRC-32 or Adler-32 of the output computed by ISA-L as it decodes. Built when CMake finds libisal.
#include "raw_inflate.h"

#ifdef RINGDL_HAVE_ISAL

#include <isa-l/igzip_lib.h>

#include <algorithm>

namespace ringdl {
namespace detail {

namespace {

class IsalRawInflate : public RawInflate {
 public:
  IsalRawInflate() : state_(new inflate_state) { isal_inflate_init(state_.get()); }

  void reset(Checksum checksum) override {
    isal_inflate_reset(state_.get());
    // *_NO_HDR: ISA-L sums the output but neither reads nor checks a header or trailer
    state_->crc_flag = checksum == Checksum::kCrc32 ? ISAL_GZIP_NO_HDR : ISAL_ZLIB_NO_HDR;
    state_->hist_bits = 0;  // deflate's full 32 KiB window
    ahead_ = 0;
    error_ = 0;
  }

  Status inflate(const uint8_t* in, size_t n, size_t& consumed, uint8_t* out, size_t room,
                 size_t& produced) override {
    inflate_state& s = *state_;
    s.next_in = const_cast<uint8_t*>(in);
    s.avail_in = static_cast<uint32_t>(std::min<size_t>(n, size_t(1) << 30));
    s.next_out = out;
    s.avail_out = static_cast<uint32_t>(std::min<size_t>(room, size_t(1) << 30));
    const int ret = isal_inflate(&s);
    consumed = static_cast<size_t>(s.next_in - in);
    produced = static_cast<size_t>(s.next_out - out);
    // ISA-L reads up to 8 bytes ahead into its bit buffer; whole bytes there are not decoded yet
    ahead_ = s.read_in_length > 0 ? static_cast<size_t>(s.read_in_length) / 8 : 0;
    if (ret < 0) {
      error_ = ret;
      return Status::kError;
    }
    return s.block_state == ISAL_BLOCK_FINISH ? Status::kEnd : Status::kOk;
  }

  size_t bytesAhead() const override { return ahead_; }
  uint32_t checksum() const override { return state_->crc; }

  std::string errorText() const override {
    switch (error_) {
      case ISAL_INVALID_BLOCK:
        return "invalid deflate block";
      case ISAL_INVALID_SYMBOL:
        return "invalid deflate code";
      case ISAL_INVALID_LOOKBACK:
        return "invalid distance too far back";
      default:
        return "ISA-L error " + std::to_string(error_);
    }
  }

 private:
  std::unique_ptr<inflate_state> state_;  // 85 KiB: on the heap
  size_t ahead_ = 0;
  int error_ = 0;
};

}  // namespace

std::unique_ptr<RawInflate> makeIsalRawInflate() { return std::make_unique<IsalRawInflate>(); }

}  // namespace detail
}  // namespace ringdl

#else

namespace ringdl {
namespace detail {

std::unique_ptr<RawInflate> makeIsalRawInflate() { return nullptr; }

}  // namespace detail
}  // namespace ringdl

#endif
