// Cifar10Writer: records checked against bytes built by hand (label byte, then the R, G, B planes), read back
// by loadCifar10 and recognised as CIFAR-10 by name, pixels given as k / 255 values, and every error.
#include "ringdl/data/cifar10_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/data/cifar10.h"
#include "ringdl/data/shard_set.h"

namespace ringdl {
namespace {

using test::expectError;
using test::readBytes;
using test::TempDir;

// A picture whose pixel (c, y, x) is a byte that tells all three apart.
uint8_t pixel(int c, int y, int x, int record) { return static_cast<uint8_t>(c * 80 + y * 2 + x + record); }

TEST(Cifar10Writer, BytesAsBuiltByHand) {
  TempDir dir;
  const std::string path = dir.file("data_batch_1.bin");
  std::vector<uint8_t> expected;
  {
    Cifar10Writer w(path);
    for (int r = 0; r < 3; ++r) {
      std::string planes;
      for (int c = 0; c < 3; ++c)
        for (int y = 0; y < 32; ++y)
          for (int x = 0; x < 32; ++x) planes += static_cast<char>(pixel(c, y, x, r));
      const int label = r == 2 ? 9 : r;
      if (r < 2) {
        w.appendBytes({3, 32, 32}, planes, label);
      } else {  // the same bytes as values k / 255, as the decoders give them
        std::vector<float> values;
        for (char b : planes) values.push_back(static_cast<float>(static_cast<uint8_t>(b)) / 255.f);
        w.append<float>({3, 32, 32}, values.data(), 3072, 9.f);
      }
      // By hand: the label byte, then 1024 red, 1024 green and 1024 blue bytes, rows top to bottom.
      expected.push_back(static_cast<uint8_t>(label));
      for (int c = 0; c < 3; ++c)
        for (int y = 0; y < 32; ++y)
          for (int x = 0; x < 32; ++x) expected.push_back(pixel(c, y, x, r));
    }
    EXPECT_EQ(w.records(), 3);
    w.close();
  }
  EXPECT_EQ(readBytes(path), expected);
  EXPECT_EQ(detectShardFormat(path), ShardFormat::kCifar10);
  const LabeledData<double> back = loadCifar10<double>({path});
  ASSERT_EQ(back.features.shape(), (Shape{3, 3, 32, 32}));
  EXPECT_EQ(back.labels.toVector(), (std::vector<double>{0, 1, 9}));
  EXPECT_EQ(back.features.at({1, 2, 31, 30}), pixel(2, 31, 30, 1) / 255.0);
}

TEST(Cifar10Writer, Errors) {
  TempDir dir;
  const std::string path = dir.file("data_batch_1.bin");
  Cifar10Writer w(path);
  const std::string planes(3072, '\x10');
  const std::vector<float> mnist(784, 0.f);
  expectError(
      [&] {
        w.append<float>({1, 28, 28}, mnist.data(), 784, 1.f);
      },
      {"CIFAR-10 file " + path, "record 0 is an image of shape [1,28,28] (784 values)",
       "CIFAR-10 batches hold [3, 32, 32] images", "--transforms"});
  expectError([&] { w.appendBytes({3, 32, 32}, planes.substr(1), 0); }, {"(3071 values)"});
  expectError([&] { w.appendBytes({3, 32, 32}, planes, 256); }, {"label 256", "one byte"});
  expectError([&] { w.appendBytes({3, 32, 32}, planes, -1); }, {"label -1"});
  std::vector<float> values(3072, 0.f);
  expectError([&] { w.append<float>({3, 32, 32}, values.data(), 3072, 2.5f); }, {"label 2.5"});
  values[7] = 0.3f;
  expectError(
      [&] {
        w.append<float>({3, 32, 32}, values.data(), 3072, 1.f);
      },
      {"record 0 value 7 is 0.3", "not an 8-bit pixel"});
  // The label byte could hold 10..255, but CIFAR-10's readers take the classes 0..9 only.
  expectError([&] { w.appendBytes({3, 32, 32}, planes, 10); }, {"record 0 has label 10", "0..9"});
  values[7] = 0.f;
  expectError([&] { w.append<float>({3, 32, 32}, values.data(), 3072, 200.f); }, {"label 200", "0..9"});
  w.appendBytes({3, 32, 32}, planes, 9);
  w.close();
  EXPECT_EQ(readBytes(path).size(), 3073u);  // refused records wrote nothing
  expectError([&] { w.appendBytes({3, 32, 32}, planes, 1); }, {"append after close()"});
  expectError([&] { Cifar10Writer bad(dir.file("missing/data_batch_1.bin")); },
              {"cannot create CIFAR-10 file", "missing/data_batch_1.bin"});
}

}  // namespace
}  // namespace ringdl
