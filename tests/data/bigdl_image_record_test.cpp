// BigDL image records: decoding keys and values as BigDL writes them (a record-compressed Text/Text file
// built byte by byte), round trips through the SequenceFile writer and reader, and every malformed-record
// error.
#include "ringdl/data/bigdl_image_record.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <limits>

#include "data/temp_dir.h"
#include "ringdl/data/sequence_file.h"

namespace ringdl {
namespace {

using test::expectError;
using test::TempDir;

std::string be32(int64_t v) {
  const auto u = static_cast<uint32_t>(v);
  return {char(u >> 24), char(u >> 16), char(u >> 8), char(u)};
}

// A Hadoop vint for lengths below 2^16.
std::string vint(size_t n) {
  if (n <= 127) return std::string(1, char(n));
  if (n <= 255) return std::string{char(-113), char(n)};
  return std::string{char(-114), char(n >> 8), char(n)};
}

std::string text(const std::string& s) { return vint(s.size()) + s; }

std::string zlibCompress(const std::string& data) {
  uLongf size = compressBound(uLong(data.size()));
  std::string out(size, '\0');
  EXPECT_EQ(compress2(reinterpret_cast<Bytef*>(&out[0]), &size, reinterpret_cast<const Bytef*>(data.data()),
                      uLong(data.size()), Z_DEFAULT_COMPRESSION),
            Z_OK);
  out.resize(size);
  return out;
}

// width x height BGR pixels with distinct bytes.
std::string pixels(int width, int height, int seed = 0) {
  std::string p(size_t(width) * height * 3, '\0');
  for (size_t i = 0; i < p.size(); ++i) p[i] = char((i * 7 + size_t(seed)) & 0xff);
  return p;
}

Record makeRecord(const std::string& key, const std::string& value, int64_t index = 7,
                  int64_t offset = 1234) {
  Record r;
  r.key = key;
  r.value = value;
  r.keyType = kTextClass;
  r.valueType = kBytesWritableClass;
  r.index = index;
  r.offset = offset;
  return r;
}

TEST(BigDLImageRecord, NameAndLabel) {
  const std::string px = pixels(2, 3);
  const auto image = decodeBigDLImage(makeRecord("n01440764_10026.JPEG\n1", be32(2) + be32(3) + px));
  EXPECT_EQ(image.name, "n01440764_10026.JPEG");
  EXPECT_EQ(image.label, 0) << "BigDL's label 1 is class 0";
  EXPECT_EQ(image.width, 2);
  EXPECT_EQ(image.height, 3);
  EXPECT_EQ(image.pixels, px);
}

TEST(BigDLImageRecord, LabelOnlyAndFloatLabels) {
  const std::string value = be32(1) + be32(1) + "\x10\x20\x30";
  const auto a = decodeBigDLImage(makeRecord("5", value));
  EXPECT_EQ(a.name, "");
  EXPECT_EQ(a.label, 4);
  EXPECT_EQ(decodeBigDLImage(makeRecord("5.0", value)).label, 4);
  EXPECT_EQ(decodeBigDLImage(makeRecord(" 1000 ", value)).label, 999);
  EXPECT_EQ(decodeBigDLImage(makeRecord("dir/name\nwith\nnewlines\n2", value)).name,
            "dir/name\nwith\nnewlines");
  Record textValue = makeRecord("3", value);
  textValue.valueType = kTextClass;  // BigDL's own writer stores the bytes in a Text
  EXPECT_EQ(decodeBigDLImage(textValue).label, 2);
  Record untyped = makeRecord("3", value);
  untyped.keyType = untyped.valueType = "";
  EXPECT_EQ(decodeBigDLImage(untyped).label, 2);
}

TEST(BigDLImageRecord, BadRecordsNameFileOffsetAndIndex) {
  const std::string ok = be32(2) + be32(2) + pixels(2, 2);
  const std::vector<std::string> where = {"file shard-3: record 7 at byte 1234: BigDL image: "};
  auto expectBad = [&](const Record& r, std::initializer_list<std::string> parts) {
    const std::string msg = expectError([&] { decodeBigDLImage(r, "shard-3"); }, parts);
    EXPECT_EQ(msg.rfind(where[0], 0), 0u) << msg;
  };
  expectBad(makeRecord("0", ok), {"label \"0\"", "whole numbers from 1"});
  expectBad(makeRecord("-2", ok), {"label \"-2\""});
  expectBad(makeRecord("1.5", ok), {"label \"1.5\"", "not a class number"});
  expectBad(makeRecord("cat", ok), {"label \"cat\"", "not a number"});
  expectBad(makeRecord("name\n", ok), {"label \"\"", "not a number"});
  expectBad(makeRecord("", ok), {"not a number"});
  expectBad(makeRecord("nan", ok), {"not a number"});
  expectBad(makeRecord("1e10", ok), {"not a class number"});
  expectBad(makeRecord("1", "1234567"), {"the value is 7 bytes", "width and height"});
  expectBad(makeRecord("1", be32(0) + be32(2)), {"bad size 0x2"});
  expectBad(makeRecord("1", be32(-3) + be32(2) + "abc"), {"bad size -3x2"});
  expectBad(makeRecord("1", be32(2) + be32(2) + pixels(2, 2) + "x"),
            {"2x2", "needs 12 pixel bytes", "holds 13"});
  expectBad(makeRecord("1", be32(0x7fffffff) + be32(0x7fffffff) + "abc"), {"needs 13835058042397261827"});
  Record wrongKey = makeRecord("1", ok);
  wrongKey.keyType = kIntWritableClass;
  expectBad(wrongKey, {"the key is a org.apache.hadoop.io.IntWritable"});
  Record wrongValue = makeRecord("1", ok);
  wrongValue.valueType = kLongWritableClass;
  expectBad(wrongValue, {"the value is a org.apache.hadoop.io.LongWritable"});
  // without a file name the message starts with the record
  const std::string msg =
      expectError([&] { decodeBigDLImage(makeRecord("0", ok)); }, {"record 7 at byte 1234"});
  EXPECT_EQ(msg.rfind("record 7", 0), 0u) << msg;
}

TEST(BigDLImageRecord, EncodeErrors) {
  std::string key, value;
  BigDLImageRecord image;
  image.width = 2;
  image.height = 1;
  image.pixels = pixels(2, 1);
  image.label = -1;
  expectError([&] { encodeBigDLImage(image, key, value); }, {"label -1", "0-based"});
  image.label = 0;
  image.pixels += "x";
  expectError([&] { encodeBigDLImage(image, key, value); }, {"2x1", "6 pixel bytes, got 7"});
  image.width = 0;
  expectError([&] { encodeBigDLImage(image, key, value); }, {"bad size 0x1"});
}

// BigDL's BGRImgToLocalSeqFile writes Text keys and Text values through Hadoop's default writer, which
// record-compresses with DefaultCodec: this file is built byte by byte in that layout.
TEST(BigDLImageRecord, ReadsAFileInBigDLsOwnLayout) {
  TempDir dir;
  const std::string sync("0123456789abcdef");
  std::string file = std::string("SEQ\x06", 4) + text(kTextClass) + text(kTextClass) + '\1' + '\0' +
                     text(kDefaultCodecClass) + be32(0) + sync;
  const std::string px0 = pixels(4, 2, 1), px1 = pixels(3, 3, 2);
  for (const auto& [key, value] :
       {std::pair<std::string, std::string>{"img0.JPEG\n3", be32(4) + be32(2) + px0},
        std::pair<std::string, std::string>{"img1.JPEG\n1000", be32(3) + be32(3) + px1}}) {
    const std::string k = text(key), v = zlibCompress(text(value));
    file += be32(int64_t(k.size() + v.size())) + be32(int64_t(k.size())) + k + v;
  }
  test::writeBytes(dir.file("imagenet-seq-0_0.seq"), std::vector<uint8_t>(file.begin(), file.end()));
  SequenceFileReader reader(dir.file("imagenet-seq-0_0.seq"));
  Record r;
  ASSERT_TRUE(reader.next(r));
  auto image = decodeBigDLImage(r, reader.path());
  EXPECT_EQ(image.name, "img0.JPEG");
  EXPECT_EQ(image.label, 2);
  EXPECT_EQ(image.width, 4);
  EXPECT_EQ(image.height, 2);
  EXPECT_EQ(image.pixels, px0);
  ASSERT_TRUE(reader.next(r));
  image = decodeBigDLImage(r, reader.path());
  EXPECT_EQ(image.label, 999);
  EXPECT_EQ(image.pixels, px1);
  EXPECT_FALSE(reader.next(r));
}

TEST(BigDLImageRecord, RoundTripThroughAFile) {
  TempDir dir;
  for (const char* valueClass : {kBytesWritableClass, kTextClass}) {
    std::vector<BigDLImageRecord> images;
    for (int i = 0; i < 20; ++i) {
      BigDLImageRecord image;
      image.name = i % 3 == 0 ? "" : "image_" + std::to_string(i) + ".JPEG";
      image.label = i % 10;
      image.width = 1 + i % 5;
      image.height = 2 + i % 4;
      image.pixels = pixels(image.width, image.height, i);
      images.push_back(image);
    }
    const std::string path = dir.file("images.seq");
    {
      SequenceFileWriter writer(
          path, kTextClass, valueClass,
          SequenceFileWriterOptions().withCompression(SequenceFileCompression::kRecord));
      std::string key, value;
      for (const auto& image : images) {
        encodeBigDLImage(image, key, value);
        writer.append(key, value);
      }
      writer.close();
    }
    SequenceFileReader reader(path);
    Record r;
    for (const auto& expected : images) {
      ASSERT_TRUE(reader.next(r));
      const auto image = decodeBigDLImage(r, path);
      EXPECT_EQ(image.name, expected.name);
      EXPECT_EQ(image.label, expected.label);
      EXPECT_EQ(image.width, expected.width);
      EXPECT_EQ(image.height, expected.height);
      EXPECT_EQ(image.pixels, expected.pixels);
    }
    EXPECT_FALSE(reader.next(r));
  }
  // the key is BigDL's: "name\nlabel" with the label 1-based, or the label alone
  std::string key, value;
  BigDLImageRecord image;
  image.name = "x.JPEG";
  image.label = 0;
  image.width = image.height = 1;
  image.pixels = "bgr";
  encodeBigDLImage(image, key, value);
  EXPECT_EQ(key, "x.JPEG\n1");
  EXPECT_EQ(value, be32(1) + be32(1) + "bgr");
  image.name.clear();
  image.label = 41;
  encodeBigDLImage(image, key, value);
  EXPECT_EQ(key, "42");
}

}  // namespace
}  // namespace ringdl

namespace ringdl {
namespace {

// The key alone: name split at the last newline, the 1-based label made 0-based, whitespace around it ignored
// (Java's Float.parseFloat, which BigDL uses), errors starting with the caller's place.
TEST(BigDLKey, NameAndZeroBasedLabel) {
  BigDLKey k = parseBigDLKey("n01440764_10026.JPEG\n1", "here: ");
  EXPECT_EQ(k.name, "n01440764_10026.JPEG");
  EXPECT_EQ(k.label, 0);
  k = parseBigDLKey("a\nb\n 7.0\r", "here: ");
  EXPECT_EQ(k.name, "a\nb");
  EXPECT_EQ(k.label, 6);
  k = parseBigDLKey("1000", "here: ");
  EXPECT_TRUE(k.name.empty());
  EXPECT_EQ(k.label, 999);
  for (const char* bad : {"0", "-1", "2.5", "cat", "", "x\n", "1e10"}) {
    const std::string msg = test::expectError([&] { parseBigDLKey(bad, "here: "); }, {"the label"});
    EXPECT_EQ(msg.rfind("here: ", 0), 0u) << msg;
  }
}

// The key written: 0-based label in, BigDL's 1-based label out, read back by parseBigDLKey; a label that is
// not a 0-based class whose 1-based form fits BigDL's int is an error (never truncated).
TEST(BigDLKey, EncodedOneBasedAndRangeChecked) {
  EXPECT_EQ(encodeBigDLKey("n01440764_10026.JPEG", 0), "n01440764_10026.JPEG\n1");
  EXPECT_EQ(encodeBigDLKey("", 4), "5");
  const int64_t top = std::numeric_limits<int32_t>::max() - 1;
  EXPECT_EQ(encodeBigDLKey("a/b.png", top), "a/b.png\n2147483647");
  const BigDLKey back = parseBigDLKey(encodeBigDLKey("a\nb", 41), "here: ");
  EXPECT_EQ(back.name, "a\nb");
  EXPECT_EQ(back.label, 41);
  expectError([&] { encodeBigDLKey("x", -1); }, {"label -1", "0-based"});
  expectError([&] { encodeBigDLKey("x", top + 1); }, {"label 2147483647", "2147483646"});
  expectError([&] { encodeBigDLKey("x", (int64_t(1) << 32) + 3); }, {"label 4294967299"});
  // encodeBigDLImage writes the same key.
  BigDLImageRecord image;
  image.name = "cat.jpg";
  image.label = 2;
  image.width = image.height = 1;
  image.pixels.assign(3, '\0');
  std::string key, value;
  encodeBigDLImage(image, key, value);
  EXPECT_EQ(key, encodeBigDLKey("cat.jpg", 2));
}

}  // namespace
}  // namespace ringdl
