// SequenceFile reader and writer: files built byte by byte from the format specification, writer round trips
// for every compression mode, codec and Writable, Hadoop's split rule, and every malformed-input error.
#include "ringdl/data/sequence_file.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "data/record_reading.h"
#include "data/temp_dir.h"

namespace ringdl {
namespace {

using test::expectError;
using test::expectViewsMatchNext;
using test::TempDir;

// ---- the format, written from the specification (independent of the code under test) ----

const std::string kSync("\x5a\x01\xfe\x10\x99\x42\x00\x7f\x80\x13\xc4\x3d\xee\x21\x08\xb7", 16);

std::string be32(int64_t v) {
  const auto u = static_cast<uint32_t>(v);
  return {char(u >> 24), char(u >> 16), char(u >> 8), char(u)};
}

// WritableUtils.writeVLong: -112..127 in one byte; otherwise a byte saying sign and length (-113..-120:
// positive, 1..8 bytes; -121..-128: negative, stored one's-complemented), then big-endian bytes.
std::string vint(int64_t v) {
  if (v >= -112 && v <= 127) return std::string(1, char(v));
  const bool negative = v < 0;
  uint64_t u = negative ? ~uint64_t(v) : uint64_t(v);
  std::string bytes;
  while (u != 0) {
    bytes.insert(bytes.begin(), char(u & 0xff));
    u >>= 8;
  }
  return std::string(1, char((negative ? -120 : -112) - int(bytes.size()))) + bytes;
}

std::string text(const std::string& s) { return vint(int64_t(s.size())) + s; }
std::string bytesWritable(const std::string& s) { return be32(int64_t(s.size())) + s; }
std::string syncMarker() { return be32(-1) + kSync; }

std::string header(const std::string& keyClass, const std::string& valueClass, bool compressed = false,
                   bool block = false, const std::string& codec = kDefaultCodecClass,
                   const std::vector<std::pair<std::string, std::string>>& metadata = {}) {
  std::string h = std::string("SEQ\x06", 4) + text(keyClass) + text(valueClass);
  h += char(compressed);
  h += char(block);
  if (compressed) h += text(codec);
  h += be32(int64_t(metadata.size()));
  for (const auto& [k, v] : metadata) h += text(k) + text(v);
  return h + kSync;
}

// record length, key length, key, value (the value compressed in record-compressed files)
std::string record(const std::string& key, const std::string& value) {
  return be32(int64_t(key.size() + value.size())) + be32(int64_t(key.size())) + key + value;
}

std::string zlibCompress(const std::string& data) {
  uLongf size = compressBound(uLong(data.size()));
  std::string out(size, '\0');
  EXPECT_EQ(compress2(reinterpret_cast<Bytef*>(&out[0]), &size, reinterpret_cast<const Bytef*>(data.data()),
                      uLong(data.size()), Z_DEFAULT_COMPRESSION),
            Z_OK);
  out.resize(size);
  return out;
}

// A gzip member (RFC 1952) holding the data in one stored deflate block (RFC 1951).
std::string gzipStored(const std::string& data) {
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
  const auto len = static_cast<uint16_t>(data.size());
  out += {char(0x01), char(len), char(len >> 8), char(~len), char(uint16_t(~len) >> 8)};
  out += data;
  const uint32_t crc = uint32_t(crc32(0, reinterpret_cast<const Bytef*>(data.data()), uInt(data.size())));
  for (int i = 0; i < 4; ++i) out += char(crc >> (8 * i));
  for (int i = 0; i < 4; ++i) out += char(uint32_t(data.size()) >> (8 * i));
  return out;
}

// A block: sync marker, record count, then key lengths, keys, value lengths, values, each compressed and
// preceded by its compressed size.
std::string block(const std::vector<std::pair<std::string, std::string>>& records,
                  std::string (*compress)(const std::string&) = zlibCompress) {
  std::string keyLens, keys, valueLens, values;
  for (const auto& [k, v] : records) {
    keyLens += vint(int64_t(k.size()));
    keys += k;
    valueLens += vint(int64_t(v.size()));
    values += v;
  }
  std::string b = syncMarker() + vint(int64_t(records.size()));
  for (const std::string* buffer : {&keyLens, &keys, &valueLens, &values}) {
    const std::string z = compress(*buffer);
    b += vint(int64_t(z.size())) + z;
  }
  return b;
}

void writeFile(const std::string& path, const std::string& bytes) {
  test::writeBytes(path, std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

std::string readFile(const std::string& path) {
  const auto b = test::readBytes(path);
  return std::string(b.begin(), b.end());
}

std::vector<Record> readAll(SequenceFileReader& reader) {
  std::vector<Record> out;
  Record r;
  while (reader.next(r)) out.push_back(r);
  return out;
}

std::vector<Record> readAll(const std::string& path) {
  SequenceFileReader reader(path);
  return readAll(reader);
}

using KV = std::pair<std::string, std::string>;

std::vector<KV> keyValues(const std::vector<Record>& records) {
  std::vector<KV> out;
  for (const auto& r : records) out.emplace_back(r.key, r.value);
  return out;
}

// ---- files built from the specification ----

TEST(SequenceFileSpec, UncompressedTextIntWritable) {
  TempDir dir;
  const std::string h =
      header(kTextClass, kIntWritableClass, false, false, "", {{"origin", "spec"}, {"z", ""}});
  const std::string r0 = record(text("one"), be32(1));
  const std::string r1 = record(text("two"), be32(2));
  const std::string r2 = record(text(""), be32(-7));
  writeFile(dir.file("f.seq"), h + r0 + r1 + r2);
  SequenceFileReader reader(dir.file("f.seq"));
  const SequenceFileHeader& hd = reader.header();
  EXPECT_EQ(hd.version, 6);
  EXPECT_EQ(hd.keyClass, kTextClass);
  EXPECT_EQ(hd.valueClass, kIntWritableClass);
  EXPECT_FALSE(hd.compressed);
  EXPECT_FALSE(hd.blockCompressed);
  EXPECT_EQ(hd.codecClass, "");
  EXPECT_EQ(hd.metadata, (std::map<std::string, std::string>{{"origin", "spec"}, {"z", ""}}));
  EXPECT_EQ(hd.sync, kSync);
  EXPECT_EQ(hd.headerBytes, int64_t(h.size()));
  EXPECT_EQ(reader.fileSize(), int64_t(h.size() + r0.size() + r1.size() + r2.size()));
  const auto records = readAll(reader);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].key, "one");
  EXPECT_EQ(writableInt(records[0].value), 1);
  EXPECT_EQ(records[1].key, "two");
  EXPECT_EQ(writableInt(records[1].value), 2);
  EXPECT_EQ(records[2].key, "");
  EXPECT_EQ(writableInt(records[2].value), -7);
  EXPECT_EQ(records[0].offset, int64_t(h.size()));
  EXPECT_EQ(records[1].offset, int64_t(h.size() + r0.size()));
  EXPECT_EQ(records[2].offset, int64_t(h.size() + r0.size() + r1.size()));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(records[i].index, i);
    EXPECT_EQ(records[i].keyType, kTextClass);
    EXPECT_EQ(records[i].valueType, kIntWritableClass);
  }
  Record r;
  EXPECT_FALSE(reader.next(r));  // stays at the end
}

TEST(SequenceFileSpec, BytesWritable) {
  TempDir dir;
  const std::string big(300, '\xab');
  writeFile(dir.file("f.seq"), header(kBytesWritableClass, kBytesWritableClass) +
                                   record(bytesWritable("k0"), bytesWritable(std::string("\0\1\2", 3))) +
                                   record(bytesWritable(""), bytesWritable("")) +
                                   record(bytesWritable("k2"), bytesWritable(big)));
  const auto records = readAll(dir.file("f.seq"));
  EXPECT_EQ(keyValues(records), (std::vector<KV>{{"k0", std::string("\0\1\2", 3)}, {"", ""}, {"k2", big}}));
}

TEST(SequenceFileSpec, LongAndFloatWritables) {
  TempDir dir;
  const std::string h = header(kLongWritableClass, kFloatWritableClass);
  // 1.5f = 0x3fc00000; -0.25f = 0xbe800000
  writeFile(dir.file("f.seq"),
            h + record(be32(0) + be32(5), be32(0x3fc00000)) + record(be32(-1) + be32(-2), be32(0xbe800000)));
  const auto records = readAll(dir.file("f.seq"));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(writableLong(records[0].key), 5);
  EXPECT_EQ(writableFloat(records[0].value), 1.5f);
  EXPECT_EQ(writableLong(records[1].key), -2);
  EXPECT_EQ(writableFloat(records[1].value), -0.25f);
}

TEST(SequenceFileSpec, OtherClassesGiveTheirSerializedBytes) {
  TempDir dir;
  writeFile(dir.file("f.seq"),
            header("org.apache.hadoop.io.NullWritable", "org.example.Point") + record("", be32(3) + be32(4)));
  const auto records = readAll(dir.file("f.seq"));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].key, "");
  EXPECT_EQ(records[0].value, be32(3) + be32(4));
  EXPECT_EQ(records[0].valueType, "org.example.Point");
}

TEST(SequenceFileSpec, SyncMarkersBetweenRecords) {
  TempDir dir;
  const std::string h = header(kTextClass, kTextClass);
  std::string body;
  std::vector<int64_t> offsets;
  auto add = [&](const std::string& k, const std::string& v) {
    offsets.push_back(int64_t(h.size() + body.size()));
    body += record(text(k), text(v));
  };
  body += syncMarker();  // right after the header
  add("a", "1");
  body += syncMarker();
  add("b", "2");
  body += syncMarker() + syncMarker();  // two in a row
  add("c", "3");
  body += syncMarker();  // at the very end
  writeFile(dir.file("f.seq"), h + body);
  const auto records = readAll(dir.file("f.seq"));
  EXPECT_EQ(keyValues(records), (std::vector<KV>{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
  for (size_t i = 0; i < records.size(); ++i) EXPECT_EQ(records[i].offset, offsets[i]);
}

TEST(SequenceFileSpec, RecordCompressedDefaultCodec) {
  TempDir dir;
  const std::string h = header(kTextClass, kBytesWritableClass, true, false, kDefaultCodecClass);
  const std::string v0 = bytesWritable("pixels pixels pixels pixels");
  const std::string v1 = bytesWritable("");
  writeFile(dir.file("f.seq"), h + record(text("img0"), zlibCompress(v0)) + syncMarker() +
                                   record(text("img1"), zlibCompress(v1)));
  SequenceFileReader reader(dir.file("f.seq"));
  EXPECT_TRUE(reader.header().compressed);
  EXPECT_FALSE(reader.header().blockCompressed);
  EXPECT_EQ(reader.header().codecClass, kDefaultCodecClass);
  EXPECT_EQ(keyValues(readAll(reader)),
            (std::vector<KV>{{"img0", "pixels pixels pixels pixels"}, {"img1", ""}}));
}

TEST(SequenceFileSpec, RecordCompressedGzipCodec) {
  TempDir dir;
  writeFile(dir.file("f.seq"), header(kTextClass, kTextClass, true, false, kGzipCodecClass) +
                                   record(text("k"), gzipStored(text("gzipped value"))));
  EXPECT_EQ(keyValues(readAll(dir.file("f.seq"))), (std::vector<KV>{{"k", "gzipped value"}}));
}

TEST(SequenceFileSpec, BlockCompressed) {
  TempDir dir;
  const std::string h = header(kTextClass, kIntWritableClass, true, true, kDefaultCodecClass);
  const std::string b0 = block({{text("a"), be32(1)}, {text("bb"), be32(2)}, {text(""), be32(3)}});
  const std::string b1 = block({{text("d"), be32(4)}});
  const std::string b2 = block({});  // an empty block is skipped
  const std::string b3 = block({{text("e"), be32(5)}}, gzipStored);
  writeFile(dir.file("f.seq"), h + b0 + b1 + b2 + b3);
  const auto records = readAll(dir.file("f.seq"));
  ASSERT_EQ(records.size(), 5u);
  const std::vector<std::string> keys = {"a", "bb", "", "d", "e"};
  const std::vector<int64_t> offsets = {0, 0, 0, int64_t(b0.size()),
                                        int64_t(b0.size() + b1.size() + b2.size())};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(records[i].key, keys[i]);
    EXPECT_EQ(writableInt(records[i].value), int32_t(i + 1));
    EXPECT_EQ(records[i].offset, int64_t(h.size()) + offsets[i]) << "the offset of the record's block";
    EXPECT_EQ(records[i].index, int64_t(i));
  }
}

TEST(SequenceFileSpec, OlderVersions) {
  TempDir dir;
  const std::string body = record(text("k"), text("v"));
  auto utf8 = [](const std::string& s) { return std::string{char(s.size() >> 8), char(s.size())} + s; };
  // version 5: no metadata
  writeFile(dir.file("v5"),
            std::string("SEQ\x05", 4) + text(kTextClass) + text(kTextClass) + '\0' + '\0' + kSync + body);
  // version 4: compressed files have no codec name (DefaultCodec)
  writeFile(dir.file("v4"), std::string("SEQ\x04", 4) + text(kTextClass) + text(kTextClass) + '\1' + '\0' +
                                kSync + record(text("k"), zlibCompress(text("v"))));
  // version 3: class names as Java UTF8 (2-byte length), no block flag
  writeFile(dir.file("v3"),
            std::string("SEQ\x03", 4) + utf8(kTextClass) + utf8(kTextClass) + '\0' + kSync + body);
  // version 2: no compression flag either
  writeFile(dir.file("v2"), std::string("SEQ\x02", 4) + utf8(kTextClass) + utf8(kTextClass) + kSync + body);
  for (const char* name : {"v2", "v3", "v4", "v5"}) {
    SequenceFileReader reader(dir.file(name));
    EXPECT_EQ(reader.header().version, name[1] - '0');
    EXPECT_EQ(reader.header().keyClass, kTextClass) << name;
    EXPECT_EQ(keyValues(readAll(reader)), (std::vector<KV>{{"k", "v"}})) << name;
  }
  EXPECT_EQ(SequenceFileReader(dir.file("v4")).header().codecClass, kDefaultCodecClass);
}

// ---- Hadoop vints and Writables ----

TEST(SequenceFileWritable, VIntEncodings) {
  const std::vector<std::pair<int64_t, std::string>> known = {
      {0, std::string(1, '\0')},
      {127, "\x7f"},
      {-112, "\x90"},
      {128, "\x8f\x80"},
      {255, "\x8f\xff"},
      {256, std::string("\x8e\x01\x00", 3)},
      {-113, "\x87\x70"},
      {-256, "\x87\xff"},
      {-257, std::string("\x86\x01\x00", 3)},
      {std::numeric_limits<int64_t>::max(), "\x88\x7f\xff\xff\xff\xff\xff\xff\xff"},
      {std::numeric_limits<int64_t>::min(), "\x80\x7f\xff\xff\xff\xff\xff\xff\xff"},
  };
  for (const auto& [value, encoded] : known) {
    std::string out;
    writeHadoopVInt(out, value);
    EXPECT_EQ(out, encoded) << value;
    EXPECT_EQ(vint(value), encoded) << value;
    EXPECT_EQ(hadoopVIntSize(value), int(encoded.size()));
    size_t pos = 0;
    int64_t decoded = 0;
    ASSERT_TRUE(readHadoopVInt(encoded, pos, decoded));
    EXPECT_EQ(decoded, value);
    EXPECT_EQ(pos, encoded.size());
    // cut short: false, position unchanged
    pos = 0;
    if (encoded.size() > 1) EXPECT_FALSE(readHadoopVInt(encoded.substr(0, encoded.size() - 1), pos, decoded));
    EXPECT_EQ(pos, 0u);
  }
  std::mt19937_64 gen(7);
  std::string stream;
  std::vector<int64_t> values;
  for (int i = 0; i < 2000; ++i) {
    const int64_t v = int64_t(gen()) >> (gen() % 64);
    values.push_back(v);
    writeHadoopVInt(stream, v);
  }
  size_t pos = 0;
  for (int64_t v : values) {
    int64_t d = 0;
    ASSERT_TRUE(readHadoopVInt(stream, pos, d));
    EXPECT_EQ(d, v);
  }
  EXPECT_EQ(pos, stream.size());
}

TEST(SequenceFileWritable, NumbersAreBigEndian) {
  EXPECT_EQ(intWritable(0x01020304), std::string("\x01\x02\x03\x04"));
  EXPECT_EQ(writableInt(intWritable(-5)), -5);
  EXPECT_EQ(longWritable(0x0102030405060708), std::string("\x01\x02\x03\x04\x05\x06\x07\x08"));
  EXPECT_EQ(writableLong(longWritable(std::numeric_limits<int64_t>::min())),
            std::numeric_limits<int64_t>::min());
  EXPECT_EQ(floatWritable(1.5f), std::string("\x3f\xc0\x00\x00", 4));
  EXPECT_EQ(writableFloat(floatWritable(-3.25f)), -3.25f);
  expectError([] { writableInt("abc"); }, {"IntWritable", "4", "got 3"});
  expectError([] { writableLong("abcd"); }, {"LongWritable", "8"});
  expectError([] { writableFloat(""); }, {"FloatWritable"});
}

// ---- round trips through the writer ----

struct Kind {
  const char* className;
  std::string (*make)(std::mt19937_64& gen, size_t size);
};

std::string randomBytes(std::mt19937_64& gen, size_t size) {
  std::string s(size, '\0');
  for (auto& c : s) c = char(gen() % 7 + 'a');  // compressible, like real data
  return s;
}

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> all = {
      {kTextClass, randomBytes},
      {kBytesWritableClass, randomBytes},
      {kIntWritableClass, [](std::mt19937_64& gen, size_t) { return intWritable(int32_t(gen())); }},
      {kLongWritableClass, [](std::mt19937_64& gen, size_t) { return longWritable(int64_t(gen())); }},
      {kFloatWritableClass,
       [](std::mt19937_64& gen, size_t) { return floatWritable(float(gen() % 1000) / 7); }},
      {"org.example.Custom", randomBytes},
  };
  return all;
}

const char* compressionName(SequenceFileCompression c) {
  return c == SequenceFileCompression::kNone     ? "none"
         : c == SequenceFileCompression::kRecord ? "record"
                                                 : "block";
}

TEST(SequenceFileRoundTrip, EveryModeCodecAndType) {
  TempDir dir;
  std::mt19937_64 gen(42);
  for (auto compression :
       {SequenceFileCompression::kNone, SequenceFileCompression::kRecord, SequenceFileCompression::kBlock}) {
    for (auto codec : {SequenceFileCodec::kDefault, SequenceFileCodec::kGzip}) {
      if (compression == SequenceFileCompression::kNone && codec == SequenceFileCodec::kGzip) continue;
      for (const Kind& keyKind : kinds()) {
        for (const Kind& valueKind : kinds()) {
          const std::string path = dir.file("rt.seq");
          const auto options = SequenceFileWriterOptions()
                                   .withCompression(compression)
                                   .withCodec(codec)
                                   .withSyncInterval(200)
                                   .withBlockSize(500)
                                   .withMetadata("a", "1")
                                   .withMetadata("b", std::string("\0\xff", 2));
          std::vector<KV> expected;
          {
            SequenceFileWriter writer(path, keyKind.className, valueKind.className, options);
            for (size_t i = 0; i < 40; ++i) {
              const size_t size = i == 3 ? 0 : gen() % 120;  // record 3: empty key and value (where allowed)
              expected.emplace_back(keyKind.make(gen, size / 4), valueKind.make(gen, size));
              writer.append(expected.back().first, expected.back().second);
            }
            EXPECT_EQ(writer.records(), 40);
            writer.close();
          }
          SCOPED_TRACE(std::string(compressionName(compression)) + " " +
                       (codec == SequenceFileCodec::kGzip ? "gzip" : "default") + " " + keyKind.className +
                       " " + valueKind.className);
          SequenceFileReader reader(path);
          const SequenceFileHeader& h = reader.header();
          EXPECT_EQ(h.keyClass, keyKind.className);
          EXPECT_EQ(h.valueClass, valueKind.className);
          EXPECT_EQ(h.compressed, compression != SequenceFileCompression::kNone);
          EXPECT_EQ(h.blockCompressed, compression == SequenceFileCompression::kBlock);
          EXPECT_EQ(h.codecClass, compression == SequenceFileCompression::kNone ? ""
                                  : codec == SequenceFileCodec::kGzip           ? kGzipCodecClass
                                                                                : kDefaultCodecClass);
          EXPECT_EQ(h.metadata,
                    (std::map<std::string, std::string>{{"a", "1"}, {"b", std::string("\0\xff", 2)}}));
          const auto records = readAll(reader);
          EXPECT_EQ(keyValues(records), expected);
          for (size_t i = 0; i < records.size(); ++i) {
            EXPECT_EQ(records[i].index, int64_t(i));
            EXPECT_EQ(records[i].keyType, keyKind.className);
            EXPECT_EQ(records[i].valueType, valueKind.className);
          }
        }
      }
    }
  }
}

TEST(SequenceFileRoundTrip, RecordsLargerThanTheReadBuffer) {
  TempDir dir;
  std::mt19937_64 gen(3);
  const size_t big = SequenceFileReader::kBufferBytes + 12345;
  for (auto compression :
       {SequenceFileCompression::kNone, SequenceFileCompression::kRecord, SequenceFileCompression::kBlock}) {
    for (const char* valueClass : {kTextClass, kBytesWritableClass, "org.example.Blob"}) {
      const std::string path = dir.file("big.seq");
      std::vector<KV> expected = {{"small", "x"},
                                  {"big1", randomBytes(gen, big)},
                                  {"", ""},
                                  {"big2", randomBytes(gen, 3 * big)},
                                  {"last", "y"}};
      {
        SequenceFileWriter writer(path, kTextClass, valueClass,
                                  SequenceFileWriterOptions().withCompression(compression));
        for (const auto& [k, v] : expected) writer.append(k, v);
      }  // the destructor closes
      EXPECT_EQ(keyValues(readAll(path)), expected) << compressionName(compression) << " " << valueClass;
    }
  }
}

// The writer's bytes are Hadoop's layout exactly: the same file built by hand from the specification (with
// the writer's sync marker) compares equal, sync markers and block boundaries included.
TEST(SequenceFileRoundTrip, WriterMatchesTheSpecificationByteForByte) {
  TempDir dir;
  std::vector<KV> data;
  for (int i = 0; i < 30; ++i)
    data.emplace_back("key" + std::to_string(i), std::string(size_t(i * 7), char('a' + i % 5)));
  for (auto compression :
       {SequenceFileCompression::kNone, SequenceFileCompression::kRecord, SequenceFileCompression::kBlock}) {
    const std::string path = dir.file("w.seq");
    const int64_t interval = 150, blockSize = 300;
    std::string sync;
    {
      SequenceFileWriter writer(path, kTextClass, kBytesWritableClass,
                                SequenceFileWriterOptions()
                                    .withCompression(compression)
                                    .withSyncInterval(interval)
                                    .withBlockSize(blockSize)
                                    .withMetadata("k", "v"));
      for (const auto& [k, v] : data) writer.append(k, v);
      writer.close();
      EXPECT_EQ(writer.bytes(), int64_t(readFile(path).size()));
      sync = writer.sync();
    }
    ASSERT_EQ(sync.size(), 16u);
    const bool compressed = compression != SequenceFileCompression::kNone;
    std::string expected =
        header(kTextClass, kBytesWritableClass, compressed, compression == SequenceFileCompression::kBlock,
               kDefaultCodecClass, {{"k", "v"}});
    expected.replace(expected.size() - 16, 16, sync);
    const std::string marker = be32(-1) + sync;
    if (compression == SequenceFileCompression::kBlock) {
      // a block is written once its keys and values reach blockSize bytes, and at close
      std::string keyLens, keys, valueLens, values;
      int64_t count = 0;
      auto flush = [&] {
        expected += marker + vint(count);
        for (const std::string* b : {&keyLens, &keys, &valueLens, &values}) {
          const std::string z = zlibCompress(*b);
          expected += vint(int64_t(z.size())) + z;
        }
        keyLens.clear(), keys.clear(), valueLens.clear(), values.clear(), count = 0;
      };
      for (const auto& [k, v] : data) {
        keys += text(k), keyLens += vint(int64_t(text(k).size()));
        values += bytesWritable(v), valueLens += vint(int64_t(bytesWritable(v).size()));
        ++count;
        if (int64_t(keys.size() + values.size()) >= blockSize) flush();
      }
      if (count > 0) flush();
    } else {
      // a sync marker before a record that starts interval or more bytes after the last one (or byte 0)
      int64_t lastSync = 0;
      for (const auto& [k, v] : data) {
        if (int64_t(expected.size()) >= lastSync + interval) {
          expected += marker;
          lastSync = int64_t(expected.size());
        }
        const std::string value = compressed ? zlibCompress(bytesWritable(v)) : bytesWritable(v);
        expected += record(text(k), value);
      }
    }
    EXPECT_TRUE(readFile(path) == expected) << compressionName(compression);
    EXPECT_EQ(keyValues(readAll(path)), data);
  }
}

// ---- splits ----

// The records of `path` read as the splits cut at `cuts` (ascending, within [0, size]).
std::vector<KV> readSplits(const std::string& path, const std::vector<int64_t>& cuts) {
  std::vector<KV> out;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    SequenceFileReader reader(path, cuts[i], cuts[i + 1]);
    const auto part = keyValues(readAll(reader));
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

TEST(SequenceFileSplits, EveryRecordExactlyOnce) {
  TempDir dir;
  std::mt19937_64 gen(11);
  for (auto compression :
       {SequenceFileCompression::kNone, SequenceFileCompression::kRecord, SequenceFileCompression::kBlock}) {
    const std::string path = dir.file("split.seq");
    std::vector<KV> all;
    {
      SequenceFileWriter writer(
          path, kTextClass, kBytesWritableClass,
          SequenceFileWriterOptions().withCompression(compression).withSyncInterval(400).withBlockSize(700));
      for (int i = 0; i < 400; ++i) {
        all.emplace_back("r" + std::to_string(i), randomBytes(gen, gen() % 90));
        writer.append(all.back().first, all.back().second);
      }
    }
    SequenceFileReader whole(path);
    const int64_t size = whole.fileSize();
    const int64_t headerBytes = whole.header().headerBytes;
    // the sync markers' offsets, to cut on and next to them
    const std::string bytes = readFile(path);
    std::vector<int64_t> syncs;
    for (size_t at = bytes.find(whole.header().sync, size_t(headerBytes)); at != std::string::npos;
         at = bytes.find(whole.header().sync, at + 1))
      syncs.push_back(int64_t(at) - 4);
    ASSERT_GT(syncs.size(), 5u) << compressionName(compression);
    EXPECT_EQ(keyValues(readAll(whole)), all);
    for (int splits = 1; splits <= 7; ++splits) {
      for (int trial = 0; trial < 40; ++trial) {
        std::vector<int64_t> cuts = {0, size};
        for (int c = 1; c < splits; ++c) {
          int64_t cut = int64_t(gen() % uint64_t(size + 1));
          const uint64_t pick = gen() % 4;
          if (pick == 0)
            cut = syncs[gen() % syncs.size()] + int64_t(gen() % 3) - 1;  // on a marker, or next to it
          if (pick == 1) cut = headerBytes + int64_t(gen() % 3) - 1;     // next to the header's end
          cuts.push_back(std::clamp<int64_t>(cut, 0, size));
        }
        std::sort(cuts.begin(), cuts.end());
        ASSERT_EQ(readSplits(path, cuts), all) << compressionName(compression) << ", " << splits << " splits";
      }
    }
    // every single cut point of a two-way split
    for (int64_t cut = 0; cut <= size; cut += std::max<int64_t>(1, size / 3000))
      ASSERT_EQ(readSplits(path, {0, cut, size}), all) << compressionName(compression) << " cut at " << cut;
    // a split past the end of the file is empty; so is one inside the header
    EXPECT_TRUE(readSplits(path, {size, size + 100}).empty());
    EXPECT_TRUE(readSplits(path, {0, headerBytes}).empty());
  }
}

// Files several read buffers long: records straddle buffer refills, and split starts and recovery search
// across them.
TEST(SequenceFileSplits, FilesLongerThanTheReadBuffer) {
  TempDir dir;
  std::mt19937_64 gen(5);
  for (auto compression :
       {SequenceFileCompression::kNone, SequenceFileCompression::kRecord, SequenceFileCompression::kBlock}) {
    const std::string path = dir.file("long.seq");
    std::vector<KV> all;
    {
      SequenceFileWriter writer(path, kTextClass, kBytesWritableClass,
                                SequenceFileWriterOptions()
                                    .withCompression(compression)
                                    .withSyncInterval(20000)
                                    .withBlockSize(30000));
      while (writer.bytes() < int64_t(3 * SequenceFileReader::kBufferBytes)) {
        all.emplace_back("r" + std::to_string(all.size()), randomBytes(gen, gen() % 3000));
        writer.append(all.back().first, all.back().second);
      }
    }
    SequenceFileReader whole(path);
    const int64_t size = whole.fileSize();
    ASSERT_EQ(keyValues(readAll(whole)), all) << compressionName(compression);
    const int64_t buffer = int64_t(SequenceFileReader::kBufferBytes);
    const std::string bytes = readFile(path);
    std::vector<int64_t> syncs;
    for (size_t at = bytes.find(whole.header().sync, size_t(whole.header().headerBytes));
         at != std::string::npos; at = bytes.find(whole.header().sync, at + 1))
      syncs.push_back(int64_t(at) - 4);
    // cuts on every sync marker's first bytes: the marker is found although its escape precedes the search
    for (size_t i = 0; i < syncs.size(); i += 5)
      for (int64_t d : {-1, 0, 2, 4})
        ASSERT_EQ(readSplits(path, {0, syncs[i] + d, size}), all)
            << compressionName(compression) << " cut at " << syncs[i] + d;
    for (int splits = 1; splits <= 7; ++splits) {
      for (int trial = 0; trial < 6; ++trial) {
        std::vector<int64_t> cuts = {0, size};
        for (int c = 1; c < splits; ++c) {
          int64_t cut = int64_t(gen() % uint64_t(size + 1));
          if (gen() % 2) cut = buffer * int64_t(1 + gen() % 2) + int64_t(gen() % 9) - 4;  // near a refill
          cuts.push_back(std::clamp<int64_t>(cut, 0, size));
        }
        std::sort(cuts.begin(), cuts.end());
        ASSERT_EQ(readSplits(path, cuts), all) << compressionName(compression) << ", " << splits << " splits";
      }
    }
  }
}

TEST(SequenceFileSplits, IndicesCountFromTheSplitAndMessagesSayWhichSplit) {
  TempDir dir;
  const std::string h = header(kTextClass, kIntWritableClass);
  const std::string body = record(text("a"), be32(1)) + syncMarker() + record(text("b"), be32(2)) +
                           record(text("c"), "12345");  // a 5-byte IntWritable
  writeFile(dir.file("f.seq"), h + body);
  const int64_t begin = int64_t(h.size()) + 5;
  SequenceFileReader reader(dir.file("f.seq"), begin, begin + 1000);
  Record r;
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.key, "b");
  EXPECT_EQ(r.index, 0);
  expectError(
      [&] { reader.next(r); },
      {dir.file("f.seq"), "record 1 of the split [" + std::to_string(begin) + ", ", "IntWritable", "5"});
  expectError([&] { SequenceFileReader(dir.file("f.seq"), 10, 5); }, {dir.file("f.seq"), "bad split"});
}

// ---- bad input ----

// Reads with recover() after every error; returns the records and the error messages. Never more than
// `limit` steps: a reader that loops forever fails the test instead of hanging it.
using Outcome = test::ReadOutcome;

Outcome readRecovering(SequenceFileReader& reader, int limit = 10000) {
  return test::readRecovering(reader, /*views=*/false, limit);
}

bool isSubsequence(const std::vector<KV>& part, const std::vector<KV>& all) {
  size_t j = 0;
  for (const auto& kv : part) {
    while (j < all.size() && all[j] != kv) ++j;
    if (j == all.size()) return false;
    ++j;
  }
  return true;
}

TEST(SequenceFileErrors, TruncatedAtEveryByte) {
  TempDir dir;
  for (auto compression :
       {SequenceFileCompression::kNone, SequenceFileCompression::kRecord, SequenceFileCompression::kBlock}) {
    const std::string path = dir.file("full.seq");
    std::vector<KV> all;
    {
      SequenceFileWriter writer(
          path, kTextClass, kBytesWritableClass,
          SequenceFileWriterOptions().withCompression(compression).withSyncInterval(60).withBlockSize(50));
      for (int i = 0; i < 8; ++i) {
        all.emplace_back("k" + std::to_string(i), std::string(size_t(i * 5), char('a' + i)));
        writer.append(all.back().first, all.back().second);
      }
    }
    const std::string bytes = readFile(path);
    const int64_t headerBytes = SequenceFileReader(path).header().headerBytes;
    // the lengths at which the file is whole: after the header, after each record (block) and sync marker
    std::set<int64_t> boundaries = {headerBytes};
    {
      SequenceFileReader reader(path);
      Record r;
      while (reader.next(r)) boundaries.insert(r.offset);
      const std::string sync = reader.header().sync;
      for (size_t at = bytes.find(sync, size_t(headerBytes)); at != std::string::npos;
           at = bytes.find(sync, at + 1))
        boundaries.insert(int64_t(at) - 4), boundaries.insert(int64_t(at) + 16);
    }
    const std::string cut = dir.file("cut.seq");
    for (size_t n = 0; n < bytes.size(); ++n) {
      SCOPED_TRACE(std::string(compressionName(compression)) + ", cut to " + std::to_string(n) + " bytes");
      writeFile(cut, bytes.substr(0, n));
      if (int64_t(n) < headerBytes) {
        expectError([&] { SequenceFileReader reader(cut); }, {cut});
        continue;
      }
      SequenceFileReader reader(cut);
      const Outcome o = readRecovering(reader);
      const auto got = keyValues(o.records);
      EXPECT_TRUE(isSubsequence(got, all));
      if (o.errors.empty()) {
        // undetectable only where the file could have ended
        EXPECT_TRUE(boundaries.count(int64_t(n))) << "a cut inside a record read without an error";
        EXPECT_EQ(got, std::vector<KV>(all.begin(), all.begin() + std::ptrdiff_t(got.size())));
      }
      for (const auto& msg : o.errors) {
        EXPECT_NE(msg.find(cut), std::string::npos) << msg;
        EXPECT_NE(msg.find("record "), std::string::npos) << msg;
        EXPECT_NE(msg.find(" byte "), std::string::npos) << msg;
      }
    }
  }
}

TEST(SequenceFileErrors, EveryByteCorruptedNeverCrashesOrHangs) {
  TempDir dir;
  for (auto compression :
       {SequenceFileCompression::kNone, SequenceFileCompression::kRecord, SequenceFileCompression::kBlock}) {
    const std::string path = dir.file("full.seq");
    {
      SequenceFileWriter writer(
          path, kTextClass, kBytesWritableClass,
          SequenceFileWriterOptions().withCompression(compression).withSyncInterval(60).withBlockSize(50));
      for (int i = 0; i < 6; ++i)
        writer.append("k" + std::to_string(i), std::string(size_t(i * 5), char('a' + i)));
    }
    const std::string bytes = readFile(path);
    const std::string bad = dir.file("bad.seq");
    for (size_t i = 0; i < bytes.size(); ++i) {
      for (uint8_t flip : {0x01, 0x80, 0xff}) {
        std::string corrupt = bytes;
        corrupt[i] = char(corrupt[i] ^ flip);
        writeFile(bad, corrupt);
        try {
          SequenceFileReader reader(bad);
          readRecovering(reader);
        } catch (const Error& e) {
          EXPECT_NE(e.message().find(bad), std::string::npos) << e.message();
        }
      }
    }
  }
}

// nextView() hands out the records next() does, in every mode, with records larger than the read buffer,
// and through damage and recovery (the same errors, in the same order).
TEST(SequenceFileViews, SameRecordsAsNextInEveryModeAndAfterDamage) {
  TempDir dir;
  std::mt19937_64 gen(11);
  for (auto compression :
       {SequenceFileCompression::kNone, SequenceFileCompression::kRecord, SequenceFileCompression::kBlock}) {
    SCOPED_TRACE(compressionName(compression));
    const std::string path = dir.file("views.seq");
    {
      SequenceFileWriter writer(path, kTextClass, kBytesWritableClass,
                                SequenceFileWriterOptions()
                                    .withCompression(compression)
                                    .withSyncInterval(3000)
                                    .withBlockSize(4000));
      for (int i = 0; i < 300; ++i) {
        const size_t size = i == 7 ? SequenceFileReader::kBufferBytes + 99 : i == 8 ? 0 : gen() % 900;
        writer.append("k" + std::to_string(i), randomBytes(gen, size));
      }
    }
    expectViewsMatchNext([&] { return std::make_unique<SequenceFileReader>(path); });
    const std::string bytes = readFile(path);
    const std::string bad = dir.file("bad.seq");
    for (size_t i = bytes.size() / 3; i < bytes.size(); i += bytes.size() / 7) {
      std::string corrupt = bytes;
      for (size_t j = i; j < i + 6 && j < corrupt.size(); ++j) corrupt[j] = char(corrupt[j] ^ 0x5a);
      writeFile(bad, corrupt);
      SCOPED_TRACE("damaged at byte " + std::to_string(i));
      expectViewsMatchNext([&] { return std::make_unique<SequenceFileReader>(bad); });
    }
  }
}

TEST(SequenceFileErrors, NotASequenceFile) {
  TempDir dir;
  const std::string p = dir.file("x");
  writeFile(p, "");
  expectError([&] { SequenceFileReader r(p); }, {p, "empty", "not a SequenceFile"});
  writeFile(p, "PAR1 and then some");
  expectError([&] { SequenceFileReader r(p); }, {p, "byte 0", "not a SequenceFile", "PAR1"});
  writeFile(p, std::string("\x1f\x8b\x08\x00", 4));
  expectError([&] { SequenceFileReader r(p); }, {p, "byte 0", "gzip"});
  writeFile(p, "SE");
  expectError([&] { SequenceFileReader r(p); }, {p, "not a SequenceFile"});
  expectError([&] { SequenceFileReader r(dir.file("missing")); }, {dir.file("missing"), "cannot open"});
  expectError([&] { SequenceFileReader r(dir.path()); }, {dir.path(), "directory", "part-00000"});
}

TEST(SequenceFileErrors, UnsupportedVersions) {
  TempDir dir;
  const std::string p = dir.file("x");
  std::string h = header(kTextClass, kTextClass);
  h[3] = 7;
  writeFile(p, h);
  expectError([&] { SequenceFileReader r(p); },
              {p, "byte 3", "unsupported SequenceFile version 7", "2 to 6"});
  h[3] = 1;
  writeFile(p, h);
  expectError([&] { SequenceFileReader r(p); }, {p, "byte 3", "version 1"});
}

TEST(SequenceFileErrors, BadHeaders) {
  TempDir dir;
  const std::string p = dir.file("x");
  // unknown codecs are named, with the way out
  writeFile(p, header(kTextClass, kTextClass, true, true, "org.apache.hadoop.io.compress.SnappyCodec"));
  const std::string msg =
      expectError([&] { SequenceFileReader r(p); }, {p, "byte ", "org.apache.hadoop.io.compress.SnappyCodec",
                                                     "not supported", "DefaultCodec", "saveAsSequenceFile"});
  // block compression without compression
  writeFile(p, header(kTextClass, kTextClass, false, true));
  expectError([&] { SequenceFileReader r(p); }, {p, "block compression is on but compression is off"});
  // a flag other than 0 or 1
  std::string h = header(kTextClass, kTextClass);
  h[4 + text(kTextClass).size() * 2] = 5;
  writeFile(p, h);
  expectError([&] { SequenceFileReader r(p); }, {p, "compression flag is 5"});
  // negative and huge metadata counts
  const std::string prefix = std::string("SEQ\x06", 4) + text(kTextClass) + text(kTextClass) + '\0' + '\0';
  writeFile(p, prefix + be32(-1) + kSync);
  expectError([&] { SequenceFileReader r(p); },
              {p, "byte " + std::to_string(prefix.size()), "negative metadata"});
  writeFile(p, prefix + be32(1000000) + kSync);
  expectError([&] { SequenceFileReader r(p); }, {p, "metadata entry count 1000000"});
  // a class name longer than the file
  writeFile(p, std::string("SEQ\x06", 4) + vint(1 << 30) + "org");
  expectError([&] { SequenceFileReader r(p); }, {p, "byte 9", "key class name", "truncated"});
}

TEST(SequenceFileErrors, BadSyncMarkerThenRecover) {
  TempDir dir;
  const std::string p = dir.file("x");
  const std::string h = header(kTextClass, kTextClass);
  std::string badSync = syncMarker();
  badSync[10] ^= 0x40;
  const std::string part1 = record(text("r0"), text("a")) + record(text("r1"), text("b"));
  const std::string part2 = badSync + record(text("lost1"), text("c")) + record(text("lost2"), text("d"));
  const std::string part3 = syncMarker() + record(text("r4"), text("e")) + record(text("r5"), text("f"));
  writeFile(p, h + part1 + part2 + part3);
  SequenceFileReader reader(p);
  Record r;
  ASSERT_TRUE(reader.next(r));
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.key, "r1");
  const int64_t at = int64_t(h.size() + part1.size());
  expectError([&] { reader.next(r); },
              {p, "record 2", "byte " + std::to_string(at), "bad sync marker", "expected 5a01fe10", "found"});
  ASSERT_TRUE(reader.recover());
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.key, "r4");
  EXPECT_EQ(r.index, 3);
  EXPECT_EQ(r.offset, at + int64_t(part2.size()) + 20);
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.key, "r5");
  EXPECT_FALSE(reader.next(r));
  EXPECT_FALSE(reader.recover());
}

TEST(SequenceFileErrors, RecoveryAcrossBufferRefills) {
  TempDir dir;
  std::mt19937_64 gen(9);
  for (auto compression : {SequenceFileCompression::kNone, SequenceFileCompression::kBlock}) {
    const std::string path = dir.file("long.seq");
    std::vector<KV> all;
    {
      SequenceFileWriter writer(path, kTextClass, kTextClass,
                                SequenceFileWriterOptions()
                                    .withCompression(compression)
                                    .withSyncInterval(20000)
                                    .withBlockSize(30000));
      while (writer.bytes() < int64_t(4 * SequenceFileReader::kBufferBytes)) {
        all.emplace_back("r" + std::to_string(all.size()), randomBytes(gen, gen() % 2000));
        writer.append(all.back().first, all.back().second);
      }
    }
    std::string bytes = readFile(path);
    const std::string sync = SequenceFileReader(path).header().sync;
    // damage the first sync marker after two buffers' worth of data
    const size_t at = bytes.find(sync, 2 * SequenceFileReader::kBufferBytes);
    ASSERT_NE(at, std::string::npos);
    bytes[at + 7] ^= 0x10;
    writeFile(path, bytes);
    SequenceFileReader reader(path);
    const Outcome o = readRecovering(reader);
    ASSERT_EQ(o.errors.size(), 1u) << compressionName(compression);
    EXPECT_NE(o.errors[0].find("bad sync marker"), std::string::npos) << o.errors[0];
    EXPECT_NE(o.errors[0].find("byte " + std::to_string(at - 4)), std::string::npos) << o.errors[0];
    const auto got = keyValues(o.records);
    ASSERT_TRUE(isSubsequence(got, all));
    ASSERT_LT(got.size(), all.size());
    EXPECT_EQ(got.back(), all.back());
    // what is lost is one run of records: those between the damaged marker and the next one
    size_t first = 0;
    while (first < got.size() && got[first] == all[first]) ++first;
    const size_t lost = all.size() - got.size();
    for (size_t i = first; i < got.size(); ++i) EXPECT_EQ(got[i], all[i + lost]);
  }
}

TEST(SequenceFileErrors, BadLengths) {
  TempDir dir;
  const std::string p = dir.file("x");
  const std::string h = header(kTextClass, kTextClass);
  const std::string good = record(text("r0"), text("a"));
  const std::string tail = syncMarker() + record(text("after"), text("z"));
  const int64_t at = int64_t(h.size() + good.size());
  struct Case {
    std::string bytes;
    std::vector<std::string> parts;
  };
  const std::vector<Case> cases = {
      {be32(-5) + be32(0), {"negative record length -5"}},
      {be32(0x7fffffff) + be32(1), {"2147483647 bytes follow", "truncated (or a corrupt length)"}},
      {be32(4) + be32(9) + "abcd", {"key length 9 outside the record length 4"}},
      {be32(4) + be32(-1) + "abcd", {"key length -1"}},
  };
  for (const Case& c : cases) {
    writeFile(p, h + good + c.bytes + tail);
    SequenceFileReader reader(p);
    Record r;
    ASSERT_TRUE(reader.next(r));
    std::vector<std::string> parts = c.parts;
    std::initializer_list<std::string> fixed = {p, "record 1", "byte " + std::to_string(at)};
    parts.insert(parts.end(), fixed.begin(), fixed.end());
    const std::string msg = expectError([&] { reader.next(r); }, {});
    for (const auto& part : parts) EXPECT_NE(msg.find(part), std::string::npos) << part << " in " << msg;
    ASSERT_TRUE(reader.recover());
    ASSERT_TRUE(reader.next(r)) << msg;
    EXPECT_EQ(r.key, "after");
    EXPECT_FALSE(reader.next(r));
  }
}

TEST(SequenceFileErrors, BadWritableContentsSkipOnlyThatRecord) {
  TempDir dir;
  const std::string p = dir.file("x");
  const std::string h = header(kTextClass, kBytesWritableClass);
  const std::string r0 = record(text("r0"), bytesWritable("a"));
  const std::string r1 = record(text("r1") + "x", bytesWritable("b"));  // Text length 2 in a 4-byte key
  const std::string r2 = record(text("r2"), be32(7) + "cc");            // BytesWritable length 7, 2 bytes
  const std::string r3 = record(text("r3"), bytesWritable("d"));
  writeFile(p, h + r0 + r1 + r2 + r3);
  SequenceFileReader reader(p);
  Record r;
  ASSERT_TRUE(reader.next(r));
  expectError([&] { reader.next(r); }, {p, "record 1", "byte " + std::to_string(h.size() + r0.size()),
                                        "key (org.apache.hadoop.io.Text)", "Text length says 2"});
  ASSERT_TRUE(reader.recover());
  expectError([&] { reader.next(r); },
              {p, "record 2", "value (org.apache.hadoop.io.BytesWritable)", "says 7"});
  ASSERT_TRUE(reader.recover());
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.key, "r3");
  EXPECT_EQ(r.index, 3);
}

TEST(SequenceFileErrors, UndecodableCompressedValueSkipsOnlyThatRecord) {
  TempDir dir;
  const std::string p = dir.file("x");
  const std::string h = header(kTextClass, kTextClass, true, false, kDefaultCodecClass);
  std::string truncated = zlibCompress(text("a value long enough to compress"));
  truncated.resize(truncated.size() - 3);
  const std::string r0 = record(text("r0"), zlibCompress(text("a")));
  const std::string r1 = record(text("r1"), "not zlib at all");
  const std::string r2 = record(text("r2"), truncated);
  const std::string r3 = record(text("r3"), zlibCompress(text("b")) + "trailing");
  const std::string r4 = record(text("r4"), zlibCompress(text("c")));
  writeFile(p, h + r0 + r1 + r2 + r3 + r4);
  SequenceFileReader reader(p);
  Record r;
  ASSERT_TRUE(reader.next(r));
  expectError([&] { reader.next(r); }, {p, "record 1", "byte " + std::to_string(h.size() + r0.size()),
                                        "DefaultCodec", "does not decompress"});
  ASSERT_TRUE(reader.recover());
  expectError([&] { reader.next(r); }, {p, "record 2", "ends before its zlib/gzip stream does"});
  ASSERT_TRUE(reader.recover());
  expectError([&] { reader.next(r); }, {p, "record 3", "8 bytes follow the end of the compressed stream"});
  ASSERT_TRUE(reader.recover());
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.key, "r4");
  EXPECT_EQ(r.value, "c");
}

TEST(SequenceFileErrors, BadBlocks) {
  TempDir dir;
  const std::string p = dir.file("x");
  const std::string h = header(kTextClass, kTextClass, true, true, kDefaultCodecClass);
  const std::string b0 = block({{text("a"), text("1")}, {text("b"), text("2")}});
  const std::string b2 = block({{text("c"), text("3")}});
  const int64_t at = int64_t(h.size() + b0.size());
  const std::string lens = zlibCompress(vint(2) + vint(2));
  struct Case {
    std::string bytes;
    std::string what;
  };
  std::string garbled = block({{text("x"), text("9")}, {text("y"), text("8")}});
  garbled[garbled.size() - 6] ^= 0x55;  // inside the compressed values (their adler32)
  std::string wrongCount = block({{text("x"), text("9")}});
  wrongCount[20] = 3;  // three records, one record's lengths
  const std::vector<Case> cases = {
      {syncMarker() + vint(-1), "record count at byte " + std::to_string(at + 20) + " is -1"},
      {syncMarker() + vint(2) + vint(1 << 30) + "xx", "is 1073741824 bytes, but the file ends"},
      {syncMarker() + vint(2) + vint(5) + "12345" + vint(0) + vint(0) + vint(0), "does not decompress"},
      {garbled, "the compressed values at byte"},
      {wrongCount, "the block says 3 records but holds 1 bytes of key lengths"},
      {be32(7) + kSync, "expected the sync marker that starts every block"},
  };
  for (const Case& c : cases) {
    writeFile(p, h + b0 + c.bytes + b2);
    SequenceFileReader reader(p);
    Record r;
    ASSERT_TRUE(reader.next(r));
    ASSERT_TRUE(reader.next(r));
    const std::string msg =
        expectError([&] { reader.next(r); }, {p, "record 2", "byte " + std::to_string(at), c.what});
    ASSERT_TRUE(reader.recover()) << msg;
    ASSERT_TRUE(reader.next(r)) << msg;
    EXPECT_EQ(r.key, "c");
    EXPECT_FALSE(reader.next(r));
  }
}

TEST(SequenceFileErrors, BadWritableInsideABlockSkipsOnlyThatRecord) {
  TempDir dir;
  const std::string p = dir.file("x");
  writeFile(p, header(kTextClass, kIntWritableClass, true, true) +
                   block({{text("a"), be32(1)}, {text("b"), "123"}, {text("c"), be32(3)}}));
  SequenceFileReader reader(p);
  Record r;
  ASSERT_TRUE(reader.next(r));
  expectError([&] { reader.next(r); }, {p, "record 1", "records 0 to 2", "IntWritable is 4 bytes"});
  ASSERT_TRUE(reader.recover());
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.key, "c");
  EXPECT_EQ(r.index, 2);
}

TEST(SequenceFileErrors, WriterErrorsNameThePath) {
  TempDir dir;
  expectError([&] { SequenceFileWriter w(dir.file("no/such/dir/f.seq"), kTextClass, kTextClass); },
              {dir.file("no/such/dir/f.seq"), "cannot create"});
  SequenceFileWriter w(dir.file("f.seq"), kTextClass, kIntWritableClass);
  expectError([&] { w.append("k", "12345"); }, {dir.file("f.seq"), "record 0", "4 big-endian bytes, got 5"});
  w.append("k", intWritable(1));  // the writer is still usable
  w.close();
  w.close();
  expectError([&] { w.append("k", intWritable(2)); }, {dir.file("f.seq"), "after close"});
  EXPECT_EQ(readAll(dir.file("f.seq")).size(), 1u);
  expectError([&] { SequenceFileWriter(dir.file("g"), "", kTextClass); }, {"class names must not be empty"});
  if (std::filesystem::exists("/dev/full")) {
    expectError(
        [&] {
          SequenceFileWriter full("/dev/full", kTextClass, kTextClass);
          full.append("k", std::string(3 << 20, 'x'));  // more than the writer buffers
          full.close();
        },
        {"/dev/full", "cannot write", "No space left"});
  }
}

}  // namespace
}  // namespace ringdl
