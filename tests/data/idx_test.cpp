// IDX reader and writer: byte-level files from the specification, round trips, and every malformed-input
// error.
#include "ringdl/data/idx.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "data/temp_dir.h"

namespace ringdl {
namespace {

using test::expectError;
using test::readBytes;
using test::TempDir;
using test::writeBytes;
using Bytes = std::vector<uint8_t>;

Bytes concatBytes(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

uint32_t crc32(const Bytes& data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (uint8_t b : data) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// One gzip member (RFC 1952) holding data in a single stored (uncompressed) deflate block (RFC 1951), built
// by hand so the reader is tested against the format rather than against zlib's own writer.
Bytes gzipStored(const Bytes& data) {
  Bytes out = {0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff};
  const uint16_t len = static_cast<uint16_t>(data.size());
  const uint16_t nlen = static_cast<uint16_t>(~len);
  for (uint8_t b : {uint8_t(0x01), uint8_t(len), uint8_t(len >> 8), uint8_t(nlen), uint8_t(nlen >> 8)})
    out.push_back(b);
  for (uint8_t b : data) out.push_back(b);
  const uint32_t crc = crc32(data), size = static_cast<uint32_t>(data.size());
  for (int i = 0; i < 4; ++i) out.push_back(uint8_t(crc >> (8 * i)));
  for (int i = 0; i < 4; ++i) out.push_back(uint8_t(size >> (8 * i)));
  return out;
}

// ---- files written byte by byte from the IDX specification ----

TEST(IdxSpec, UByteVector) {
  TempDir dir;
  writeBytes(dir.file("labels"), {0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x00, 0x03, 7, 0, 9});
  const auto t = readIdx<float>(dir.file("labels"));
  EXPECT_EQ(t.shape(), (Shape{3}));
  EXPECT_EQ(t.toVector(), (std::vector<float>{7, 0, 9}));
}

TEST(IdxSpec, UByteImagesRowMajor) {
  TempDir dir;
  // 2 images of 2 rows x 3 columns; dimension sizes are big-endian int32.
  writeBytes(dir.file("images"), {0, 0, 0x08, 3, 0, 0, 0,   2,   0,   0,   0,   2,  0, 0, 0, 3,  //
                                  0, 1, 2,    3, 4, 5, 250, 251, 252, 253, 254, 255});
  const auto t = readIdx<double>(dir.file("images"));
  EXPECT_EQ(t.shape(), (Shape{2, 2, 3}));
  EXPECT_EQ(t.at({0, 1, 2}), 5);
  EXPECT_EQ(t.at({1, 0, 0}), 250);
  EXPECT_EQ(t.at({1, 1, 2}), 255);
}

TEST(IdxSpec, SignedByte) {
  TempDir dir;
  writeBytes(dir.file("f"), {0, 0, 0x09, 1, 0, 0, 0, 3, 0xFF, 0x80, 0x7F});
  EXPECT_EQ(readIdx<float>(dir.file("f")).toVector(), (std::vector<float>{-1, -128, 127}));
}

TEST(IdxSpec, ShortBigEndian) {
  TempDir dir;
  writeBytes(dir.file("f"), {0, 0, 0x0B, 1, 0, 0, 0, 3, 0x01, 0x02, 0xFF, 0xFE, 0x80, 0x00});
  EXPECT_EQ(readIdx<double>(dir.file("f")).toVector(), (std::vector<double>{258, -2, -32768}));
}

TEST(IdxSpec, IntBigEndian) {
  TempDir dir;
  writeBytes(dir.file("f"),
             {0,    0,    0x0C, 1,   0, 0, 0, 3, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF,  //
              0x7F, 0xFF, 0xFF, 0xFF});
  EXPECT_EQ(readIdx<double>(dir.file("f")).toVector(), (std::vector<double>{65536, -1, 2147483647}));
}

TEST(IdxSpec, FloatBigEndian) {
  TempDir dir;
  // 0x3F800000 = 1.0f, 0xC0490FDB = -pi (float), 0x00000001 = the smallest denormal.
  writeBytes(dir.file("f"), {0,    0,    0x0D, 2,    0,    0,    0,    1,    0,    0,    0,    3,
                             0x3F, 0x80, 0x00, 0x00, 0xC0, 0x49, 0x0F, 0xDB, 0x00, 0x00, 0x00, 0x01});
  const auto t = readIdx<float>(dir.file("f"));
  EXPECT_EQ(t.shape(), (Shape{1, 3}));
  EXPECT_EQ(t.at({0, 0}), 1.0f);
  EXPECT_EQ(t.at({0, 1}), -3.14159274101257324f);
  EXPECT_EQ(t.at({0, 2}), std::numeric_limits<float>::denorm_min());
}

TEST(IdxSpec, DoubleBigEndian) {
  TempDir dir;
  // 0x400921FB54442D18 = pi, 0xBFF0000000000000 = -1.
  writeBytes(dir.file("f"),
             {0,    0,    0x0E, 1, 0, 0, 0, 2, 0x40, 0x09, 0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18,  //
              0xBF, 0xF0, 0,    0, 0, 0, 0, 0});
  const auto t = readIdx<double>(dir.file("f"));
  EXPECT_EQ(t.toVector(), (std::vector<double>{M_PI, -1.0}));
}

TEST(IdxSpec, RankZeroHoldsOneValue) {
  TempDir dir;
  writeBytes(dir.file("f"), {0, 0, 0x08, 0, 42});
  const auto t = readIdx<float>(dir.file("f"));
  EXPECT_EQ(t.dim(), 0);
  EXPECT_EQ(t.item(), 42);
}

TEST(IdxSpec, ZeroSizedDimension) {
  TempDir dir;
  writeBytes(dir.file("f"), {0, 0, 0x08, 2, 0, 0, 0, 0, 0, 0, 0, 5});
  const auto t = readIdx<float>(dir.file("f"));
  EXPECT_EQ(t.shape(), (Shape{0, 5}));
}

TEST(IdxSpec, HandBuiltGzipIsDetectedByMagicNotName) {
  TempDir dir;
  const Bytes raw = {0, 0, 0x08, 1, 0, 0, 0, 3, 7, 0, 9};
  writeBytes(dir.file("labels-no-gz-suffix"), gzipStored(raw));
  const auto t = readIdx<float>(dir.file("labels-no-gz-suffix"));
  EXPECT_EQ(t.toVector(), (std::vector<float>{7, 0, 9}));
  EXPECT_TRUE(readIdxInfo(dir.file("labels-no-gz-suffix")).gzipped);
}

TEST(IdxSpec, ConcatenatedGzipMembersAreOneStream) {
  TempDir dir;
  // `cat header.gz data.gz` is a valid gzip file; gunzip yields the concatenation.
  writeBytes(dir.file("f.gz"),
             concatBytes({gzipStored({0, 0, 0x08, 1, 0, 0, 0, 4}), gzipStored({1, 2, 3, 4})}));
  EXPECT_EQ(readIdx<float>(dir.file("f.gz")).toVector(), (std::vector<float>{1, 2, 3, 4}));
}

TEST(IdxWriter, ProducesTheSpecificationBytes) {
  TempDir dir;
  writeIdx(dir.file("f"), Tensor<float>::fromVector({3}, {258, -2, -32768}), IdxType::kShort);
  EXPECT_EQ(readBytes(dir.file("f")), (Bytes{0, 0, 0x0B, 1, 0, 0, 0, 3, 0x01, 0x02, 0xFF, 0xFE, 0x80, 0x00}));
  writeIdx(dir.file("g"), Tensor<double>::fromVector({1, 2}, {M_PI, -1}), IdxType::kDouble);
  EXPECT_EQ(readBytes(dir.file("g")),
            (Bytes{0,    0,    0x0E, 2,    0,    0,    0,    1,    0, 0, 0, 2, 0x40, 0x09,
                   0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18, 0xBF, 0xF0, 0, 0, 0, 0, 0,    0}));
}

TEST(IdxWriter, GzipOutputStartsWithGzipMagic) {
  TempDir dir;
  writeIdx(dir.file("f.gz"), Tensor<float>::fromVector({2}, {1, 2}), IdxType::kUByte, /*gzip=*/true);
  const Bytes bytes = readBytes(dir.file("f.gz"));
  ASSERT_GE(bytes.size(), 2u);
  EXPECT_EQ(bytes[0], 0x1f);
  EXPECT_EQ(bytes[1], 0x8b);
}

TEST(IdxWriter, WritesNonContiguousViews) {
  TempDir dir;
  const auto t = Tensor<float>::fromVector({2, 3}, {1, 2, 3, 4, 5, 6}).transpose(0, 1);
  writeIdx(dir.file("f"), t, IdxType::kUByte);
  const auto back = readIdx<float>(dir.file("f"));
  EXPECT_EQ(back.shape(), (Shape{3, 2}));
  EXPECT_EQ(back.toVector(), (std::vector<float>{1, 4, 2, 5, 3, 6}));
}

TEST(IdxWriter, RejectsValuesTheTypeCannotHold) {
  TempDir dir;
  expectError(
      [&] {
        writeIdx(dir.file("f"), Tensor<float>::fromVector({3}, {1, 2.5f, 3}), IdxType::kUByte);
      },
      {dir.file("f"), "element 1", "2.5", "ubyte"});
  expectError(
      [&] {
        writeIdx(dir.file("f"), Tensor<float>::fromVector({2}, {0, 256}), IdxType::kUByte);
      },
      {"element 1", "256"});
  expectError([&] { writeIdx(dir.file("f"), Tensor<double>::fromVector({1}, {-129}), IdxType::kSByte); },
              {"element 0", "-129", "sbyte"});
  expectError([&] { writeIdx(dir.file("f"), Tensor<double>::fromVector({1}, {1e300}), IdxType::kFloat); },
              {"element 0", "float"});
}

TEST(IdxWriter, UnwritablePathIsAnError) {
  expectError([] { writeIdx("/nonexistent-dir/f", Tensor<float>({2}), IdxType::kUByte); },
              {"/nonexistent-dir/f", "cannot create"});
}

// ---- round trips: every type code, raw and gzipped, float and double ----

struct RoundTripCase {
  IdxType type;
  std::vector<double> values;
};

class IdxRoundTrip : public ::testing::TestWithParam<std::tuple<RoundTripCase, bool>> {};

template <typename T>
void roundTrip(const RoundTripCase& c, bool gzip) {
  TempDir dir;
  const std::string path = dir.file(gzip ? "f.gz" : "f");
  const int64_t n = static_cast<int64_t>(c.values.size());
  std::vector<T> values(c.values.begin(), c.values.end());
  const auto t = Tensor<T>::fromVector({1, n / 2, 2}, values);
  writeIdx(path, t, c.type, gzip);
  const IdxInfo info = readIdxInfo(path);
  EXPECT_EQ(info.type, c.type);
  EXPECT_EQ(info.shape, (Shape{1, n / 2, 2}));
  EXPECT_EQ(info.gzipped, gzip);
  EXPECT_EQ(info.headerBytes, 16);
  EXPECT_EQ(info.dataBytes, n * idxTypeSize(c.type));
  const auto back = readIdx<T>(path);
  EXPECT_EQ(back.shape(), t.shape());
  EXPECT_EQ(back.toVector(), values) << idxTypeName(c.type) << (gzip ? " gzipped" : " raw");
}

TEST_P(IdxRoundTrip, Float) { roundTrip<float>(std::get<0>(GetParam()), std::get<1>(GetParam())); }
TEST_P(IdxRoundTrip, Double) { roundTrip<double>(std::get<0>(GetParam()), std::get<1>(GetParam())); }

INSTANTIATE_TEST_SUITE_P(
    EveryTypeCode, IdxRoundTrip,
    ::testing::Combine(
        ::testing::Values(RoundTripCase{IdxType::kUByte, {0, 1, 127, 128, 254, 255}},
                          RoundTripCase{IdxType::kSByte, {-128, -1, 0, 1, 100, 127}},
                          RoundTripCase{IdxType::kShort, {-32768, -300, -1, 0, 256, 32767}},
                          // within float's 24-bit integers so both scalar types round-trip exactly
                          RoundTripCase{IdxType::kInt, {-16777216, -65537, -1, 0, 65536, 16777216}},
                          // exactly representable in float, so both scalar types round-trip exactly
                          RoundTripCase{IdxType::kFloat, {-1.5, 0, 0.1f, 0x1p100, -0x1p-100, 1024}},
                          RoundTripCase{IdxType::kDouble, {-1.5, 0, 0.1f, 0x1p100, -0x1p-100, 1024}}),
        ::testing::Bool()));

TEST(IdxRoundTrip, IntExtremesInDouble) {
  TempDir dir;
  const auto t = Tensor<double>::fromVector({2}, {-2147483648.0, 2147483647.0});
  writeIdx(dir.file("f"), t, IdxType::kInt);
  EXPECT_EQ(readIdx<double>(dir.file("f")).toVector(), t.toVector());
}

TEST(IdxRoundTrip, DoublePrecisionIsKept) {
  TempDir dir;
  const auto t = Tensor<double>::fromVector({3}, {M_PI, 1.0 / 3.0, -1e-300});
  writeIdx(dir.file("f.gz"), t, IdxType::kDouble, true);
  EXPECT_EQ(readIdx<double>(dir.file("f.gz")).toVector(), t.toVector());
}

TEST(IdxRoundTrip, LargeGzippedFile) {
  // Larger than the reader's internal buffers, so several refills and output chunks are exercised.
  TempDir dir;
  Tensor<float> t({1000, 28, 28});
  for (int64_t i = 0; i < t.numel(); ++i) t.data()[i] = static_cast<float>((i * 7919) % 256);
  writeIdx(dir.file("big.gz"), t, IdxType::kUByte, true);
  EXPECT_EQ(readIdx<float>(dir.file("big.gz")).toVector(), t.toVector());
}

// ---- malformed input: every error names the file and the problem ----

TEST(IdxErrors, BadMagic) {
  TempDir dir;
  writeBytes(dir.file("f"), {0x01, 0x00, 0x08, 0x01, 0, 0, 0, 1, 5});
  expectError([&] { readIdx<float>(dir.file("f")); },
              {dir.file("f"), "bad magic number", "0x01 0x00 0x08 0x01", "offset 0", "two zero bytes"});
}

TEST(IdxErrors, TextFileLooksLikeAFailedDownload) {
  TempDir dir;
  const std::string html = "<!DOCTYPE html><html>404</html>";
  writeBytes(dir.file("f"), Bytes(html.begin(), html.end()));
  expectError([&] { readIdx<float>(dir.file("f")); },
              {dir.file("f"), "bad magic", "<!DO", "failed download"});
}

TEST(IdxErrors, UnknownTypeCode) {
  TempDir dir;
  writeBytes(dir.file("f"), {0, 0, 0x0A, 1, 0, 0, 0, 1, 5});
  expectError([&] { readIdx<float>(dir.file("f")); },
              {dir.file("f"), "unknown IDX type code 0x0A", "offset 2", "0x08 (ubyte)", "0x0E (double)"});
}

TEST(IdxErrors, EmptyFile) {
  TempDir dir;
  writeBytes(dir.file("f"), {});
  expectError([&] { readIdx<float>(dir.file("f")); }, {dir.file("f"), "truncated header", "file is empty"});
}

TEST(IdxErrors, TruncatedMagic) {
  TempDir dir;
  writeBytes(dir.file("f"), {0, 0});
  expectError([&] { readIdx<float>(dir.file("f")); },
              {dir.file("f"), "truncated header", "4-byte magic", "found 2"});
}

TEST(IdxErrors, TruncatedDimensions) {
  TempDir dir;
  writeBytes(dir.file("f"), {0, 0, 0x08, 3, 0, 0, 0xEA, 0x60, 0, 0});
  expectError(
      [&] { readIdxInfo(dir.file("f")); },
      {dir.file("f"), "truncated header", "expected 12 bytes of dimension sizes", "offset 4", "found 6"});
}

TEST(IdxErrors, TruncatedImageData) {
  TempDir dir;
  Bytes bytes = {0, 0, 0x08, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 28};  // 60000 x 28 x 28
  bytes.resize(16 + 1000, 7);
  writeBytes(dir.file("train-images"), bytes);
  expectError([&] { readIdx<float>(dir.file("train-images"), "image data"); },
              {dir.file("train-images"), "expected 47040000 bytes of image data", "60000x28x28 ubyte",
               "after the 16-byte header, found 1000"});
}

TEST(IdxErrors, TruncatedGzipFile) {
  TempDir dir;
  Tensor<float> t({200, 28, 28});
  for (int64_t i = 0; i < t.numel(); ++i) t.data()[i] = static_cast<float>((i * 31) % 251);
  writeIdx(dir.file("f.gz"), t, IdxType::kUByte, true);
  Bytes gz = readBytes(dir.file("f.gz"));
  gz.resize(gz.size() / 2);
  writeBytes(dir.file("f.gz"), gz);
  expectError([&] { readIdx<float>(dir.file("f.gz")); }, {dir.file("f.gz"), "expected 156800 bytes of data",
                                                          "16-byte header", "gzip stream is cut short"});
}

TEST(IdxErrors, GzipCutBeforeTheHeaderIsDecoded) {
  TempDir dir;
  Bytes gz = gzipStored({0, 0, 0x08, 1, 0, 0, 0, 3, 7, 0, 9});
  gz.resize(12);  // the gzip header and the stored block's first bytes: no data yet
  writeBytes(dir.file("f.gz"), gz);
  expectError([&] { readIdx<float>(dir.file("f.gz")); },
              {dir.file("f.gz"), "truncated header", "found 0", "gzip stream is cut short", "truncated"});
}

TEST(IdxErrors, GzipTrailerCutOffAfterCompleteData) {
  TempDir dir;
  Bytes gz = gzipStored({0, 0, 0x08, 1, 0, 0, 0, 3, 7, 0, 9});
  gz.resize(gz.size() - 4);  // the data is all there, the length field and part of the CRC are not
  writeBytes(dir.file("f.gz"), gz);
  expectError([&] { readIdx<float>(dir.file("f.gz")); },
              {dir.file("f.gz"), "gzip stream is cut short after the 11 bytes", "checksum", "truncated"});
}

TEST(IdxErrors, CorruptGzipData) {
  TempDir dir;
  Bytes gz = gzipStored({0, 0, 0x08, 1, 0, 0, 0, 3, 7, 0, 9});
  gz[10] = 0x07;  // block type 11: reserved, invalid
  writeBytes(dir.file("f.gz"), gz);
  expectError([&] { readIdx<float>(dir.file("f.gz")); }, {dir.file("f.gz"), "corrupt gzip data"});
}

TEST(IdxErrors, GzipChecksumMismatch) {
  TempDir dir;
  Bytes gz = gzipStored({0, 0, 0x08, 1, 0, 0, 0, 3, 7, 0, 9});
  gz[gz.size() - 8] ^= 0xFF;  // CRC32 byte
  writeBytes(dir.file("f.gz"), gz);
  expectError([&] { readIdx<float>(dir.file("f.gz")); }, {dir.file("f.gz"), "corrupt gzip data"});
}

TEST(IdxErrors, NegativeSize) {
  TempDir dir;
  writeBytes(dir.file("f"), {0, 0, 0x08, 2, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFD});
  expectError([&] { readIdx<float>(dir.file("f")); },
              {dir.file("f"), "dimension 1", "offset 8", "negative (-3 as int32)"});
}

TEST(IdxErrors, OverflowingSizes) {
  TempDir dir;
  Bytes bytes = {0, 0, 0x0E, 3};
  for (int d = 0; d < 3; ++d) bytes.insert(bytes.end(), {0x7F, 0xFF, 0xFF, 0xFF});
  writeBytes(dir.file("f"), bytes);
  expectError([&] { readIdx<float>(dir.file("f")); },
              {dir.file("f"), "2147483647x2147483647x2147483647", "double", "overflow"});
}

TEST(IdxErrors, HugeHeaderOnShortFileDoesNotAllocate) {
  TempDir dir;
  writeBytes(dir.file("f"),
             {0, 0, 0x0E, 2, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0x10, 0, 1, 2, 3});  // ~70 TB claimed
  expectError([&] { readIdx<float>(dir.file("f")); }, {dir.file("f"), "found 3"});
}

TEST(IdxErrors, TrailingGarbage) {
  TempDir dir;
  writeBytes(dir.file("f"), {0, 0, 0x08, 1, 0, 0, 0, 2, 1, 2, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE});
  expectError([&] { readIdx<float>(dir.file("f")); },
              {dir.file("f"), "5 bytes of trailing data", "offset 10", "should end there"});
}

TEST(IdxErrors, TrailingGarbageInsideGzipCountsDecompressedOffsets) {
  TempDir dir;
  writeBytes(dir.file("f.gz"), gzipStored({0, 0, 0x08, 1, 0, 0, 0, 2, 1, 2, 0xAA}));
  expectError([&] { readIdx<float>(dir.file("f.gz")); },
              {dir.file("f.gz"), "1 byte of trailing data", "decompressed offset 10"});
}

TEST(IdxErrors, MissingFile) {
  TempDir dir;
  expectError([&] { readIdx<float>(dir.file("nope")); }, {dir.file("nope"), "does not exist"});
  expectError([&] { readIdxInfo(dir.file("nope")); }, {dir.file("nope"), "does not exist"});
}

TEST(IdxErrors, MissingFileSuggestsTheGzName) {
  TempDir dir;
  writeIdx(dir.file("labels.gz"), Tensor<float>({2}), IdxType::kUByte, true);
  expectError([&] { readIdx<float>(dir.file("labels")); },
              {"does not exist", "did you mean " + dir.file("labels.gz") + "?"});
  writeIdx(dir.file("images"), Tensor<float>({2}), IdxType::kUByte);
  expectError([&] { readIdx<float>(dir.file("images.gz")); }, {"did you mean " + dir.file("images") + "?"});
}

TEST(IdxErrors, MissingFashionMnistNamesTheDebianPackage) {
  const std::string path = std::string(kFashionMnistDir) + "/no-such-file-idx3-ubyte.gz";
  expectError([&] { readIdx<float>(path); },
              {path, "does not exist", "dataset-fashion-mnist", "apt-get install dataset-fashion-mnist"});
}

TEST(IdxErrors, DirectoryIsNotAFile) {
  TempDir dir;
  expectError([&] { readIdx<float>(dir.path()); }, {dir.path(), "is a directory"});
}

TEST(IdxErrors, EveryTruncationAndByteFlipFailsCleanly) {
  // Whatever the damage, the reader either returns a tensor or throws ringdl::Error: no crash, no other
  // exception.
  TempDir dir;
  Tensor<float> t({3, 4, 5});
  for (int64_t i = 0; i < t.numel(); ++i) t.data()[i] = static_cast<float>(i * 3 % 256);
  for (bool gzip : {false, true}) {
    const std::string good = dir.file(gzip ? "good.gz" : "good");
    writeIdx(good, t, IdxType::kUByte, gzip);
    const Bytes bytes = readBytes(good);
    int errors = 0;
    auto attempt = [&](const Bytes& damaged, const std::string& what) {
      writeBytes(dir.file("damaged"), damaged);
      try {
        readIdx<float>(dir.file("damaged"));
      } catch (const Error& e) {
        ++errors;
        EXPECT_NE(e.message().find(dir.file("damaged")), std::string::npos) << what << ": " << e.message();
      } catch (const std::exception& e) {
        ADD_FAILURE() << what << ": unexpected exception " << e.what();
      }
    };
    for (size_t n = 0; n < bytes.size(); ++n)
      attempt(Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n)),
              "cut at " + std::to_string(n));
    EXPECT_EQ(errors, static_cast<int>(bytes.size())) << "every truncation is an error";
    for (size_t i = 0; i < bytes.size(); ++i) {
      for (uint8_t mask : {0x01, 0x80, 0xFF}) {
        Bytes damaged = bytes;
        damaged[i] ^= mask;
        attempt(damaged, "byte " + std::to_string(i) + " ^ " + std::to_string(mask));
      }
    }
  }
}

}  // namespace
}  // namespace ringdl
