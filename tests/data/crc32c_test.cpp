// CRC-32C: the standard check value, RFC 3720's test vectors, TFRecord's mask, and every implementation
// (tables, SSE4.2, copying) against a bit-at-a-time reference on many lengths and alignments.
#include "ringdl/data/crc32c.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

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

using Impl = uint32_t (*)(const void*, size_t, uint32_t);

std::vector<std::pair<std::string, Impl>> implementations() {
  std::vector<std::pair<std::string, Impl>> impls = {{"crc32c", &crc32c},
                                                     {"portable", &detail::crc32cPortable}};
  if (detail::crc32cHardware()) impls.push_back({"sse4.2", &detail::crc32cSse42});
  return impls;
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
  for (size_t n = 0; n <= 1600; ++n) lengths.push_back(n);  // every tail and every short/mid step boundary
  for (size_t n : {3 * 4096 - 1, 3 * 4096, 3 * 4096 + 1, 3 * 4096 + 3 * 256 + 3 * 48 + 7, 40000})
    lengths.push_back(n);
  std::vector<uint8_t> copy(data.size());
  for (size_t n : lengths) {
    for (size_t align = 0; align < 8; align += (n > 2000 ? 3 : 1)) {
      const uint8_t* p = data.data() + align;
      const uint32_t want = referenceCrc(p, n);
      for (const auto& [name, f] : implementations()) ASSERT_EQ(f(p, n, 0), want) << name << " n=" << n;
      std::memset(copy.data(), 0, n + 8);
      ASSERT_EQ(detail::crc32cCopy(copy.data() + 1, p, n), want) << "copy n=" << n;
      ASSERT_EQ(std::memcmp(copy.data() + 1, p, n), 0) << "copy n=" << n;
      ASSERT_EQ(copy[n + 1], 0) << "copy wrote past the end, n=" << n;
    }
  }
}

TEST(Crc32c, ChainingEqualsOneCall) {
  std::mt19937 rng(11);
  std::vector<uint8_t> data(20000);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  const uint32_t whole = referenceCrc(data.data(), data.size());
  for (size_t cut : {size_t(0), size_t(1), size_t(7), size_t(777), size_t(12345), data.size()}) {
    for (const auto& [name, f] : implementations()) {
      const uint32_t first = f(data.data(), cut, 0);
      EXPECT_EQ(f(data.data() + cut, data.size() - cut, first), whole) << name << " cut=" << cut;
    }
    const uint32_t first = detail::crc32cCopy(std::vector<uint8_t>(cut + 1).data(), data.data(), cut);
    std::vector<uint8_t> rest(data.size() - cut + 1);
    EXPECT_EQ(detail::crc32cCopy(rest.data(), data.data() + cut, data.size() - cut, first), whole);
  }
}

}  // namespace
}  // namespace ringdl
