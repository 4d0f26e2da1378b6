// float32 <-> bf16 / fp16 conversions (scalar and vectorised) and the ring's per-segment add loops.
#include "ringdl/dist/wire_format.h"

#include <cstring>

#include "ringdl/util/error.h"
#include "wire_kernels.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define RINGDL_X86 1
// One build runs everywhere (the library is not compiled for -march=native by default), so the hot loops are
// cloned for AVX2 and picked at load time; fp16 uses the F16C instructions when the CPU has them.
#define RINGDL_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define RINGDL_X86 0
#define RINGDL_CLONES
#endif

namespace ringdl {
namespace {

inline uint32_t bitsOf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}
inline float floatOf(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// Branch-free so that the bulk loop vectorises; the scalar function is the same code, so the two agree.
inline uint16_t bf16FromBits(uint32_t x) {
  const uint32_t rounded = (x + 0x7fffu + ((x >> 16) & 1u)) >> 16;  // ties to even; carries into the exponent
  const uint32_t quietNan = (x >> 16) | 0x0040u;                    // adding could turn a NaN into infinity
  return static_cast<uint16_t>((x & 0x7fffffffu) > 0x7f800000u ? quietNan : rounded);
}

uint16_t fp16FromBits(uint32_t x) {
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t a = x & 0x7fffffffu;
  if (a > 0x7f800000u) return static_cast<uint16_t>(sign | 0x7e00u | ((a >> 13) & 0x3ffu));  // quiet NaN
  if (a >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // >= 65520 (and inf): infinity
  if (a >= 0x38800000u) {                                              // >= 2^-14: a normal half
    uint32_t v = a - 0x38000000u;                                      // rebias the exponent 127 -> 15
    v += 0x0fffu + ((v >> 13) & 1u);                                   // ties to even; may carry upwards
    return static_cast<uint16_t>(sign | (v >> 13));
  }
  if (a <= 0x33000000u) return static_cast<uint16_t>(sign);  // <= 2^-25 (half the smallest subnormal): zero
  // A subnormal half m * 2^-24: m = round(mantissa * 2^(e - 126)), with shift = 126 - e in [14, 24].
  const uint32_t e = a >> 23;
  const uint32_t mantissa = (a & 0x7fffffu) | 0x800000u;
  const uint32_t shift = 126u - e;
  uint32_t q = mantissa >> shift;
  const uint32_t rest = mantissa & ((1u << shift) - 1u);
  const uint32_t half = 1u << (shift - 1u);
  if (rest > half || (rest == half && (q & 1u))) ++q;  // q == 0x400 is the smallest normal: still right
  return static_cast<uint16_t>(sign | q);
}

float fp16ToFloatScalar(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1fu;
  const uint32_t mantissa = h & 0x3ffu;
  if (exponent == 0x1fu)  // inf, or a NaN made quiet as the F16C instruction does
    return floatOf(sign | 0x7f800000u | (mantissa << 13) | (mantissa ? 0x400000u : 0u));
  if (exponent == 0) {
    const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;  // exact: mantissa < 2^10
    return floatOf(sign | bitsOf(magnitude));
  }
  return floatOf(sign | ((exponent + 112u) << 23) | (mantissa << 13));
}

#if RINGDL_X86
bool haveF16c() {
  static const bool have = __builtin_cpu_supports("f16c") && __builtin_cpu_supports("avx");
  return have;
}
bool haveAvx2() {
  static const bool have = __builtin_cpu_supports("avx2");
  return have;
}

__attribute__((target("avx,f16c"))) void toFp16F16c(const float* src, uint16_t* dst, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i h =
        _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), h);
  }
  for (; i < n; ++i) dst[i] = fp16FromBits(bitsOf(src[i]));
}

__attribute__((target("avx,f16c"))) void fromFp16F16c(const uint16_t* src, float* dst, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i))));
  for (; i < n; ++i) dst[i] = fp16ToFloatScalar(src[i]);
}

// The same arithmetic as bf16FromBits, 16 floats at a time (GCC's own vectorisation of it is half as fast).
__attribute__((target("avx2"))) inline __m256i bf16Round8(__m256i x) {
  const __m256i rounded =
      _mm256_srli_epi32(_mm256_add_epi32(_mm256_add_epi32(x, _mm256_set1_epi32(0x7fff)),
                                         _mm256_and_si256(_mm256_srli_epi32(x, 16), _mm256_set1_epi32(1))),
                        16);
  // A signed comparison is right here: both sides are below 2^31.
  const __m256i nan =
      _mm256_cmpgt_epi32(_mm256_and_si256(x, _mm256_set1_epi32(0x7fffffff)), _mm256_set1_epi32(0x7f800000));
  const __m256i quietNan = _mm256_or_si256(_mm256_srli_epi32(x, 16), _mm256_set1_epi32(0x0040));
  return _mm256_blendv_epi8(rounded, quietNan, nan);
}

__attribute__((target("avx2"))) void toBf16Avx2(const float* src, uint16_t* dst, int64_t n) {
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256i a = bf16Round8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i)));
    const __m256i b = bf16Round8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 8)));
    // packus works within 128-bit lanes; the permute puts the four quarters back in order.
    const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(a, b), 0xd8);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), packed);
  }
  for (; i < n; ++i) dst[i] = bf16FromBits(bitsOf(src[i]));
}

__attribute__((target("avx,f16c"))) void addFp16F16c(float* dst, const uint16_t* src, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i)));
    _mm256_storeu_ps(dst + i, _mm256_add_ps(_mm256_loadu_ps(dst + i), v));
  }
  for (; i < n; ++i) dst[i] += fp16ToFloatScalar(src[i]);
}
#endif

void toBf16Loop(const float* __restrict src, uint16_t* __restrict dst, int64_t n) {
#if RINGDL_X86
  if (haveAvx2()) return toBf16Avx2(src, dst, n);
#endif
  for (int64_t i = 0; i < n; ++i) dst[i] = bf16FromBits(bitsOf(src[i]));
}
RINGDL_CLONES void fromBf16Loop(const uint16_t* __restrict src, float* __restrict dst, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dst[i] = floatOf(static_cast<uint32_t>(src[i]) << 16);
}
RINGDL_CLONES void addBf16Loop(float* __restrict dst, const uint16_t* __restrict src, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dst[i] += floatOf(static_cast<uint32_t>(src[i]) << 16);
}
RINGDL_CLONES void addFloatLoop(float* __restrict dst, const float* __restrict src, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dst[i] += src[i];
}
RINGDL_CLONES void addDoubleLoop(double* __restrict dst, const double* __restrict src, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dst[i] += src[i];
}

}  // namespace

std::string toString(WireFormat format) {
  switch (format) {
    case WireFormat::kNative:
      return "native";
    case WireFormat::kBf16:
      return "bf16";
    case WireFormat::kFp16:
      return "fp16";
  }
  return "unknown";
}

WireFormat wireFormatFromString(const std::string& name) {
  if (name == "native") return WireFormat::kNative;
  if (name == "bf16") return WireFormat::kBf16;
  if (name == "fp16") return WireFormat::kFp16;
  RINGDL_FAIL("unknown wire format '", name, "' (known: native, bf16, fp16)");
}

int64_t wireBytesPerElement(WireFormat format, int64_t nativeBytes) {
  return format == WireFormat::kNative ? nativeBytes : 2;
}

uint16_t floatToBf16(float value) { return bf16FromBits(bitsOf(value)); }
float bf16ToFloat(uint16_t bits) { return floatOf(static_cast<uint32_t>(bits) << 16); }
uint16_t floatToFp16(float value) { return fp16FromBits(bitsOf(value)); }
float fp16ToFloat(uint16_t bits) { return fp16ToFloatScalar(bits); }

void floatToBf16(const float* src, uint16_t* dst, int64_t n) { toBf16Loop(src, dst, n); }
void bf16ToFloat(const uint16_t* src, float* dst, int64_t n) { fromBf16Loop(src, dst, n); }

void floatToFp16(const float* src, uint16_t* dst, int64_t n) {
#if RINGDL_X86
  if (haveF16c()) return toFp16F16c(src, dst, n);
#endif
  for (int64_t i = 0; i < n; ++i) dst[i] = fp16FromBits(bitsOf(src[i]));
}

void fp16ToFloat(const uint16_t* src, float* dst, int64_t n) {
#if RINGDL_X86
  if (haveF16c()) return fromFp16F16c(src, dst, n);
#endif
  for (int64_t i = 0; i < n; ++i) dst[i] = fp16ToFloatScalar(src[i]);
}

namespace detail {

void addInto(float* dst, const float* src, int64_t n) { addFloatLoop(dst, src, n); }
void addInto(double* dst, const double* src, int64_t n) { addDoubleLoop(dst, src, n); }
void addBf16Into(float* dst, const uint16_t* src, int64_t n) { addBf16Loop(dst, src, n); }
void addFp16Into(float* dst, const uint16_t* src, int64_t n) {
#if RINGDL_X86
  if (haveF16c()) return addFp16F16c(dst, src, n);
#endif
  for (int64_t i = 0; i < n; ++i) dst[i] += fp16ToFloatScalar(src[i]);
}

}  // namespace detail
}  // namespace ringdl
