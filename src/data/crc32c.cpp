// CRC-32C: slicing-by-8 tables everywhere, the SSE4.2 crc32 instruction on three interleaved streams where
// the CPU has it (chosen once at run time), and the zero-shift tables that join the three streams.
#include "ringdl/data/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>
#define RINGDL_CRC32C_X86 1
#endif

namespace ringdl {
namespace {

constexpr uint32_t kPolyReflected = 0x82F63B78u;  // 0x1EDC6F41 bit-reversed

struct SliceTables {
  uint32_t t[8][256];
};

SliceTables makeSliceTables() {
  SliceTables s{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int b = 0; b < 8; ++b) c = (c & 1) ? (c >> 1) ^ kPolyReflected : c >> 1;
    s.t[0][i] = c;
  }
  for (int k = 1; k < 8; ++k)
    for (int i = 0; i < 256; ++i) s.t[k][i] = (s.t[k - 1][i] >> 8) ^ s.t[0][s.t[k - 1][i] & 0xFF];
  return s;
}

const SliceTables& sliceTables() {
  static const SliceTables tables = makeSliceTables();
  return tables;
}

inline uint32_t load32le(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// The CRC register (no pre- or post-inversion) after n more bytes.
uint32_t updatePortable(uint32_t crc, const uint8_t* p, size_t n) {
  const auto& t = sliceTables().t;
  for (; n >= 8; n -= 8, p += 8) {
    const uint32_t lo = load32le(p) ^ crc;
    const uint32_t hi = load32le(p + 4);
    crc = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24] ^
          t[3][hi & 0xFF] ^ t[2][(hi >> 8) & 0xFF] ^ t[1][(hi >> 16) & 0xFF] ^ t[0][hi >> 24];
  }
  for (; n > 0; --n, ++p) crc = (crc >> 8) ^ t[0][(crc ^ *p) & 0xFF];
  return crc;
}

#ifdef RINGDL_CRC32C_X86

// The register is linear in its previous value for a run of zero bytes: Shift<K> tabulates "feed K zero
// bytes" per byte of the register, so the CRC of A||B is shift(crc(A)) ^ crc_from_zero(B) for |B| = K.
template <size_t K>
struct ZeroShift {
  uint32_t t[4][256];
  ZeroShift() {
    const auto& t0 = sliceTables().t[0];
    uint32_t basis[32];
    for (int bit = 0; bit < 32; ++bit) {
      uint32_t r = 1u << bit;
      for (size_t i = 0; i < K; ++i) r = (r >> 8) ^ t0[r & 0xFF];
      basis[bit] = r;
    }
    for (int j = 0; j < 4; ++j)
      for (uint32_t v = 0; v < 256; ++v) {
        uint32_t r = 0;
        for (int b = 0; b < 8; ++b)
          if (v & (1u << b)) r ^= basis[8 * j + b];
        t[j][v] = r;
      }
  }
  uint32_t operator()(uint32_t r) const {
    return t[0][r & 0xFF] ^ t[1][(r >> 8) & 0xFF] ^ t[2][(r >> 16) & 0xFF] ^ t[3][r >> 24];
  }
};

// Per-stream block lengths: long inputs run 3 x 4 KiB per step; a 784-byte image runs one 3 x 256 step.
constexpr size_t kLong = 4096, kMid = 256, kShort = 48;

struct Shifts {
  ZeroShift<kLong> longShift;
  ZeroShift<kMid> midShift;
  ZeroShift<kShort> shortShift;
};

const Shifts& shifts() {
  static const Shifts s;
  return s;
}

inline uint64_t load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline void store64(uint8_t* p, uint64_t v) { std::memcpy(p, &v, 8); }

// kCopy: also copy the bytes to dst on the way (dst advances with p).
template <bool kCopy, size_t K, typename Shift>
__attribute__((target("sse4.2"))) inline uint32_t threeWay(uint32_t crc, const uint8_t*& p, uint8_t*& dst,
                                                           size_t& n, const Shift& shift) {
  while (n >= 3 * K) {
    uint64_t c0 = crc, c1 = 0, c2 = 0;
    for (size_t i = 0; i < K; i += 8) {
      const uint64_t a = load64(p + i), b = load64(p + K + i), c = load64(p + 2 * K + i);
      c0 = _mm_crc32_u64(c0, a);
      c1 = _mm_crc32_u64(c1, b);
      c2 = _mm_crc32_u64(c2, c);
      if (kCopy) {
        store64(dst + i, a);
        store64(dst + K + i, b);
        store64(dst + 2 * K + i, c);
      }
    }
    crc = shift(shift(static_cast<uint32_t>(c0)) ^ static_cast<uint32_t>(c1)) ^ static_cast<uint32_t>(c2);
    p += 3 * K;
    if (kCopy) dst += 3 * K;
    n -= 3 * K;
  }
  return crc;
}

template <bool kCopy>
__attribute__((target("sse4.2"))) uint32_t updateSse42(uint32_t crc, const uint8_t* p, uint8_t* dst,
                                                       size_t n) {
  if (n >= 3 * kShort) {
    const Shifts& s = shifts();
    crc = threeWay<kCopy, kLong>(crc, p, dst, n, s.longShift);
    crc = threeWay<kCopy, kMid>(crc, p, dst, n, s.midShift);
    crc = threeWay<kCopy, kShort>(crc, p, dst, n, s.shortShift);
  }
  uint64_t c = crc;
  for (; n >= 8; n -= 8, p += 8) {
    const uint64_t v = load64(p);
    c = _mm_crc32_u64(c, v);
    if (kCopy) {
      store64(dst, v);
      dst += 8;
    }
  }
  crc = static_cast<uint32_t>(c);
  for (; n > 0; --n, ++p) {
    crc = _mm_crc32_u8(crc, *p);
    if (kCopy) *dst++ = *p;
  }
  return crc;
}

bool detectSse42() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("sse4.2");
}

#endif  // RINGDL_CRC32C_X86

// Chosen once: the tables are built here too, so no later call pays for them.
struct Dispatch {
  bool hardware = false;
  Dispatch() {
    sliceTables();
#ifdef RINGDL_CRC32C_X86
    hardware = detectSse42();
    if (hardware) shifts();
#endif
  }
};

const Dispatch& dispatch() {
  static const Dispatch d;
  return d;
}

}  // namespace

namespace detail {

uint32_t crc32cPortable(const void* data, size_t n, uint32_t init) {
  return ~updatePortable(~init, static_cast<const uint8_t*>(data), n);
}

uint32_t crc32cSse42(const void* data, size_t n, uint32_t init) {
#ifdef RINGDL_CRC32C_X86
  return ~updateSse42<false>(~init, static_cast<const uint8_t*>(data), nullptr, n);
#else
  return crc32cPortable(data, n, init);
#endif
}

bool crc32cHardware() { return dispatch().hardware; }

uint32_t crc32cCopy(void* dst, const void* src, size_t n, uint32_t init) {
#ifdef RINGDL_CRC32C_X86
  if (dispatch().hardware)
    return ~updateSse42<true>(~init, static_cast<const uint8_t*>(src), static_cast<uint8_t*>(dst), n);
#endif
  if (n > 0) std::memcpy(dst, src, n);
  return crc32cPortable(dst, n, init);
}

}  // namespace detail

uint32_t crc32c(const void* data, size_t n, uint32_t init) {
#ifdef RINGDL_CRC32C_X86
  if (dispatch().hardware) return ~updateSse42<false>(~init, static_cast<const uint8_t*>(data), nullptr, n);
#endif
  return ~updatePortable(~init, static_cast<const uint8_t*>(data), n);
}

}  // namespace ringdl
