// CIFAR-10 binary batches built byte by byte: loadCifar10's layout and values, the reader across buffer
// refills, ShardDataSet with Cifar10Decoder giving loadCifar10's arrays, the writer's round trip, and every
// error: sizes, labels, archives, pickles, CIFAR-100 files, missing and empty files.
#include "ringdl/data/cifar10.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "data/record_reading.h"
#include "data/temp_dir.h"
#include "ringdl/data/cifar10_decoder.h"
#include "ringdl/data/shard_data_set.h"

namespace ringdl {
namespace {

using test::expectError;
using test::readBytes;
using test::TempDir;
using test::writeBytes;
using Bytes = std::vector<uint8_t>;

// Pixel c (plane), y, x of record r: a pattern that differs between planes, rows, columns and records.
uint8_t pixel(int64_t r, int c, int y, int x) {
  return static_cast<uint8_t>(r * 31 + c * 85 + y * 7 + x * 3);
}

Bytes cifarBytes(int64_t first, int64_t count) {
  Bytes out;
  for (int64_t r = first; r < first + count; ++r) {
    out.push_back(static_cast<uint8_t>(r % 10));
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x) out.push_back(pixel(r, c, y, x));
  }
  return out;
}

TEST(Cifar10, LoadsPlanesAndLabels) {
  TempDir dir;
  writeBytes(dir.file("data_batch_1.bin"), cifarBytes(0, 3));
  writeBytes(dir.file("data_batch_2.bin"), cifarBytes(3, 2));
  const LabeledData<float> data =
      loadCifar10<float>({dir.file("data_batch_1.bin"), dir.file("data_batch_2.bin")});
  ASSERT_EQ(data.features.shape(), (Shape{5, 3, 32, 32}));
  ASSERT_EQ(data.labels.shape(), (Shape{5}));
  for (int64_t r = 0; r < 5; ++r) {
    EXPECT_EQ(data.labels.at({r}), float(r % 10));
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < 32; y += 5)
        for (int x = 0; x < 32; x += 3)
          ASSERT_EQ(data.features.at({r, c, y, x}), float(pixel(r, c, y, x)) / 255.0f) << r << c << y << x;
  }
  const LabeledData<double> d = loadCifar10<double>({dir.file("data_batch_2.bin")});
  EXPECT_EQ(d.features.at({1, 2, 31, 31}), double(pixel(4, 2, 31, 31)) / 255.0);
  EXPECT_EQ(d.labels.at({0}), 3.0);
}

TEST(Cifar10Reader, RecordsAcrossBufferRefills) {
  TempDir dir;
  const int64_t n = 2 * Cifar10Reader::kBufferRecords + 7;
  const Bytes bytes = cifarBytes(0, n);
  writeBytes(dir.file("test_batch.bin"), bytes);
  Cifar10Reader reader(dir.file("test_batch.bin"));
  EXPECT_EQ(reader.records(), n);
  Record rec;
  for (int64_t i = 0; i < n; ++i) {
    ASSERT_TRUE(reader.next(rec));
    ASSERT_EQ(rec.index, i);
    ASSERT_EQ(rec.offset, i * 3073);
    ASSERT_EQ(rec.value.size(), 3073u);
    ASSERT_EQ(0, std::memcmp(rec.value.data(), bytes.data() + i * 3073, 3073)) << "record " << i;
    ASSERT_TRUE(rec.key.empty());
    ASSERT_TRUE(rec.keyType.empty());
    ASSERT_EQ(rec.valueType, kCifar10RecordType);  // how decoders of several formats tell CIFAR-10 records
  }
  EXPECT_FALSE(reader.next(rec));
  EXPECT_FALSE(reader.recover());
  // Views into the read buffer give the same records.
  test::expectViewsMatchNext([&] { return std::make_unique<Cifar10Reader>(dir.file("test_batch.bin")); });
}

TEST(Cifar10, ShardDataSetMatchesLoadCifar10) {
  TempDir dir;
  std::vector<std::string> files;
  for (int b = 0; b < 3; ++b) {
    files.push_back(dir.file("data_batch_" + std::to_string(b + 1) + ".bin"));
    writeBytes(files.back(), cifarBytes(b * 40, 40));
  }
  const LabeledData<float> all = loadCifar10<float>(files);
  ShardDataSet<float> set(files, cifar10ReaderFactory(), std::make_shared<Cifar10Decoder<float>>());
  ASSERT_EQ(set.size(), 120);
  set.reset();  // files in order, records in order
  int64_t at = 0;
  for (MiniBatch<float> b = set.nextBatch(32); !b.empty(); b = set.nextBatch(32)) {
    ASSERT_EQ(b.input().shape(), (Shape{b.size(), 3, 32, 32}));
    EXPECT_EQ(b.input().toVector(), all.features.narrow(0, at, b.size()).toVector());
    EXPECT_EQ(b.target().toVector(), all.labels.narrow(0, at, b.size()).toVector());
    at += b.size();
  }
  EXPECT_EQ(at, 120);
}

TEST(Cifar10, WriterRoundTrips) {
  TempDir dir;
  writeBytes(dir.file("in.bin"), cifarBytes(0, 12));
  const LabeledData<double> data = loadCifar10<double>({dir.file("in.bin")});
  writeCifar10(dir.file("out.bin"), data.features, data.labels);
  EXPECT_EQ(readBytes(dir.file("out.bin")), readBytes(dir.file("in.bin")));
  const LabeledData<float> f = loadCifar10<float>({dir.file("in.bin")});
  writeCifar10(dir.file("out-f.bin"), f.features, f.labels);
  EXPECT_EQ(readBytes(dir.file("out-f.bin")), readBytes(dir.file("in.bin")));

  Tensor<float> x({1, 3, 32, 32}), y({1});
  x.fill(0.5f);
  y.fill(10);
  expectError([&] { writeCifar10(dir.file("bad.bin"), x, y); }, {"label 10 of record 0"});
  y.fill(1);
  x.data()[100] = 1.5f;
  expectError([&] { writeCifar10(dir.file("bad.bin"), x, y); }, {"value 1.5 of record 0 (element 100)"});
  expectError(
      [&] {
        writeCifar10(dir.file("bad.bin"), Tensor<float>({1, 3, 28, 28}), y);
      },
      {"[N, 3, 32, 32]"});
}

TEST(Cifar10, Errors) {
  TempDir dir;
  Bytes bytes = cifarBytes(0, 2);
  bytes.insert(bytes.end(), 5, 0);
  writeBytes(dir.file("short.bin"), bytes);
  expectError([&] { loadCifar10<float>({dir.file("short.bin")}); },
              {"short.bin", "6151 bytes are 2 records of 3073 bytes", "and 5 trailing bytes", "truncated"});
  expectError([&] { Cifar10Reader r(dir.file("short.bin")); }, {"5 trailing bytes"});

  writeBytes(dir.file("cifar100.bin"), Bytes(3 * 3074, 1));
  expectError([&] { loadCifar10<float>({dir.file("cifar100.bin")}); }, {"CIFAR-100", "3074-byte"});

  bytes = cifarBytes(0, 3);
  bytes[3073] = 12;  // record 1's label
  writeBytes(dir.file("label.bin"), bytes);
  expectError([&] { loadCifar10<float>({dir.file("label.bin")}); },
              {"file ", "label.bin: record 1 at byte 3073: label byte 12 is not a CIFAR-10 class (0..9)"});
  Cifar10Reader reader(dir.file("label.bin"));
  Cifar10Decoder<float> decoder;
  Record rec;
  DecodedRecord<float> out;
  ASSERT_TRUE(reader.next(rec));
  decoder.decode(rec, reader.path(), out);
  EXPECT_EQ(out.shape, (Shape{3, 32, 32}));
  ASSERT_TRUE(reader.next(rec));
  expectError([&] { decoder.decode(rec, reader.path(), out); }, {"record 1 at byte 3073", "label byte 12"});
  rec.value.resize(100);
  expectError([&] { decoder.decode(rec, reader.path(), out); }, {"3073 bytes", "this one 100"});

  writeBytes(dir.file("archive.bin"), Bytes{0x1f, 0x8b, 8, 0, 0, 0});
  expectError([&] { loadCifar10<float>({dir.file("archive.bin")}); }, {"gzip-compressed", "tar xzf"});
  Bytes tar(3073 * 2, 0);
  const std::string name = "cifar-10-batches-bin/";
  std::copy(name.begin(), name.end(), tar.begin());
  std::copy_n("ustar", 5, tar.begin() + 257);
  writeBytes(dir.file("x.tar"), tar);
  expectError([&] { loadCifar10<float>({dir.file("x.tar")}); }, {"tar archive"});
  writeBytes(dir.file("data_batch_1"), Bytes{0x80, 0x02, '}', 'q'});
  expectError([&] { loadCifar10<float>({dir.file("data_batch_1")}); }, {"Python pickle", "cifar-10-binary"});

  writeBytes(dir.file("empty.bin"), {});
  expectError([&] { loadCifar10<float>({dir.file("empty.bin")}); }, {"empty.bin is empty"});
  expectError([&] { loadCifar10<float>({dir.file("data_batch_9.bin")}); },
              {"cannot open CIFAR-10 file", "data_batch_9.bin", "test_batch.bin"});
  expectError([&] { loadCifar10<float>({dir.path()}); }, {"not a regular file"});
  expectError([&] { loadCifar10<float>({}); }, {"no files"});
}

}  // namespace
}  // namespace ringdl
