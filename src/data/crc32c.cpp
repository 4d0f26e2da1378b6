// CRC-32C kernels: slicing-by-8 tables everywhere; on x86-64, the SSE4.2 crc32 instruction on three
// interleaved streams (joined by zero-shift tables), and carry-less multiplication folding (PCLMULQDQ on
// 16-byte lanes, VPCLMULQDQ on AVX-512's 64-byte ones) finished with crc32. The best the CPU has is chosen
// once at run time.
#include "ringdl/data/crc32c.h"

#include <atomic>
#include <cstring>

#include "ringdl/util/error.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
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

// ---- Folding with carry-less multiplication ----
//
// Bytes are polynomials in the reflected order: in a 16-byte lane loaded little-endian, bit k stands for
// x^(127-k), so the low qword (the earlier bytes) holds the high-degree half L and the high qword the rest H.
// The CRC register after a message from register 0 is M(x) * x^32 mod P, so any M' congruent to M mod P gives
// the same register: a lane followed by D more bits, L * x^(D+64) + H * x^D, can be replaced by the 96-bit
// product of L and H with x^(D+64) mod P and x^D mod P. A carry-less multiply of two reflected qwords yields
// x * A * B (the product's bit k stands for x^(126-k), one below the lane's convention), hence the constants
// x^(D+63) mod P and x^(D-1) mod P, computed here rather than copied in.

constexpr uint64_t kPolyFull = 0x11EDC6F41ull;  // x^32 + ... + 1, bit d for x^d

// x^e mod P as a reflected qword (the coefficient of x^d in bit 63 - d).
uint64_t xPowModP(unsigned e) {
  uint64_t r = 1;
  for (unsigned i = 0; i < e; ++i) {
    r <<= 1;
    if (r & (1ull << 32)) r ^= kPolyFull;
  }
  uint64_t word = 0;
  for (int d = 0; d < 32; ++d)
    if (r & (1ull << d)) word |= 1ull << (63 - d);
  return word;
}

// The two constants that move a lane D bits further down the message: low qword for L, high for H.
struct FoldPair {
  uint64_t lo, hi;
};
FoldPair foldBy(unsigned bits) { return {xPowModP(bits + 63), xPowModP(bits - 1)}; }

struct FoldConstants {
  FoldPair k128 = foldBy(128), k256 = foldBy(256), k384 = foldBy(384), k512 = foldBy(512),
           k1024 = foldBy(1024), k1536 = foldBy(1536), k2048 = foldBy(2048);
  // For a 64-byte register followed by the message's last `tail` bytes (1-63): lane i moves down by
  // (3 - i) * 128 + 8 * tail bits, past the other lanes and the tail, whose CRC the crc32 unit computes
  // alongside.
  alignas(64) uint64_t tailLanes[64][8] = {};
  FoldConstants() {
    for (unsigned tail = 1; tail < 64; ++tail)
      for (unsigned i = 0; i < 4; ++i) {
        const FoldPair k = foldBy((3 - i) * 128 + 8 * tail);
        tailLanes[tail][2 * i] = k.lo;
        tailLanes[tail][2 * i + 1] = k.hi;
      }
  }
};

const FoldConstants& foldConstants() {
  static const FoldConstants k;
  return k;
}

#define RINGDL_TARGET_PCLMUL __attribute__((target("sse4.2,pclmul")))
#define RINGDL_TARGET_AVX512 \
  __attribute__((target("sse4.2,pclmul,avx2,avx512f,avx512bw,avx512vl,vpclmulqdq")))

RINGDL_TARGET_PCLMUL inline __m128i pair128(const FoldPair& k) {
  return _mm_set_epi64x(static_cast<int64_t>(k.hi), static_cast<int64_t>(k.lo));
}

// lane moved down by the constants' distance (still to be XORed with the data there).
RINGDL_TARGET_PCLMUL inline __m128i fold128(__m128i lane, __m128i k) {
  return _mm_xor_si128(_mm_clmulepi64_si128(lane, k, 0x00), _mm_clmulepi64_si128(lane, k, 0x11));
}

template <bool kCopy>
RINGDL_TARGET_PCLMUL inline __m128i load128(const uint8_t* p, uint8_t* dst) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  if (kCopy) _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), v);
  return v;
}

// One lane left, the message's remainder (n < 16 bytes) after it: the register is crc32 over the lane from 0.
template <bool kCopy>
RINGDL_TARGET_PCLMUL uint32_t finish(__m128i lane, const uint8_t* p, uint8_t* dst, size_t n) {
  uint64_t c = _mm_crc32_u64(0, static_cast<uint64_t>(_mm_cvtsi128_si64(lane)));
  c = _mm_crc32_u64(c, static_cast<uint64_t>(_mm_extract_epi64(lane, 1)));
  if (n == 0) return static_cast<uint32_t>(c);
  return updateSse42<kCopy>(static_cast<uint32_t>(c), p, dst, n);
}

// Folds 16-byte lanes while at least 16 bytes are left, then finishes.
template <bool kCopy>
RINGDL_TARGET_PCLMUL uint32_t foldTail(__m128i x, const uint8_t* p, uint8_t* dst, size_t n) {
  const __m128i k128 = pair128(foldConstants().k128);
  for (; n >= 16; n -= 16, p += 16) {
    x = _mm_xor_si128(fold128(x, k128), load128<kCopy>(p, dst));
    if (kCopy) dst += 16;
  }
  return finish<kCopy>(x, p, dst, n);
}

// Four lanes (64 bytes) a step. Below 128 bytes the three crc32 streams are as quick.
template <bool kCopy>
RINGDL_TARGET_PCLMUL uint32_t updatePclmul(uint32_t crc, const uint8_t* p, uint8_t* dst, size_t n) {
  if (n < 128) return updateSse42<kCopy>(crc, p, dst, n);
  const FoldConstants& k = foldConstants();
  __m128i x0 = _mm_xor_si128(load128<kCopy>(p, dst), _mm_cvtsi32_si128(static_cast<int>(crc)));
  __m128i x1 = load128<kCopy>(p + 16, dst + (kCopy ? 16 : 0));
  __m128i x2 = load128<kCopy>(p + 32, dst + (kCopy ? 32 : 0));
  __m128i x3 = load128<kCopy>(p + 48, dst + (kCopy ? 48 : 0));
  p += 64;
  if (kCopy) dst += 64;
  n -= 64;
  const __m128i k512 = pair128(k.k512);
  for (; n >= 64; n -= 64, p += 64) {
    x0 = _mm_xor_si128(fold128(x0, k512), load128<kCopy>(p, dst));
    x1 = _mm_xor_si128(fold128(x1, k512), load128<kCopy>(p + 16, dst + (kCopy ? 16 : 0)));
    x2 = _mm_xor_si128(fold128(x2, k512), load128<kCopy>(p + 32, dst + (kCopy ? 32 : 0)));
    x3 = _mm_xor_si128(fold128(x3, k512), load128<kCopy>(p + 48, dst + (kCopy ? 48 : 0)));
    if (kCopy) dst += 64;
  }
  __m128i x = _mm_xor_si128(_mm_xor_si128(fold128(x0, pair128(k.k384)), fold128(x1, pair128(k.k256))),
                            _mm_xor_si128(fold128(x2, pair128(k.k128)), x3));
  return foldTail<kCopy>(x, p, dst, n);
}

// GCC 12 warns inside its own avx512fintrin.h (the self-initialised _mm512_undefined_* behind the extract
// intrinsics); nothing here is uninitialised.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

RINGDL_TARGET_AVX512 inline __m512i pair512(const FoldPair& k) {
  const auto lo = static_cast<long long>(k.lo), hi = static_cast<long long>(k.hi);
  return _mm512_set_epi64(hi, lo, hi, lo, hi, lo, hi, lo);
}

// Each 16-byte lane of z moved down by the constants' distance, XORed with data.
RINGDL_TARGET_AVX512 inline __m512i fold512(__m512i z, __m512i k, __m512i data) {
  return _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(z, k, 0x00), _mm512_clmulepi64_epi128(z, k, 0x11),
                                   data, 0x96);
}

template <bool kCopy>
RINGDL_TARGET_AVX512 inline __m512i load512(const uint8_t* p, uint8_t* dst) {
  const __m512i v = _mm512_loadu_si512(p);
  if (kCopy) _mm512_storeu_si512(dst, v);
  return v;
}

// The four lanes of z, earliest first, folded into one: lanes 0-2 moved down by 384, 256 and 128 bits in one
// multiply, lane 3 as it is, then XORed together.
RINGDL_TARGET_AVX512 inline __m128i xorLanes(__m512i z) {
  const __m256i half = _mm256_xor_si256(_mm512_castsi512_si256(z), _mm512_extracti64x4_epi64(z, 1));
  return _mm_xor_si128(_mm256_castsi256_si128(half), _mm256_extracti128_si256(half, 1));
}

RINGDL_TARGET_AVX512 inline __m128i lanesToOne(__m512i z, const FoldConstants& k) {
  const __m512i kLanes =
      _mm512_set_epi64(0, 0, static_cast<long long>(k.k128.hi), static_cast<long long>(k.k128.lo),
                       static_cast<long long>(k.k256.hi), static_cast<long long>(k.k256.lo),
                       static_cast<long long>(k.k384.hi), static_cast<long long>(k.k384.lo));
  const __m512i moved = _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(z, kLanes, 0x00),
                                                  _mm512_clmulepi64_epi128(z, kLanes, 0x11),
                                                  _mm512_maskz_mov_epi64(0xC0, z), 0x96);
  return xorLanes(moved);
}

// One step: each register moved down 256 bytes and the next 256 bytes XORed in.
template <bool kCopy>
RINGDL_TARGET_AVX512 inline void step256(__m512i& z0, __m512i& z1, __m512i& z2, __m512i& z3, __m512i k2048,
                                         const uint8_t* p, uint8_t* dst) {
  z0 = fold512(z0, k2048, load512<kCopy>(p, dst));
  z1 = fold512(z1, k2048, load512<kCopy>(p + 64, dst + (kCopy ? 64 : 0)));
  z2 = fold512(z2, k2048, load512<kCopy>(p + 128, dst + (kCopy ? 128 : 0)));
  z3 = fold512(z3, k2048, load512<kCopy>(p + 192, dst + (kCopy ? 192 : 0)));
}

// Four 64-byte registers (256 bytes) a step; shorter inputs go to the 16-byte lanes.
template <bool kCopy>
RINGDL_TARGET_AVX512 uint32_t updateAvx512(uint32_t crc, const uint8_t* p, uint8_t* dst, size_t n) {
  if (n < 256) return updateSse42<kCopy>(crc, p, dst, n);
  const FoldConstants& k = foldConstants();
  __m512i z0 = _mm512_xor_si512(load512<kCopy>(p, dst),
                                _mm512_zextsi128_si512(_mm_cvtsi32_si128(static_cast<int>(crc))));
  __m512i z1 = load512<kCopy>(p + 64, dst + (kCopy ? 64 : 0));
  __m512i z2 = load512<kCopy>(p + 128, dst + (kCopy ? 128 : 0));
  __m512i z3 = load512<kCopy>(p + 192, dst + (kCopy ? 192 : 0));
  p += 256;
  if (kCopy) dst += 256;
  n -= 256;
  const __m512i k2048 = pair512(k.k2048);
  // Two steps an iteration: fewer loop branches between the multiplies.
  for (; n >= 512; n -= 512, p += 512) {
    step256<kCopy>(z0, z1, z2, z3, k2048, p, dst);
    step256<kCopy>(z0, z1, z2, z3, k2048, p + 256, dst + (kCopy ? 256 : 0));
    if (kCopy) dst += 512;
  }
  if (n >= 256) {
    step256<kCopy>(z0, z1, z2, z3, k2048, p, dst);
    n -= 256;
    p += 256;
    if (kCopy) dst += 256;
  }
  const __m512i k512 = pair512(k.k512);
  __m512i z = fold512(z0, pair512(k.k1536), fold512(z1, pair512(k.k1024), fold512(z2, k512, z3)));
  for (; n >= 64; n -= 64, p += 64) {
    z = fold512(z, k512, load512<kCopy>(p, dst));
    if (kCopy) dst += 64;
  }
  if (n == 0) return finish<kCopy>(lanesToOne(z, k), p, dst, 0);
  // The last n < 64 bytes: their CRC from register 0 on the crc32 unit, while the lanes move past them in one
  // multiply (rather than folding 16 bytes at a time after the lanes are joined, which lengthens the chain).
  const uint32_t tail = updateSse42<kCopy>(0, p, dst, n);
  const __m512i kz = _mm512_load_si512(k.tailLanes[n]);
  const __m512i moved =
      _mm512_xor_si512(_mm512_clmulepi64_epi128(z, kz, 0x00), _mm512_clmulepi64_epi128(z, kz, 0x11));
  return finish<kCopy>(xorLanes(moved), p, dst, 0) ^ tail;
}

#pragma GCC diagnostic pop

#endif  // RINGDL_CRC32C_X86

using detail::Crc32cKernel;

bool cpuHas(Crc32cKernel kernel) {
#ifdef RINGDL_CRC32C_X86
  __builtin_cpu_init();
  const bool sse42 = __builtin_cpu_supports("sse4.2");
  const bool pclmul = sse42 && __builtin_cpu_supports("pclmul");
  switch (kernel) {
    case Crc32cKernel::kPortable:
      return true;
    case Crc32cKernel::kSse42:
      return sse42;
    case Crc32cKernel::kPclmul:
      return pclmul;
    case Crc32cKernel::kAvx512:
      return pclmul && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("vpclmulqdq");
  }
  return false;
#else
  return kernel == Crc32cKernel::kPortable;
#endif
}

template <bool kCopy>
uint32_t run(Crc32cKernel kernel, const uint8_t* p, uint8_t* dst, size_t n, uint32_t init) {
#ifdef RINGDL_CRC32C_X86
  // Short inputs (a TFRecord length field) straight to the crc32 instruction, whatever folds longer ones.
  if (n < 256 && kernel != Crc32cKernel::kPortable) return ~updateSse42<kCopy>(~init, p, dst, n);
#endif
  switch (kernel) {
#ifdef RINGDL_CRC32C_X86
    case Crc32cKernel::kAvx512:
      return ~updateAvx512<kCopy>(~init, p, dst, n);
    case Crc32cKernel::kPclmul:
      return ~updatePclmul<kCopy>(~init, p, dst, n);
    case Crc32cKernel::kSse42:
      return ~updateSse42<kCopy>(~init, p, dst, n);
#endif
    default:
      if (kCopy && n > 0) std::memcpy(dst, p, n);
      return ~updatePortable(~init, p, n);
  }
}

// What the CPU offers, found once; every table and constant is built here too, so no later call pays for
// them. The choice skips kPclmul: 16-byte lanes fold no faster than three crc32 streams run (measured:
// docs/performance.md), so it only serves tests and benchmarks.
struct Dispatch {
  bool available[4] = {true, false, false, false};
  Crc32cKernel best = Crc32cKernel::kPortable;
  Dispatch() {
    sliceTables();
    for (Crc32cKernel k : {Crc32cKernel::kSse42, Crc32cKernel::kPclmul, Crc32cKernel::kAvx512})
      available[static_cast<int>(k)] = cpuHas(k);
    if (available[static_cast<int>(Crc32cKernel::kSse42)]) best = Crc32cKernel::kSse42;
    if (available[static_cast<int>(Crc32cKernel::kAvx512)]) best = Crc32cKernel::kAvx512;
#ifdef RINGDL_CRC32C_X86
    if (available[static_cast<int>(Crc32cKernel::kSse42)]) shifts();
    if (available[static_cast<int>(Crc32cKernel::kPclmul)]) foldConstants();
#endif
  }
};

const Dispatch& dispatch() {
  static const Dispatch d;
  return d;
}

// crc32c() and crc32cCopy() call through these pointers: the first call resolves them to the best kernel's
// entry (constant-initialised, so they are valid before any static constructor runs).
using KernelFn = uint32_t (*)(const uint8_t* p, uint8_t* dst, size_t n, uint32_t init);

template <Crc32cKernel K, bool kCopy>
uint32_t entry(const uint8_t* p, uint8_t* dst, size_t n, uint32_t init) {
  return run<kCopy>(K, p, dst, n, init);
}

#ifdef RINGDL_CRC32C_X86
// The AVX-512 entry compiled for its own target, so the kernels inline into it: one indirect call a CRC.
template <bool kCopy>
RINGDL_TARGET_AVX512 uint32_t entryAvx512(const uint8_t* p, uint8_t* dst, size_t n, uint32_t init) {
  return ~(n < 256 ? updateSse42<kCopy>(~init, p, dst, n) : updateAvx512<kCopy>(~init, p, dst, n));
}
#endif

template <bool kCopy>
KernelFn entryFor(Crc32cKernel kernel) {
  switch (kernel) {
#ifdef RINGDL_CRC32C_X86
    case Crc32cKernel::kAvx512:
      return &entryAvx512<kCopy>;
#endif
    case Crc32cKernel::kPclmul:
      return &entry<Crc32cKernel::kPclmul, kCopy>;
    case Crc32cKernel::kSse42:
      return &entry<Crc32cKernel::kSse42, kCopy>;
    default:
      return &entry<Crc32cKernel::kPortable, kCopy>;
  }
}

template <bool kCopy>
uint32_t resolve(const uint8_t* p, uint8_t* dst, size_t n, uint32_t init);

std::atomic<KernelFn> gPlain{&resolve<false>};
std::atomic<KernelFn> gCopy{&resolve<true>};

template <bool kCopy>
uint32_t resolve(const uint8_t* p, uint8_t* dst, size_t n, uint32_t init) {
  const Crc32cKernel best = dispatch().best;
  gPlain.store(entryFor<false>(best), std::memory_order_relaxed);
  gCopy.store(entryFor<true>(best), std::memory_order_relaxed);
  return run<kCopy>(best, p, dst, n, init);
}

}  // namespace

namespace detail {

const char* crc32cKernelName(Crc32cKernel kernel) {
  switch (kernel) {
    case Crc32cKernel::kPortable:
      return "portable";
    case Crc32cKernel::kSse42:
      return "sse4.2";
    case Crc32cKernel::kPclmul:
      return "pclmul";
    case Crc32cKernel::kAvx512:
      return "avx512-vpclmul";
  }
  return "unknown";
}

bool crc32cKernelAvailable(Crc32cKernel kernel) {
  const int i = static_cast<int>(kernel);
  return i >= 0 && i < 4 && dispatch().available[i];
}

Crc32cKernel crc32cKernel() { return dispatch().best; }

bool cpuHasCrc32Instruction() { return crc32cKernelAvailable(Crc32cKernel::kSse42); }

uint32_t crc32cWith(Crc32cKernel kernel, const void* data, size_t n, uint32_t init) {
  RINGDL_CHECK(crc32cKernelAvailable(kernel), "CRC-32C kernel ", crc32cKernelName(kernel),
               " is not available on this CPU");
  return run<false>(kernel, static_cast<const uint8_t*>(data), nullptr, n, init);
}

uint32_t crc32cCopy(void* dst, const void* src, size_t n, uint32_t init) {
  return gCopy.load(std::memory_order_relaxed)(static_cast<const uint8_t*>(src), static_cast<uint8_t*>(dst),
                                               n, init);
}

uint32_t crc32cCopyWith(Crc32cKernel kernel, void* dst, const void* src, size_t n, uint32_t init) {
  RINGDL_CHECK(crc32cKernelAvailable(kernel), "CRC-32C kernel ", crc32cKernelName(kernel),
               " is not available on this CPU");
  return run<true>(kernel, static_cast<const uint8_t*>(src), static_cast<uint8_t*>(dst), n, init);
}

}  // namespace detail

uint32_t crc32c(const void* data, size_t n, uint32_t init) {
  return gPlain.load(std::memory_order_relaxed)(static_cast<const uint8_t*>(data), nullptr, n, init);
}

}  // namespace ringdl
