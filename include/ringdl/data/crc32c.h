// CRC-32C (Castagnoli), the checksum of TFRecord files, and TFRecord's masked form of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>
#define RINGDL_CRC32C8_X86 1
#endif

namespace ringdl {

/// CRC-32C (polynomial 0x1EDC6F41, reflected, initial value and final XOR 0xFFFFFFFF) of n bytes.
/// `init` is the CRC of the bytes before these, so crc32c(b, nb, crc32c(a, na)) is the CRC of a followed by
/// b; crc32c("123456789", 9) is 0xE3069283. Runs the fastest kernel the CPU has, chosen once at run time:
/// carry-less multiplication folding 256 bytes a step (AVX-512 VPCLMULQDQ) or 64 (PCLMULQDQ), the SSE4.2
/// crc32 instruction on three interleaved streams, or slicing-by-8 tables on any CPU.
uint32_t crc32c(const void* data, size_t n, uint32_t init = 0);

/// TFRecord's mask of a CRC, ((crc >> 15) | (crc << 17)) + 0xa282ead8: a file that stores the CRC of bytes
/// holding CRCs would otherwise be prone to checksums that check themselves.
inline uint32_t maskCrc32c(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + 0xa282ead8u; }
/// The inverse of maskCrc32c.
inline uint32_t unmaskCrc32c(uint32_t masked) {
  const uint32_t rot = masked - 0xa282ead8u;
  return (rot >> 17) | (rot << 15);
}
/// maskCrc32c(crc32c(data, n)): what a TFRecord file stores after its length field and after its data.
inline uint32_t maskedCrc32c(const void* data, size_t n) { return maskCrc32c(crc32c(data, n)); }

namespace detail {
/// Whether the CPU has the SSE4.2 crc32 instruction (checked once).
bool cpuHasCrc32Instruction();
#ifdef RINGDL_CRC32C8_X86
__attribute__((target("sse4.2"))) inline uint32_t crc32c8Instruction(const void* data) {
  uint64_t v;
  std::memcpy(&v, data, 8);
  return ~static_cast<uint32_t>(_mm_crc32_u64(0xffffffffu, v));
}
#endif
}  // namespace detail

/// crc32c(data, 8) without the dispatch of the general kernels: one crc32 instruction where the CPU has it.
/// A TFRecord reader checks one 8-byte length field a record, so the call's overhead would cost more than
/// the CRC itself.
inline uint32_t crc32c8(const void* data) {
#ifdef RINGDL_CRC32C8_X86
  static const bool hardware = detail::cpuHasCrc32Instruction();
  if (hardware) return detail::crc32c8Instruction(data);
#endif
  return crc32c(data, 8);
}

namespace detail {
/// The implementations, for tests and benchmarks. kPortable runs everywhere; the others need the CPU
/// features their names say (x86-64 only).
enum class Crc32cKernel { kPortable, kSse42, kPclmul, kAvx512 };
/// "portable", "sse4.2", "pclmul", "avx512-vpclmul".
const char* crc32cKernelName(Crc32cKernel kernel);
bool crc32cKernelAvailable(Crc32cKernel kernel);
/// The kernel crc32c() runs.
Crc32cKernel crc32cKernel();
/// crc32c() on the given kernel, which must be available.
uint32_t crc32cWith(Crc32cKernel kernel, const void* data, size_t n, uint32_t init = 0);
/// CRC-32C of n bytes copied from src to dst in the same pass (the TFRecord reader copies every record into
/// its Record once and checks it on the way). Same result as crc32c(src, n, init).
uint32_t crc32cCopy(void* dst, const void* src, size_t n, uint32_t init = 0);
uint32_t crc32cCopyWith(Crc32cKernel kernel, void* dst, const void* src, size_t n, uint32_t init = 0);
}  // namespace detail

}  // namespace ringdl
