// The inflate engine's wrapper layer: gzip and zlib headers parsed byte by byte (so they may straddle reads),
// trailers checked against the decoder's CRC-32/Adler-32 and length, members or streams one after another,
// and the bytes a decoder read past its stream's end handed back to the next one.
#include "inflate.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "raw_inflate.h"
#include "ringdl/util/error.h"

namespace ringdl {
namespace detail {

namespace {

std::string hex8(unsigned v) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", v & 0xffu);
  return text;
}

std::string hex32(uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", v);
  return text;
}

uint32_t le32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

uint32_t be32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

// gzip header flags (RFC 1952)
constexpr uint8_t kFlagHeaderCrc = 0x02, kFlagExtra = 0x04, kFlagName = 0x08, kFlagComment = 0x10,
                  kFlagsReserved = 0xe0;

}  // namespace

InflateEngine defaultInflateEngine() {
  return inflateEngineAvailable(InflateEngine::kIsal) ? InflateEngine::kIsal : InflateEngine::kZlib;
}

bool inflateEngineAvailable(InflateEngine engine) {
#ifdef RINGDL_HAVE_ISAL
  return true;
#else
  return engine == InflateEngine::kZlib;
#endif
}

const char* inflateEngineName(InflateEngine engine) {
  return engine == InflateEngine::kIsal ? "ISA-L" : "zlib";
}

Inflater::Inflater(InflateFormat format, bool concatenated, InflateEngine engine)
    : format_(format), concatenated_(concatenated), engine_(engine) {
  raw_ = engine == InflateEngine::kIsal ? makeIsalRawInflate() : makeZlibRawInflate();
  RINGDL_CHECK(raw_ != nullptr, "this build of RingDL has no ISA-L inflate (libisal-dev was not found, or ",
               "RINGDL_WITH_ISAL was OFF)");
  reset();
}

Inflater::~Inflater() = default;

void Inflater::reset() {
  offset_ = 0;
  streamIndex_ = -1;
  pending_.clear();
  error_ = InflateError();
  startStream();
}

void Inflater::startStream() {
  stage_ = Stage::kHeader;
  header_ = Header::kStart;
  gzip_ = format_ != InflateFormat::kZlib;
  streamStart_ = offset_;
  ++streamIndex_;
  streamOut_ = 0;
  count_ = 0;
  fieldValue_ = 0;
  headerCrc_ = 0;
  trailerBytes_ = 0;
  tailBytes_ = 0;
  rawFull_ = false;
}

Inflater::Status Inflater::fail(InflateError::Kind kind, int64_t offset, std::string detail) {
  error_.kind = kind;
  error_.offset = offset;
  error_.streamStart = streamStart_;
  error_.streamIndex = streamIndex_;
  error_.gzip = gzip_;
  error_.detail = std::move(detail);
  stage_ = Stage::kFailed;
  return Status::kError;
}

void Inflater::remember(const uint8_t* in, size_t n) {
  if (n >= sizeof tail_) {
    std::memcpy(tail_, in + n - sizeof tail_, sizeof tail_);
    tailBytes_ = sizeof tail_;
    return;
  }
  const size_t keep = std::min(tailBytes_, sizeof tail_ - n);
  std::memmove(tail_, tail_ + tailBytes_ - keep, keep);
  if (n > 0) std::memcpy(tail_ + keep, in, n);
  tailBytes_ = keep + n;
}

// Consumes header bytes from in[0, n). True when the header is complete (used: its last bytes here) or
// more is needed (used == n); false with error_ set.
bool Inflater::parseHeader(const uint8_t* in, size_t n, size_t& used) {
  const int64_t base = offset_;
  size_t i = 0;
  size_t crcFrom = 0;  // in[crcFrom, i) not yet in headerCrc_
  auto sumHeader = [&] {
    if (header_ != Header::kHeaderCrc && i > crcFrom)
      headerCrc_ = static_cast<uint32_t>(crc32(headerCrc_, in + crcFrom, static_cast<uInt>(i - crcFrom)));
    crcFrom = i;
  };
  auto bad = [&](int64_t at, std::string detail) {
    used = i;
    fail(InflateError::Kind::kHeader, at, std::move(detail));
    return false;
  };
  // the gzip field after `after`, given the flags
  auto next = [&](Header after) {
    if (after < Header::kExtraLength && (flags_ & kFlagExtra)) return Header::kExtraLength;
    if (after < Header::kName && (flags_ & kFlagName)) return Header::kName;
    if (after < Header::kComment && (flags_ & kFlagComment)) return Header::kComment;
    if (after < Header::kHeaderCrc && (flags_ & kFlagHeaderCrc)) {
      sumHeader();  // the header CRC covers every byte before it
      fieldStart_ = base + static_cast<int64_t>(i);
      return Header::kHeaderCrc;
    }
    return Header::kDone;
  };
  while (i < n && header_ != Header::kDone) {
    const uint8_t b = in[i];
    switch (header_) {
      case Header::kStart:
        first_ = b;
        ++i;
        if (format_ == InflateFormat::kGzip && b != 0x1f)
          return bad(streamStart_, "no gzip header: the stream starts with " + hex8(b) + ", not 0x1f 0x8b");
        header_ = Header::kSecond;
        break;
      case Header::kSecond: {
        ++i;
        const bool gzipMagic = first_ == 0x1f && b == 0x8b;
        if (format_ == InflateFormat::kGzip || (format_ == InflateFormat::kGzipOrZlib && gzipMagic)) {
          if (!gzipMagic)
            return bad(streamStart_,
                       "no gzip header: the stream starts with 0x1f " + hex8(b) + ", not 0x1f 0x8b");
          gzip_ = true;
          header_ = Header::kMethod;
          break;
        }
        gzip_ = false;
        const unsigned cmf = first_, flg = b;
        if ((cmf * 256 + flg) % 31 != 0)
          return bad(streamStart_,
                     std::string(format_ == InflateFormat::kZlib ? "no zlib header"
                                                                 : "neither a gzip nor a zlib header") +
                         ": the stream starts with " + hex8(cmf) + " " + hex8(flg) +
                         (format_ == InflateFormat::kZlib ? ", which fails zlib's header check" : ""));
        if ((cmf & 0x0f) != 8)
          return bad(streamStart_, "the zlib header names compression method " + std::to_string(cmf & 0x0f) +
                                       ", not deflate (8)");
        if ((cmf >> 4) > 7)
          return bad(streamStart_, "the zlib header asks for a window of 2^" +
                                       std::to_string((cmf >> 4) + 8) + " bytes, beyond deflate's 2^15");
        if (flg & 0x20)
          return bad(streamStart_ + 1,
                     "the zlib stream needs a preset dictionary, which a data file cannot give");
        header_ = Header::kDone;
        break;
      }
      case Header::kMethod:
        ++i;
        if (b != 8)
          return bad(base + int64_t(i) - 1,
                     "the gzip header names compression method " + std::to_string(b) + ", not deflate (8)");
        header_ = Header::kFlags;
        break;
      case Header::kFlags:
        ++i;
        if (b & kFlagsReserved)
          return bad(base + int64_t(i) - 1,
                     "the gzip header sets reserved flag bits (flags " + hex8(b) + ")");
        flags_ = b;
        count_ = 0;
        header_ = Header::kFixed;
        break;
      case Header::kFixed: {  // modification time, extra flags, operating system: 6 bytes, not checked
        const size_t take = std::min<size_t>(6 - count_, n - i);
        i += take;
        count_ += static_cast<uint32_t>(take);
        if (count_ == 6) {
          count_ = 0;
          fieldValue_ = 0;
          header_ = next(Header::kFixed);
        }
        break;
      }
      case Header::kExtraLength:
        fieldValue_ |= uint32_t(b) << (8 * count_);
        ++i;
        if (++count_ == 2) {
          count_ = 0;
          header_ = fieldValue_ > 0 ? Header::kExtra : next(Header::kExtra);
        }
        break;
      case Header::kExtra: {
        const size_t take = std::min<size_t>(fieldValue_, n - i);
        i += take;
        fieldValue_ -= static_cast<uint32_t>(take);
        if (fieldValue_ == 0) header_ = next(Header::kExtra);
        break;
      }
      case Header::kName:
      case Header::kComment: {  // zero-terminated
        const void* zero = std::memchr(in + i, 0, n - i);
        if (zero == nullptr) {
          i = n;
          break;
        }
        i = static_cast<size_t>(static_cast<const uint8_t*>(zero) - in) + 1;
        header_ = next(header_);
        break;
      }
      case Header::kHeaderCrc:
        fieldValue_ |= uint32_t(b) << (8 * count_);
        ++i;
        if (++count_ == 2) {
          if (fieldValue_ != (headerCrc_ & 0xffffu))
            return bad(fieldStart_, "the gzip header's stored CRC-16 " + hex8(fieldValue_ >> 8) +
                                        hex8(fieldValue_).substr(2) + " does not match its bytes' " +
                                        hex8(headerCrc_ >> 8) + hex8(headerCrc_).substr(2));
          header_ = Header::kDone;
        }
        break;
      case Header::kDone:
        break;
    }
  }
  sumHeader();
  used = i;
  return true;
}

bool Inflater::checkTrailer() {
  const int64_t at = offset_ - (gzip_ ? 8 : 4);
  const uint32_t sum = raw_->checksum();
  if (gzip_) {
    const uint32_t crc = le32(trailer_), length = le32(trailer_ + 4);
    if (crc != sum) {
      fail(InflateError::Kind::kCheck, at,
           "the stored CRC-32 " + hex32(crc) + " does not match the decompressed data's " + hex32(sum));
      return false;
    }
    if (length != static_cast<uint32_t>(streamOut_)) {
      fail(InflateError::Kind::kCheck, at + 4,
           "the stored length " + std::to_string(length) + " (mod 2^32) does not match the " +
               std::to_string(streamOut_) + " bytes decompressed");
      return false;
    }
    return true;
  }
  const uint32_t adler = be32(trailer_);
  if (adler != sum) {
    fail(InflateError::Kind::kCheck, at,
         "the stored Adler-32 " + hex32(adler) + " does not match the decompressed data's " + hex32(sum));
    return false;
  }
  return true;
}

// Runs the stages over in[0, n) until it is used up, out is full, the decoder hands bytes back (pending_),
// a single stream ends, or an error.
Inflater::Status Inflater::step(const uint8_t* in, size_t n, size_t& used, uint8_t* out, size_t room,
                                size_t& made) {
  used = 0;
  made = 0;
  for (;;) {
    switch (stage_) {
      case Stage::kFailed:
        return Status::kError;
      case Stage::kBetween:
        if (used == n) return Status::kOk;
        if (!concatenated_) {
          streamStart_ = offset_;
          return fail(InflateError::Kind::kTrailing, offset_,
                      std::string("bytes follow the end of the ") + (gzip_ ? "gzip" : "zlib") + " stream");
        }
        startStream();
        break;
      case Stage::kHeader: {
        if (used == n) return Status::kOk;
        size_t u = 0;
        const bool ok = parseHeader(in + used, n - used, u);
        used += u;
        offset_ += static_cast<int64_t>(u);
        if (!ok) return Status::kError;
        if (header_ != Header::kDone) return Status::kOk;
        raw_->reset(gzip_ ? RawInflate::Checksum::kCrc32 : RawInflate::Checksum::kAdler32);
        stage_ = Stage::kBody;
        break;
      }
      case Stage::kBody: {
        if (made == room || (used == n && !rawFull_)) return Status::kOk;
        size_t u = 0, m = 0;
        const RawInflate::Status st = raw_->inflate(in + used, n - used, u, out + made, room - made, m);
        remember(in + used, u);
        used += u;
        offset_ += static_cast<int64_t>(u);
        made += m;
        streamOut_ += m;
        rawFull_ = m > 0 && made == room;
        if (st == RawInflate::Status::kError)  // where the decoder was, not where it had read to
          return fail(InflateError::Kind::kData,
                      offset_ - std::min(static_cast<int64_t>(raw_->bytesAhead()), offset_ - streamStart_),
                      raw_->errorText());
        if (st == RawInflate::Status::kEnd) {
          stage_ = Stage::kTrailer;
          trailerBytes_ = 0;
          const size_t ahead = std::min(raw_->bytesAhead(), tailBytes_);
          if (ahead > 0) {  // read past the end: those bytes are the trailer's, and maybe the next stream's
            pending_.assign(reinterpret_cast<const char*>(tail_ + tailBytes_ - ahead), ahead);
            offset_ -= static_cast<int64_t>(ahead);
            return Status::kOk;
          }
          break;
        }
        if (u == 0 && m == 0) {
          if (used == n) {  // nothing held back after all
            rawFull_ = false;
            return Status::kOk;
          }
          return fail(InflateError::Kind::kData, offset_, "the decoder stopped making progress");
        }
        break;
      }
      case Stage::kTrailer: {
        const size_t need = gzip_ ? 8 : 4;
        const size_t take = std::min(need - trailerBytes_, n - used);
        if (take > 0) std::memcpy(trailer_ + trailerBytes_, in + used, take);
        trailerBytes_ += take;
        used += take;
        offset_ += static_cast<int64_t>(take);
        if (trailerBytes_ < need) return Status::kOk;
        if (!checkTrailer()) return Status::kError;
        stage_ = Stage::kBetween;
        if (!concatenated_) return Status::kEnd;
        break;
      }
    }
  }
}

Inflater::Status Inflater::inflate(const void* in, size_t n, size_t& consumed, void* out, size_t room,
                                   size_t& produced) {
  const auto* src = static_cast<const uint8_t*>(in);
  auto* dst = static_cast<uint8_t*>(out);
  consumed = 0;
  produced = 0;
  for (;;) {
    if (stage_ == Stage::kFailed) return Status::kError;
    size_t u = 0, m = 0;
    if (!pending_.empty()) {  // bytes handed back come before the caller's
      std::string source;
      source.swap(pending_);
      const Status st = step(reinterpret_cast<const uint8_t*>(source.data()), source.size(), u,
                             dst + produced, room - produced, m);
      produced += m;
      const bool handedBack = !pending_.empty();
      pending_.append(source, u, std::string::npos);
      if (st != Status::kOk) return st;
      if (u < source.size() && !handedBack) return Status::kOk;  // out is full
      continue;
    }
    const Status st = step(src + consumed, n - consumed, u, dst + produced, room - produced, m);
    consumed += u;
    produced += m;
    if (st != Status::kOk) return st;
    if (!pending_.empty()) continue;
    return Status::kOk;
  }
}

Inflater::Status Inflater::finish(void* out, size_t room, size_t& produced) {
  size_t consumed = 0;
  const Status st = inflate(nullptr, 0, consumed, out, room, produced);
  if (st == Status::kError) return st;
  if (room > 0 && produced == room) return Status::kOk;
  if (stage_ == Stage::kBetween) return Status::kEnd;
  return fail(InflateError::Kind::kTruncated, offset_,
              std::string("the ") + (gzip_ ? "gzip" : "zlib") + " stream ends without its end marker");
}

std::string inflateAll(Inflater& inflater, const char* in, size_t n, std::string& out) {
  inflater.reset();
  if (n == 0) {
    out.clear();
    return "the compressed data is empty";
  }
  // Room for about twice the input, or the previous output's size (a file's records are usually alike): a
  // string grown by resize() zero-fills what it adds, so it grows only by what may be needed, doubling below.
  const size_t room = std::max(out.size(), 2 * n + 256);
  if (out.size() < room) out.resize(room);
  size_t taken = 0, produced = 0;
  Inflater::Status st;
  do {
    if (produced == out.size()) out.resize(out.size() * 2);
    size_t used = 0, made = 0;
    const size_t room = out.size() - produced;
    st = taken < n ? inflater.inflate(in + taken, n - taken, used, &out[produced], room, made)
                   : inflater.finish(&out[produced], room, made);
    taken += used;
    produced += made;
  } while (st == Inflater::Status::kOk);
  out.resize(produced);
  const int64_t size = static_cast<int64_t>(n);
  if (st == Inflater::Status::kEnd) {
    const int64_t end = inflater.compressedOffset();
    return end < size ? std::to_string(size - end) + " bytes follow the end of the compressed stream" : "";
  }
  const InflateError& e = inflater.error();
  switch (e.kind) {
    case InflateError::Kind::kTrailing:
      return std::to_string(size - e.offset) + " bytes follow the end of the compressed stream";
    case InflateError::Kind::kTruncated:
      return "the compressed data (" + std::to_string(n) + " bytes) ends before its zlib/gzip stream does";
    default:
      return "the data does not decompress (" + e.detail + ", near byte " + std::to_string(e.offset) +
             " of " + std::to_string(n) + ")";
  }
}

}  // namespace detail
}  // namespace ringdl
