// TFRecordReader and TFRecordWriter: files built byte by byte from the format (CRCs computed here, bit by
// bit), plain, gzip and zlib; round trips; every truncation; damaged lengths, CRCs and data, garbage between
// records, and recovery after each.
#include "ringdl/data/tfrecord.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "data/record_reading.h"
#include "data/temp_dir.h"

namespace ringdl {
namespace {

using test::expectError;
using test::expectViewsMatchNext;
using test::readBytes;
using test::TempDir;
using test::writeBytes;
using Bytes = std::vector<uint8_t>;

// CRC-32C by its definition, independent of the library's implementation.
uint32_t bitwiseCrc32c(const uint8_t* p, size_t n) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int b = 0; b < 8; ++b) crc = (crc & 1) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
  }
  return ~crc;
}

uint32_t masked(const uint8_t* p, size_t n) {
  const uint32_t crc = bitwiseCrc32c(p, n);
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

void putLe(Bytes& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// One record as the format defines it.
Bytes encodeRecord(const std::string& data) {
  Bytes out;
  putLe(out, data.size(), 8);
  putLe(out, masked(out.data(), 8), 4);
  out.insert(out.end(), data.begin(), data.end());
  putLe(out, masked(reinterpret_cast<const uint8_t*>(data.data()), data.size()), 4);
  return out;
}

Bytes encodeFile(const std::vector<std::string>& records, std::vector<int64_t>* offsets = nullptr) {
  Bytes out;
  for (const auto& r : records) {
    if (offsets) offsets->push_back(static_cast<int64_t>(out.size()));
    const Bytes rec = encodeRecord(r);
    out.insert(out.end(), rec.begin(), rec.end());
  }
  return out;
}

std::string hex32(uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", v);
  return text;
}

// gzip through zlib's gz* functions (the same as gzip(1) would write).
void writeGzip(const std::string& path, const Bytes& bytes) {
  gzFile gz = gzopen(path.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  if (!bytes.empty())
    ASSERT_EQ(gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size())), int(bytes.size()));
  ASSERT_EQ(gzclose(gz), Z_OK);
}

Bytes gunzip(const std::string& path) {
  gzFile gz = gzopen(path.c_str(), "rb");
  Bytes out;
  if (!gz) return out;
  char buf[4096];
  int got;
  while ((got = gzread(gz, buf, sizeof buf)) > 0) out.insert(out.end(), buf, buf + got);
  gzclose(gz);
  return out;
}

std::vector<std::string> sampleRecords() {
  std::vector<std::string> records = {"", "a", "hello, world", std::string(1000, 'x'), ""};
  std::string binary;
  for (int i = 0; i < 300; ++i) binary.push_back(static_cast<char>(i * 37 + 11));
  records.push_back(binary);
  return records;
}

// Reads every record; fails the test on an error.
std::vector<Record> readAll(const std::string& path, const TFRecordReaderOptions& options = {}) {
  TFRecordReader reader(path, options);
  std::vector<Record> out;
  Record r;
  while (reader.next(r)) out.push_back(r);
  EXPECT_FALSE(reader.next(r)) << "next() after the end";
  return out;
}

void expectRecords(const std::vector<Record>& got, const std::vector<std::string>& want,
                   const std::vector<int64_t>& offsets) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].value, want[i]) << "record " << i;
    EXPECT_EQ(got[i].index, int64_t(i));
    EXPECT_EQ(got[i].offset, offsets[i]) << "record " << i;
    EXPECT_TRUE(got[i].key.empty());
    EXPECT_TRUE(got[i].keyType.empty());
    EXPECT_TRUE(got[i].valueType.empty());
  }
}

TEST(TFRecord, ReadsAFileBuiltFromTheFormat) {
  TempDir dir;
  const auto records = sampleRecords();
  std::vector<int64_t> offsets;
  const Bytes file = encodeFile(records, &offsets);
  writeBytes(dir.file("a.tfrecord"), file);
  for (size_t buffer : {size_t(1), size_t(16), size_t(17), size_t(100), size_t(1) << 18}) {
    SCOPED_TRACE("bufferBytes " + std::to_string(buffer));
    TFRecordReaderOptions options;
    options.bufferBytes = buffer;
    expectRecords(readAll(dir.file("a.tfrecord"), options), records, offsets);
  }
  TFRecordReader reader(dir.file("a.tfrecord"));
  EXPECT_EQ(reader.compression(), TFRecordCompression::kNone);
  EXPECT_EQ(reader.path(), dir.file("a.tfrecord"));
  Record r;
  ASSERT_TRUE(reader.next(r));
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(reader.offset(), offsets[2]);
  EXPECT_EQ(reader.index(), 2);
}

TEST(TFRecord, EmptyFileHasNoRecords) {
  TempDir dir;
  writeBytes(dir.file("empty"), {});
  EXPECT_TRUE(readAll(dir.file("empty")).empty());
}

TEST(TFRecord, ReadsGzipAndZlibStreams) {
  TempDir dir;
  const auto records = sampleRecords();
  std::vector<int64_t> offsets;
  const Bytes file = encodeFile(records, &offsets);
  writeGzip(dir.file("a.gz"), file);
  for (size_t buffer : {size_t(1), size_t(100), size_t(1) << 18}) {
    TFRecordReaderOptions options;
    options.bufferBytes = buffer;
    expectRecords(readAll(dir.file("a.gz"), options), records, offsets);  // detected from 1f 8b
    options.compression = TFRecordCompression::kGzip;
    expectRecords(readAll(dir.file("a.gz"), options), records, offsets);
  }
  EXPECT_EQ(TFRecordReader(dir.file("a.gz")).compression(), TFRecordCompression::kGzip);

  // Two gzip members one after the other (cat a.gz b.gz), split inside a record.
  const size_t cut = static_cast<size_t>(offsets[3] + 100);
  writeGzip(dir.file("m1.gz"), Bytes(file.begin(), file.begin() + cut));
  writeGzip(dir.file("m2.gz"), Bytes(file.begin() + cut, file.end()));
  Bytes both = readBytes(dir.file("m1.gz"));
  const Bytes second = readBytes(dir.file("m2.gz"));
  both.insert(both.end(), second.begin(), second.end());
  writeBytes(dir.file("members.gz"), both);
  expectRecords(readAll(dir.file("members.gz")), records, offsets);

  // A zlib stream (TensorFlow's "ZLIB"), only by option.
  uLongf zlen = compressBound(file.size());
  Bytes z(zlen);
  ASSERT_EQ(compress2(z.data(), &zlen, file.data(), file.size(), 6), Z_OK);
  z.resize(zlen);
  writeBytes(dir.file("a.zlib"), z);
  TFRecordReaderOptions zlib;
  zlib.compression = TFRecordCompression::kZlib;
  expectRecords(readAll(dir.file("a.zlib"), zlib), records, offsets);
  TFRecordReader asPlain(dir.file("a.zlib"));
  Record r;
  expectError([&] { asPlain.next(r); }, {"a.zlib", "record 0 at byte 0", "length CRC32C mismatch"});
}

TEST(TFRecord, PlainFileStartingLikeGzipStaysPlain) {
  TempDir dir;
  const std::string first(0x8b1f, 'g');  // length field 1f 8b 00 00 ...
  const Bytes file = encodeFile({first, "next"});
  ASSERT_EQ(file[0], 0x1f);
  ASSERT_EQ(file[1], 0x8b);
  writeBytes(dir.file("looks_gzip"), file);
  EXPECT_EQ(TFRecordReader(dir.file("looks_gzip")).compression(), TFRecordCompression::kNone);
  const auto got = readAll(dir.file("looks_gzip"));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].value, first);
  EXPECT_EQ(got[1].value, "next");
}

TEST(TFRecord, WriterWritesTheFormatExactly) {
  TempDir dir;
  const auto records = sampleRecords();
  {
    TFRecordWriter writer(dir.file("w.tfrecord"));
    for (const auto& r : records) writer.write(r);
    EXPECT_EQ(writer.count(), int64_t(records.size()));
    writer.close();
    writer.close();  // harmless
    expectError([&] { writer.write("x"); }, {"w.tfrecord", "after close"});
  }
  EXPECT_EQ(readBytes(dir.file("w.tfrecord")), encodeFile(records));
  {
    TFRecordWriter writer(dir.file("w.gz"), true);
    for (const auto& r : records) writer.write(r);
  }  // the destructor closes
  const Bytes gz = readBytes(dir.file("w.gz"));
  ASSERT_GE(gz.size(), 2u);
  EXPECT_EQ(gz[0], 0x1f);
  EXPECT_EQ(gz[1], 0x8b);
  EXPECT_EQ(gunzip(dir.file("w.gz")), encodeFile(records));
}

TEST(TFRecord, RoundTrips) {
  TempDir dir;
  std::mt19937 rng(3);
  std::vector<std::string> records;
  for (int i = 0; i < 20000; ++i) {  // many records, empty ones among them
    std::string r(rng() % 40, '\0');
    for (auto& c : r) c = static_cast<char>(rng());
    records.push_back(r);
  }
  std::string big(3 << 20, '\0');  // far larger than any buffer below, incompressible
  for (auto& c : big) c = static_cast<char>(rng());
  records.insert(records.begin() + 5, big);
  records.push_back(big.substr(0, 300000));
  records.push_back("");
  for (bool gzip : {false, true}) {
    SCOPED_TRACE(gzip ? "gzip" : "plain");
    const std::string path = dir.file(gzip ? "r.gz" : "r.tfrecord");
    {
      TFRecordWriter writer(path, gzip);
      for (const auto& r : records) writer.write(r);
      writer.close();
    }
    for (size_t buffer : {size_t(64), size_t(1) << 18}) {
      TFRecordReaderOptions options;
      options.bufferBytes = buffer;
      TFRecordReader reader(path, options);
      Record r;
      int64_t offset = 0;
      for (size_t i = 0; i < records.size(); ++i) {
        ASSERT_TRUE(reader.next(r)) << i;
        ASSERT_EQ(r.value, records[i]) << i;
        ASSERT_EQ(r.offset, offset);
        ASSERT_EQ(r.index, int64_t(i));
        offset += 16 + int64_t(records[i].size());
      }
      EXPECT_FALSE(reader.next(r));
    }
  }
}

TEST(TFRecord, TruncatedAtEveryByte) {
  TempDir dir;
  const std::vector<std::string> records = {"first", "", "the third record", std::string(40, 'z')};
  std::vector<int64_t> offsets;
  const Bytes file = encodeFile(records, &offsets);
  offsets.push_back(static_cast<int64_t>(file.size()));
  for (size_t cut = 0; cut <= file.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    const std::string path = dir.file("cut");
    writeBytes(path, Bytes(file.begin(), file.begin() + cut));
    size_t complete = 0;
    while (complete < records.size() && offsets[complete + 1] <= int64_t(cut)) ++complete;
    for (size_t buffer : {size_t(5), size_t(1) << 18}) {
      TFRecordReaderOptions options;
      options.bufferBytes = buffer;
      TFRecordReader reader(path, options);
      Record r;
      for (size_t i = 0; i < complete; ++i) {
        ASSERT_TRUE(reader.next(r));
        ASSERT_EQ(r.value, records[i]);
      }
      if (offsets[complete] == int64_t(cut)) {
        EXPECT_FALSE(reader.next(r));
        continue;
      }
      expectError(
          [&] { reader.next(r); },
          {path, "record " + std::to_string(complete) + " at byte " + std::to_string(offsets[complete]),
           "truncated record", "incomplete"});
      EXPECT_FALSE(reader.recover());
      EXPECT_FALSE(reader.next(r));
    }
  }
}

TEST(TFRecord, TruncatedGzipAtEveryByte) {
  TempDir dir;
  const std::vector<std::string> records = {"first", "", "the third record", std::string(40, 'z')};
  writeGzip(dir.file("full.gz"), encodeFile(records));
  const Bytes gz = readBytes(dir.file("full.gz"));
  for (size_t cut = 1; cut < gz.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    const std::string path = dir.file("cut.gz");
    writeBytes(path, Bytes(gz.begin(), gz.begin() + cut));
    TFRecordReaderOptions options;
    options.compression = TFRecordCompression::kGzip;
    TFRecordReader reader(path, options);
    Record r;
    size_t n = 0;
    bool threw = false;
    try {
      while (reader.next(r)) {
        ASSERT_LT(n, records.size());
        ASSERT_EQ(r.value, records[n]);
        ++n;
      }
    } catch (const Error& e) {
      threw = true;
      EXPECT_NE(e.message().find(path), std::string::npos) << e.message();
      EXPECT_NE(e.message().find("record " + std::to_string(n)), std::string::npos) << e.message();
    }
    EXPECT_TRUE(threw) << "a cut gzip file read without an error";
    EXPECT_FALSE(reader.recover());
    EXPECT_FALSE(reader.next(r));
  }
}

// A file of five records with one damaged in place; returns the message of the error at record 2.
struct Damage {
  const char* what;
  size_t byteInRecord;  // which byte of record 2 to flip (relative to its start)
  std::vector<std::string> mustSay;
};

TEST(TFRecord, FlippedBitsAreReportedAndSkipped) {
  TempDir dir;
  const std::vector<std::string> records = {"zero", "one", "two: the damaged one", "three", "four"};
  std::vector<int64_t> offsets;
  const Bytes file = encodeFile(records, &offsets);
  const size_t start = static_cast<size_t>(offsets[2]);
  const size_t dataLen = records[2].size();
  const std::vector<Damage> damages = {
      {"length", 0, {"length CRC32C mismatch", "length field reading 21"}},
      {"length CRC", 9, {"length CRC32C mismatch", "length field reading 20"}},
      {"data", 12 + 3, {"data CRC32C mismatch", "over 20 data bytes", "damaged"}},
      {"data CRC", 12 + dataLen + 2, {"data CRC32C mismatch"}},
  };
  for (const auto& d : damages) {
    for (size_t buffer : {size_t(3), size_t(1) << 18}) {
      SCOPED_TRACE(std::string(d.what) + ", buffer " + std::to_string(buffer));
      Bytes bad = file;
      bad[start + d.byteInRecord] ^= 0x01;
      const std::string path = dir.file("bad");
      writeBytes(path, bad);
      // The CRCs the message must name: stored (as damaged) and computed over the damaged bytes.
      const bool inHeader = d.byteInRecord < 12;
      const uint32_t stored = inHeader ? uint32_t(bad[start + 8]) | uint32_t(bad[start + 9]) << 8 |
                                             uint32_t(bad[start + 10]) << 16 | uint32_t(bad[start + 11]) << 24
                                       : uint32_t(bad[start + 12 + dataLen]) |
                                             uint32_t(bad[start + 13 + dataLen]) << 8 |
                                             uint32_t(bad[start + 14 + dataLen]) << 16 |
                                             uint32_t(bad[start + 15 + dataLen]) << 24;
      const uint32_t computed = inHeader ? masked(&bad[start], 8) : masked(&bad[start + 12], dataLen);
      TFRecordReaderOptions options;
      options.bufferBytes = buffer;
      TFRecordReader reader(path, options);
      Record r;
      ASSERT_TRUE(reader.next(r));
      ASSERT_TRUE(reader.next(r));
      EXPECT_EQ(r.value, "one");
      std::vector<std::string> parts = {path, "record 2 at byte " + std::to_string(start),
                                        "stored " + hex32(stored), "computed " + hex32(computed)};
      parts.insert(parts.end(), d.mustSay.begin(), d.mustSay.end());
      const std::string message = expectError([&] { reader.next(r); }, {});
      for (const auto& part : parts)
        EXPECT_NE(message.find(part), std::string::npos) << "missing \"" << part << "\" in: " << message;
      // Calling next() again repeats the error; recover() resumes at the next intact record.
      expectError([&] { reader.next(r); }, {"record 2 at byte " + std::to_string(start)});
      ASSERT_TRUE(reader.recover());
      ASSERT_TRUE(reader.next(r));
      EXPECT_EQ(r.value, "three");
      EXPECT_EQ(r.offset, offsets[3]);
      EXPECT_EQ(r.index, 3);
      ASSERT_TRUE(reader.next(r));
      EXPECT_EQ(r.value, "four");
      EXPECT_FALSE(reader.next(r));
    }
  }
}

TEST(TFRecord, GarbageBetweenRecordsIsSkipped) {
  TempDir dir;
  const std::vector<std::string> records = {"zero", "one", "two", std::string(500, 'q')};
  std::vector<int64_t> offsets;
  Bytes file = encodeFile(records, &offsets);
  std::mt19937 rng(5);
  Bytes garbage(37);
  for (auto& b : garbage) b = static_cast<uint8_t>(rng());
  file.insert(file.begin() + offsets[2], garbage.begin(), garbage.end());
  file.insert(file.end(), garbage.begin(), garbage.begin() + 20);  // and at the end
  for (bool gzip : {false, true}) {
    SCOPED_TRACE(gzip ? "gzip" : "plain");
    const std::string path = dir.file(gzip ? "garbage.gz" : "garbage");
    if (gzip)
      writeGzip(path, file);
    else
      writeBytes(path, file);
    TFRecordReader reader(path);
    Record r;
    ASSERT_TRUE(reader.next(r));
    ASSERT_TRUE(reader.next(r));
    expectError([&] { reader.next(r); }, {"record 2 at byte " + std::to_string(offsets[2]), "CRC32C mismatch",
                                          gzip ? "of the decompressed stream" : "damaged"});
    ASSERT_TRUE(reader.recover());
    ASSERT_TRUE(reader.next(r));
    EXPECT_EQ(r.value, "two");
    EXPECT_EQ(r.offset, offsets[2] + 37);
    EXPECT_EQ(r.index, 3);
    ASSERT_TRUE(reader.next(r));
    EXPECT_EQ(r.value, records[3]);
    expectError([&] { reader.next(r); }, {"record 5"});  // 20 bytes of garbage: too short for a record
    EXPECT_FALSE(reader.recover());
    EXPECT_FALSE(reader.next(r));
  }
}

TEST(TFRecord, RecoverAcrossALongDamagedStretch) {
  TempDir dir;
  std::vector<std::string> records;
  for (int i = 0; i < 2000; ++i) records.push_back("record number " + std::to_string(i));
  std::vector<int64_t> offsets;
  Bytes file = encodeFile(records, &offsets);
  for (int64_t b = offsets[100] + 5; b < offsets[1500] + 3; ++b) file[size_t(b)] = 0;  // zeroed sectors
  writeBytes(dir.file("zeroed"), file);
  TFRecordReaderOptions options;
  options.bufferBytes = 4096;
  TFRecordReader reader(dir.file("zeroed"), options);
  Record r;
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(reader.next(r));
  expectError([&] { reader.next(r); }, {"record 100"});
  ASSERT_TRUE(reader.recover());
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.value, records[1501]);
  EXPECT_EQ(r.offset, offsets[1501]);
  EXPECT_EQ(r.index, 101);
  int rest = 1;
  while (reader.next(r)) ++rest;
  EXPECT_EQ(rest, 499);
}

TEST(TFRecord, DamagedGzipData) {
  TempDir dir;
  std::vector<std::string> records;
  std::mt19937 rng(9);
  for (int i = 0; i < 200; ++i) {
    std::string s(200, '\0');
    for (auto& c : s) c = static_cast<char>('a' + rng() % 4);
    records.push_back(s);
  }
  writeGzip(dir.file("ok.gz"), encodeFile(records));
  Bytes gz = readBytes(dir.file("ok.gz"));
  for (size_t at : {gz.size() / 2, gz.size() - 6, size_t(12)}) {  // deflate data, gzip CRC, header
    SCOPED_TRACE("byte " + std::to_string(at));
    Bytes bad = gz;
    bad[at] ^= 0x55;
    writeBytes(dir.file("bad.gz"), bad);
    TFRecordReader reader(dir.file("bad.gz"));
    Record r;
    int n = 0;
    bool threw = false;
    try {
      while (reader.next(r)) ++n;
    } catch (const Error& e) {
      threw = true;
      EXPECT_NE(e.message().find("bad.gz"), std::string::npos) << e.message();
    }
    EXPECT_TRUE(threw);
    int recovered = 0;
    while (reader.recover()) {  // whatever still checks out, then the end: never a hang
      try {
        while (reader.next(r)) ++recovered;
      } catch (const Error&) {
      }
    }
    EXPECT_LE(n + recovered, 200);
  }
  // Trailing bytes after the gzip member that are not gzip.
  Bytes trailing = gz;
  trailing.insert(trailing.end(), {'j', 'u', 'n', 'k'});
  writeBytes(dir.file("trailing.gz"), trailing);
  TFRecordReader reader(dir.file("trailing.gz"));
  Record r;
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(reader.next(r));
  expectError([&] { reader.next(r); }, {"record 200", "are not gzip data"});
}

// nextView() hands out the records next() does, plain and gzipped, with records larger than the read buffer,
// and through damage and recovery (the same errors, in the same order).
TEST(TFRecord, ViewsGiveTheRecordsNextGives) {
  TempDir dir;
  std::mt19937_64 gen(5);
  for (bool gzip : {false, true}) {
    SCOPED_TRACE(gzip ? "gzip" : "plain");
    const std::string path = dir.file(gzip ? "v.tfrecord.gz" : "v.tfrecord");
    {
      TFRecordWriter writer(path, gzip);
      for (int i = 0; i < 300; ++i) {
        std::string data(i == 7 ? size_t(1) << 19 : i == 8 ? 0 : gen() % 900, '\0');
        for (char& c : data) c = char(gen());
        writer.write(data.data(), data.size());
      }
      writer.close();
    }
    expectViewsMatchNext([&] { return std::make_unique<TFRecordReader>(path); });
    if (gzip) continue;
    const Bytes bytes = readBytes(path);
    const std::string bad = dir.file("bad.tfrecord");
    for (size_t i = bytes.size() / 3; i < bytes.size(); i += bytes.size() / 7) {
      Bytes corrupt = bytes;
      for (size_t j = i; j < i + 6 && j < corrupt.size(); ++j) corrupt[j] = uint8_t(corrupt[j] ^ 0x5a);
      writeBytes(bad, corrupt);
      SCOPED_TRACE("damaged at byte " + std::to_string(i));
      expectViewsMatchNext([&] { return std::make_unique<TFRecordReader>(bad); });
    }
  }
}

TEST(TFRecord, OpenAndWriteErrors) {
  TempDir dir;
  expectError([&] { TFRecordReader reader(dir.file("missing")); },
              {"cannot open TFRecord file", "missing", "No such file"});
  expectError([&] { TFRecordReader reader(dir.path()); }, {"is a directory"});
  expectError([&] { TFRecordWriter writer(dir.file("no/such/dir/out.tfrecord")); },
              {"cannot create TFRecord file", "no/such/dir/out.tfrecord", "does the directory exist"});
}

TEST(TFRecord, LengthBeyondTheLimitOrTheFile) {
  TempDir dir;
  writeBytes(dir.file("f"), encodeFile({"short", std::string(5000, 'L'), "after"}));
  TFRecordReaderOptions options;
  options.maxRecordBytes = 4096;
  TFRecordReader reader(dir.file("f"), options);
  Record r;
  ASSERT_TRUE(reader.next(r));
  expectError([&] { reader.next(r); },
              {"record 1 at byte 21", "record length 5000 exceeds", "maxRecordBytes"});
  ASSERT_TRUE(reader.recover());
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.value, "after");

  // A header whose CRC checks out but whose length runs past the end of the file.
  Bytes file = encodeRecord("ok");
  Bytes header;
  putLe(header, 1000000, 8);
  putLe(header, masked(header.data(), 8), 4);
  file.insert(file.end(), header.begin(), header.end());
  file.insert(file.end(), 50, 'd');
  writeBytes(dir.file("long"), file);
  TFRecordReader longReader(dir.file("long"));
  ASSERT_TRUE(longReader.next(r));
  expectError([&] { longReader.next(r); },
              {"record 1 at byte 18", "truncated record", "ends 62 bytes into it", "1000000 data bytes"});
  EXPECT_FALSE(longReader.recover());
}

}  // namespace
}  // namespace ringdl
