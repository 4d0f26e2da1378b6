// CRC-32C: the standard check value, RFC 3720's test vectors, TFRecord's mask, and every kernel this CPU has
// (tables, SSE4.2, PCLMULQDQ, AVX-512), plain and copying, against a bit-at-a-time reference on every length
// up to 1100 bytes and more, at every alignment, from zero and chained.
#include "ringdl/data/crc32c.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "ringdl/util/error.h"

namespace ringdl {
namespace {

// The definition, one bit at a time: reflected polynomial 0x82F63B78, inverted in and out.
uint32_t referenceCrc(const uint8_t* p, size_t n, uint32_t init = 0) {
  uint32_t crc = ~init;
  for (size_t i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int b = 0; b < 8; ++b) crc = (crc & 1) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
  }
  return ~crc;
}

using detail::Crc32cKernel;

std::vector<Crc32cKernel> kernels() {
  std::vector<Crc32cKernel> out;
  for (Crc32cKernel k :
       {Crc32cKernel::kPortable, Crc32cKernel::kSse42, Crc32cKernel::kPclmul, Crc32cKernel::kAvx512})
    if (detail::crc32cKernelAvailable(k)) out.push_back(k);
  return out;
}

using Impl = std::function<uint32_t(const void*, size_t, uint32_t)>;

// crc32c() itself, then every kernel this CPU has, plain and copying.
std::vector<std::pair<std::string, Impl>> implementations() {
  std::vector<std::pair<std::string, Impl>> impls = {
      {"crc32c", [](const void* p, size_t n, uint32_t init) { return crc32c(p, n, init); }}};
  for (Crc32cKernel k : kernels()) {
    impls.push_back({detail::crc32cKernelName(k), [k](const void* p, size_t n, uint32_t init) {
                       return detail::crc32cWith(k, p, n, init);
                     }});
    impls.push_back(
        {std::string(detail::crc32cKernelName(k)) + " copy", [k](const void* p, size_t n, uint32_t init) {
           std::vector<uint8_t> dst(n + 1);
           const uint32_t crc = detail::crc32cCopyWith(k, dst.data(), p, n, init);
           EXPECT_EQ(std::memcmp(dst.data(), p, n), 0);
           return crc;
         }});
  }
  return impls;
}

TEST(Crc32c, KernelChoice) {
  EXPECT_TRUE(detail::crc32cKernelAvailable(Crc32cKernel::kPortable));
  EXPECT_TRUE(detail::crc32cKernelAvailable(detail::crc32cKernel()));
  std::printf("crc32c() runs %s; available:", detail::crc32cKernelName(detail::crc32cKernel()));
  for (Crc32cKernel k : kernels()) std::printf(" %s", detail::crc32cKernelName(k));
  std::printf("\n");
  if (!detail::crc32cKernelAvailable(Crc32cKernel::kAvx512)) {
    try {
      detail::crc32cWith(Crc32cKernel::kAvx512, "x", 1);
      ADD_FAILURE() << "an unavailable kernel ran";
    } catch (const Error& e) {
      EXPECT_NE(e.message().find("not available"), std::string::npos);
    }
  }
}

TEST(Crc32c, CheckValue) {
  for (const auto& [name, f] : implementations()) EXPECT_EQ(f("123456789", 9, 0), 0xE3069283u) << name;
}

TEST(Crc32c, Rfc3720Vectors) {
  std::vector<uint8_t> zeros(32, 0), ones(32, 0xFF), up(32), down(32);
  for (int i = 0; i < 32; ++i) {
    up[i] = static_cast<uint8_t>(i);
    down[i] = static_cast<uint8_t>(31 - i);
  }
  for (const auto& [name, f] : implementations()) {
    EXPECT_EQ(f(zeros.data(), 32, 0), 0x8A9136AAu) << name;
    EXPECT_EQ(f(ones.data(), 32, 0), 0x62A8AB43u) << name;
    EXPECT_EQ(f(up.data(), 32, 0), 0x46DD794Eu) << name;
    EXPECT_EQ(f(down.data(), 32, 0), 0x113FDB5Cu) << name;
    EXPECT_EQ(f(nullptr, 0, 0), 0u) << name;
  }
}

TEST(Crc32c, Mask) {
  EXPECT_EQ(maskCrc32c(0), 0xA282EAD8u);  // the stored CRC of an empty record's data
  const uint8_t zeroLength[8] = {};
  EXPECT_EQ(maskedCrc32c(zeroLength, 8), 0x07980329u);  // the stored CRC of the length field 0
  EXPECT_EQ(maskedCrc32c("123456789", 9), 0xC78AB0E5u);
  for (uint32_t v : {0u, 1u, 0xE3069283u, 0xFFFFFFFFu, 0x80000000u})
    EXPECT_EQ(unmaskCrc32c(maskCrc32c(v)), v);
}

TEST(Crc32c, AllImplementationsAgreeOnLengthsAndAlignments) {
  std::mt19937 rng(7);
  std::vector<uint8_t> data(40000 + 16);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  std::vector<size_t> lengths;
  for (size_t n = 0; n <= 1100; ++n) lengths.push_back(n);  // every tail and step boundary of every kernel
  for (size_t n : {2047, 2048, 2049, 2303, 2304, 2320, 3 * 4096 - 1, 3 * 4096, 3 * 4096 + 1,
                   3 * 4096 + 3 * 256 + 3 * 48 + 7, 40000})
    lengths.push_back(n);
  const auto impls = implementations();
  for (size_t n : lengths) {
    for (size_t align = 0; align < 8; align += (n > 1100 ? 3 : 1)) {
      const uint8_t* p = data.data() + align;
      const uint32_t want = referenceCrc(p, n);
      const uint32_t init = static_cast<uint32_t>(n * 2654435761u);
      const uint32_t wantChained = referenceCrc(p, n, init);
      for (const auto& [name, f] : impls) {
        ASSERT_EQ(f(p, n, 0), want) << name << " n=" << n << " align=" << align;
        ASSERT_EQ(f(p, n, init), wantChained) << name << " n=" << n << " align=" << align;
      }
    }
  }
  // The copying kernels write exactly n bytes.
  std::vector<uint8_t> copy(600, 0);
  for (Crc32cKernel k : kernels()) {
    std::fill(copy.begin(), copy.end(), 0);
    detail::crc32cCopyWith(k, copy.data() + 1, data.data(), 597);
    EXPECT_EQ(copy[0], 0);
    EXPECT_EQ(copy[598], 0) << detail::crc32cKernelName(k) << " wrote past the end";
  }
}

TEST(Crc32c, ChainingEqualsOneCall) {
  std::mt19937 rng(11);
  std::vector<uint8_t> data(20000);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  const uint32_t whole = referenceCrc(data.data(), data.size());
  for (size_t cut : {size_t(0), size_t(1), size_t(7), size_t(777), size_t(12345), data.size()})
    for (const auto& [name, f] : implementations()) {
      const uint32_t first = f(data.data(), cut, 0);
      EXPECT_EQ(f(data.data() + cut, data.size() - cut, first), whole) << name << " cut=" << cut;
    }
}

}  // namespace
}  // namespace ringdl

namespace ringdl {
namespace {

// crc32c8, the reader's shortcut for a TFRecord length field, is crc32c of those 8 bytes.
TEST(Crc32c8, EqualsTheGeneralCrcOfEightBytes) {
  std::mt19937_64 rng(8);
  for (int i = 0; i < 10000; ++i) {
    unsigned char bytes[9];
    for (unsigned char& b : bytes) b = static_cast<unsigned char>(rng());
    const unsigned char* p = bytes + (i & 1);  // aligned and unaligned
    ASSERT_EQ(crc32c8(p), crc32c(p, 8)) << i;
    ASSERT_EQ(crc32c8(p), detail::crc32cWith(detail::Crc32cKernel::kPortable, p, 8)) << i;
  }
  const unsigned char zeros[8] = {};
  EXPECT_EQ(crc32c8(zeros), crc32c(zeros, 8));
}

}  // namespace
}  // namespace ringdl
