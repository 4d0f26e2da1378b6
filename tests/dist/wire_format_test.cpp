// bf16 and fp16 conversions: exact round trips, ties to even, overflow, subnormals, NaN, and the vectorised
// bulk paths agreeing bit for bit with the scalar ones.
#include "ringdl/dist/wire_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "ringdl/util/error.h"

namespace ringdl {
namespace {

uint32_t bitsOf(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
float floatOf(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

TEST(WireFormat, Names) {
  for (WireFormat w : {WireFormat::kNative, WireFormat::kBf16, WireFormat::kFp16})
    EXPECT_EQ(wireFormatFromString(toString(w)), w);
  try {
    wireFormatFromString("fp8");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("known: native, bf16, fp16"), std::string::npos);
  }
  EXPECT_EQ(wireBytesPerElement(WireFormat::kNative, 4), 4);
  EXPECT_EQ(wireBytesPerElement(WireFormat::kBf16, 4), 2);
}

TEST(WireFormat, Bf16RoundsToNearestEven) {
  EXPECT_EQ(floatToBf16(1.0f), 0x3f80);
  EXPECT_EQ(floatToBf16(-2.0f), 0xc000);
  // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to even (1). 1 + 3 * 2^-8 ties up to 1 + 2^-6.
  EXPECT_EQ(floatToBf16(1.0f + 0x1p-8f), 0x3f80);
  EXPECT_EQ(floatToBf16(1.0f + 3 * 0x1p-8f), 0x3f82);
  EXPECT_EQ(floatToBf16(1.0f + 0x1p-8f + 0x1p-20f), 0x3f81);          // just above halfway
  EXPECT_EQ(floatToBf16(std::numeric_limits<float>::max()), 0x7f80);  // rounds past the largest bf16
  EXPECT_EQ(floatToBf16(floatOf(0x7f7f7fff)), 0x7f7f);                // just below the midpoint: stays finite
  EXPECT_EQ(floatToBf16(std::numeric_limits<float>::infinity()), 0x7f80);
  EXPECT_EQ(floatToBf16(-std::numeric_limits<float>::infinity()), 0xff80);
  EXPECT_EQ(floatToBf16(floatOf(0x00000001)), 0x0000);  // the smallest subnormal rounds to zero
  EXPECT_EQ(floatToBf16(-0.0f), 0x8000);
  // A NaN whose payload lies in the dropped bits must stay a NaN (naive rounding would make it infinity).
  for (uint32_t nan : {0x7f800001u, 0x7fffffffu, 0xff800001u, 0x7fc00000u}) {
    const uint16_t b = floatToBf16(floatOf(nan));
    EXPECT_TRUE(std::isnan(bf16ToFloat(b))) << std::hex << nan;
    EXPECT_EQ(b >> 15, nan >> 31);
  }
  for (uint32_t h = 0; h < 0x10000; ++h) {  // every bf16 survives a round trip
    const float f = bf16ToFloat(static_cast<uint16_t>(h));
    if (!std::isnan(f)) EXPECT_EQ(floatToBf16(f), h);
  }
}

TEST(WireFormat, Fp16RoundsToNearestEvenWithSubnormalsAndOverflow) {
  EXPECT_EQ(floatToFp16(1.0f), 0x3c00);
  EXPECT_EQ(floatToFp16(-2.0f), 0xc000);
  EXPECT_EQ(floatToFp16(65504.0f), 0x7bff);   // the largest half
  EXPECT_EQ(floatToFp16(65519.99f), 0x7bff);  // below the midpoint to 65536
  EXPECT_EQ(floatToFp16(65520.0f), 0x7c00);   // the midpoint ties to even, which is 2^16: infinity
  EXPECT_EQ(floatToFp16(1e6f), 0x7c00);
  EXPECT_EQ(floatToFp16(-1e6f), 0xfc00);
  EXPECT_EQ(floatToFp16(0x1p-24f), 0x0001);         // the smallest subnormal
  EXPECT_EQ(floatToFp16(0x1p-25f), 0x0000);         // halfway to it ties to even: zero
  EXPECT_EQ(floatToFp16(0x1.000002p-25f), 0x0001);  // just above halfway
  EXPECT_EQ(floatToFp16(3 * 0x1p-25f), 0x0002);     // 1.5 subnormal steps ties to 2
  EXPECT_EQ(floatToFp16(0x1p-14f), 0x0400);         // the smallest normal
  EXPECT_EQ(floatToFp16(0x1.ff8p-15f), 0x03ff);     // the largest subnormal
  EXPECT_EQ(floatToFp16(0x1.ffcp-15f), 0x0400);     // halfway to the normals ties to even: up
  EXPECT_EQ(floatToFp16(1.0f + 0x1p-11f), 0x3c00);  // tie to even
  EXPECT_EQ(floatToFp16(1.0f + 3 * 0x1p-11f), 0x3c02);
  EXPECT_EQ(floatToFp16(-0.0f), 0x8000);
  EXPECT_TRUE(std::isnan(fp16ToFloat(floatToFp16(std::nanf("")))));
  EXPECT_TRUE(std::isnan(fp16ToFloat(floatToFp16(floatOf(0x7f800001)))));
  for (uint32_t h = 0; h < 0x10000; ++h) {  // every half survives a round trip
    const float f = fp16ToFloat(static_cast<uint16_t>(h));
    if (!std::isnan(f)) EXPECT_EQ(floatToFp16(f), h) << std::hex << h;
  }
  EXPECT_EQ(fp16ToFloat(0x0001), 0x1p-24f);
  EXPECT_EQ(fp16ToFloat(0x7bff), 65504.0f);
  EXPECT_EQ(fp16ToFloat(0xfc00), -std::numeric_limits<float>::infinity());
}

// Every midpoint between adjacent halves (and its neighbours one float ulp away) decides a rounding.
TEST(WireFormat, Fp16MidpointsAgainstDoubleArithmetic) {
  for (uint32_t h = 0; h < 0x7bff; ++h) {
    const double lo = fp16ToFloat(static_cast<uint16_t>(h)), hi = fp16ToFloat(static_cast<uint16_t>(h + 1));
    const float mid = static_cast<float>((lo + hi) / 2);  // exact: a half midpoint needs 12 bits
    ASSERT_EQ(static_cast<double>(mid), (lo + hi) / 2);
    EXPECT_EQ(floatToFp16(mid), (h & 1) ? h + 1 : h) << std::hex << h;
    EXPECT_EQ(floatToFp16(std::nextafter(mid, 0.0f)), h) << std::hex << h;
    EXPECT_EQ(floatToFp16(std::nextafter(mid, 1e9f)), h + 1) << std::hex << h;
    EXPECT_EQ(floatToFp16(-mid), 0x8000 | ((h & 1) ? h + 1 : h)) << std::hex << h;
  }
}

TEST(WireFormat, BulkConversionsMatchScalar) {
  // Structured and pseudo-random bit patterns, including NaNs, infinities and subnormals; odd lengths cover
  // the vector tails.
  std::vector<float> src;
  for (uint32_t e = 0; e < 256; ++e)
    for (uint32_t m : {0u, 1u, 0xfffu, 0x1000u, 0x1001u, 0x7fffu, 0x8000u, 0x8001u, 0x3fffffu, 0x7fffffu})
      for (uint32_t s : {0u, 1u}) src.push_back(floatOf((s << 31) | (e << 23) | m));
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 2000003; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    src.push_back(floatOf(static_cast<uint32_t>(x)));
  }
  const int64_t n = static_cast<int64_t>(src.size());
  std::vector<uint16_t> bf(n), fp(n);
  floatToBf16(src.data(), bf.data(), n);
  floatToFp16(src.data(), fp.data(), n);
  int64_t badBf = 0, badFp = 0;
  for (int64_t i = 0; i < n; ++i) {
    badBf += bf[i] != floatToBf16(src[i]);
    badFp += fp[i] != floatToFp16(src[i]);
  }
  EXPECT_EQ(badBf, 0);
  EXPECT_EQ(badFp, 0);

  std::vector<uint16_t> all(0x10000 + 5);
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<uint16_t>(i * 40503u);
  std::vector<float> fromBf(all.size()), fromFp(all.size());
  bf16ToFloat(all.data(), fromBf.data(), static_cast<int64_t>(all.size()));
  fp16ToFloat(all.data(), fromFp.data(), static_cast<int64_t>(all.size()));
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(bitsOf(fromBf[i]), bitsOf(bf16ToFloat(all[i]))) << i;
    EXPECT_EQ(bitsOf(fromFp[i]), bitsOf(fp16ToFloat(all[i]))) << std::hex << all[i];
  }
}

}  // namespace
}  // namespace ringdl
