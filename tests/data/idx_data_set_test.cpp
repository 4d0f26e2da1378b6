// loadIdxDataSet: synthetic image/label files, cross-file errors, and the real Fashion-MNIST files when
// installed.
#include "ringdl/data/idx_data_set.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "data/temp_dir.h"
#include "ringdl/data/normalize.h"
#include "ringdl/tensor/math.h"

namespace ringdl {
namespace {

using test::expectError;
using test::TempDir;
using test::writeBytes;

TEST(LoadIdxDataSet, ScalesPixelsAndAddsTheChannelDimension) {
  TempDir dir;
  writeIdx(dir.file("images.gz"),
           Tensor<float>::fromVector({3, 2, 2}, {0, 255, 51, 102, 1, 2, 3, 4, 9, 9, 9, 9}), IdxType::kUByte,
           /*gzip=*/true);
  writeIdx(dir.file("labels"), Tensor<float>::fromVector({3}, {2, 0, 1}), IdxType::kUByte);
  const auto data = loadIdxDataSet<double>(dir.file("images.gz"), dir.file("labels"));
  EXPECT_EQ(data.size(), 3);
  EXPECT_EQ(data.features.shape(), (Shape{3, 1, 2, 2}));
  EXPECT_EQ(data.features.at({0, 0, 0, 1}), 1.0);
  EXPECT_DOUBLE_EQ(data.features.at({0, 0, 1, 0}), 0.2);
  EXPECT_DOUBLE_EQ(data.features.at({1, 0, 1, 1}), 4.0 / 255.0);
  EXPECT_EQ(data.labels.shape(), (Shape{3}));
  EXPECT_EQ(data.labels.toVector(), (std::vector<double>{2, 0, 1}));
}

TEST(LoadIdxDataSet, EveryByteValueIsExactlyPixelOver255) {
  // Division, not multiplication by 1/255: the values torchvision's ToTensor produces, bit for bit.
  TempDir dir;
  Tensor<float> bytes({256, 1, 1});
  for (int i = 0; i < 256; ++i) bytes.data()[i] = static_cast<float>(i);
  writeIdx(dir.file("images"), bytes, IdxType::kUByte);
  writeIdx(dir.file("labels"), Tensor<float>({256}), IdxType::kUByte);
  const auto f = loadIdxDataSet<float>(dir.file("images"), dir.file("labels"));
  const auto d = loadIdxDataSet<double>(dir.file("images"), dir.file("labels"));
  for (int i = 0; i < 256; ++i) {
    EXPECT_EQ(f.features.data()[i], static_cast<float>(i) / 255.0f) << i;
    EXPECT_EQ(d.features.data()[i], static_cast<double>(i) / 255.0) << i;
  }
}

TEST(LoadIdxDataSet, KeepsChannelsAndFlatFeatures) {
  TempDir dir;
  writeIdx(dir.file("rgb"), Tensor<float>({2, 3, 4, 4}), IdxType::kUByte);
  writeIdx(dir.file("flat"), Tensor<float>({2, 10}), IdxType::kUByte);
  writeIdx(dir.file("labels"), Tensor<float>({2}), IdxType::kInt);  // any integer type holds labels
  EXPECT_EQ(loadIdxDataSet<float>(dir.file("rgb"), dir.file("labels")).features.shape(), (Shape{2, 3, 4, 4}));
  EXPECT_EQ(loadIdxDataSet<float>(dir.file("flat"), dir.file("labels")).features.shape(), (Shape{2, 10}));
}

TEST(LoadIdxDataSet, CountMismatchNamesBothFilesAndCounts) {
  TempDir dir;
  writeIdx(dir.file("train-images"), Tensor<float>({5, 2, 2}), IdxType::kUByte);
  writeIdx(dir.file("t10k-labels"), Tensor<float>({4}), IdxType::kUByte);
  expectError([&] { loadIdxDataSet<float>(dir.file("train-images"), dir.file("t10k-labels")); },
              {"images file " + dir.file("train-images"), "holds 5 images",
               "labels file " + dir.file("t10k-labels"), "holds 4 labels"});
}

TEST(LoadIdxDataSet, SwappedArgumentsAreCaught) {
  TempDir dir;
  writeIdx(dir.file("images"), Tensor<float>({5, 2, 2}), IdxType::kUByte);
  writeIdx(dir.file("labels"), Tensor<float>({5}), IdxType::kUByte);
  expectError([&] { loadIdxDataSet<float>(dir.file("labels"), dir.file("images")); },
              {dir.file("labels"), "has shape [5]"});
}

TEST(LoadIdxDataSet, WrongTypes) {
  TempDir dir;
  writeIdx(dir.file("float-images"), Tensor<float>({2, 2, 2}), IdxType::kFloat);
  writeIdx(dir.file("images"), Tensor<float>({2, 2, 2}), IdxType::kUByte);
  writeIdx(dir.file("labels"), Tensor<float>({2}), IdxType::kUByte);
  writeIdx(dir.file("float-labels"), Tensor<float>({2}), IdxType::kDouble);
  writeIdx(dir.file("matrix-labels"), Tensor<float>({2, 1}), IdxType::kUByte);
  expectError([&] { loadIdxDataSet<float>(dir.file("float-images"), dir.file("labels")); },
              {dir.file("float-images"), "float", "ubyte"});
  expectError([&] { loadIdxDataSet<float>(dir.file("images"), dir.file("float-labels")); },
              {dir.file("float-labels"), "double", "integer"});
  expectError([&] { loadIdxDataSet<float>(dir.file("images"), dir.file("matrix-labels")); },
              {dir.file("matrix-labels"), "[2, 1]", "expected [N]"});
}

TEST(LoadIdxImages, SameFeaturesAsTheLabelledLoaderAndTheSameChecks) {
  TempDir dir;
  writeIdx(dir.file("images.gz"), Tensor<float>::fromVector({2, 2, 2}, {0, 255, 7, 100, 1, 2, 3, 254}),
           IdxType::kUByte, /*gzip=*/true);
  writeIdx(dir.file("labels"), Tensor<float>::fromVector({2}, {1, 0}), IdxType::kUByte);
  writeIdx(dir.file("float-images"), Tensor<float>({2, 2, 2}), IdxType::kFloat);
  const Tensor<float> images = loadIdxImages<float>(dir.file("images.gz"));
  const LabeledData<float> data = loadIdxDataSet<float>(dir.file("images.gz"), dir.file("labels"));
  EXPECT_EQ(images.shape(), data.features.shape());
  EXPECT_EQ(images.toVector(), data.features.toVector());
  expectError([&] { loadIdxImages<float>(dir.file("float-images")); }, {dir.file("float-images"), "ubyte"});
  expectError([&] { loadIdxImages<float>(dir.file("missing")); }, {dir.file("missing")});
}

TEST(LoadIdxDataSet, NegativeLabels) {
  TempDir dir;
  writeIdx(dir.file("images"), Tensor<float>({2, 2, 2}), IdxType::kUByte);
  writeIdx(dir.file("labels"), Tensor<float>::fromVector({2}, {0, -1}), IdxType::kSByte);
  expectError([&] { loadIdxDataSet<float>(dir.file("images"), dir.file("labels")); },
              {dir.file("labels"), "label -1 of record 1", "0-based"});
}

TEST(LoadIdxDataSet, TruncatedImagesNameTheImageData) {
  TempDir dir;
  writeBytes(dir.file("images"), {0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3});
  writeIdx(dir.file("labels"), Tensor<float>({2}), IdxType::kUByte);
  expectError([&] { loadIdxDataSet<float>(dir.file("images"), dir.file("labels")); },
              {dir.file("images"), "expected 8 bytes of image data", "16-byte header, found 3"});
}

TEST(LoadIdxDataSet, MissingFile) {
  TempDir dir;
  writeIdx(dir.file("labels"), Tensor<float>({2}), IdxType::kUByte);
  expectError([&] { loadIdxDataSet<float>(dir.file("images"), dir.file("labels")); },
              {dir.file("images"), "does not exist"});
}

// ---- the real Fashion-MNIST files (Debian package dataset-fashion-mnist) ----

std::string fashionFile(const std::string& name) { return std::string(kFashionMnistDir) + "/" + name; }

bool fashionInstalled() {
  for (const char* f : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"})
    if (!std::filesystem::exists(fashionFile(f))) return false;
  return true;
}

void expectFashionSplit(const LabeledData<float>& data, int64_t n, const std::vector<float>& firstLabels,
                        double firstImagePixelSum) {
  EXPECT_EQ(data.features.shape(), (Shape{n, 1, 28, 28}));
  EXPECT_EQ(data.labels.shape(), (Shape{n}));
  std::vector<float> first = data.labels.narrow(0, 0, 10).toVector();
  EXPECT_EQ(first, firstLabels);
  std::vector<int64_t> counts(10, 0);
  for (float l : data.labels.toVector()) {
    ASSERT_TRUE(l >= 0 && l <= 9 && l == static_cast<int>(l)) << l;
    ++counts[static_cast<int>(l)];
  }
  EXPECT_EQ(counts, std::vector<int64_t>(10, n / 10)) << "balanced classes";
  const float* p = data.features.data();
  float lo = 1, hi = 0;
  for (int64_t i = 0; i < data.features.numel(); ++i) {
    lo = std::min(lo, p[i]);
    hi = std::max(hi, p[i]);
  }
  EXPECT_EQ(lo, 0.0f);
  EXPECT_EQ(hi, 1.0f);
  EXPECT_NEAR(sum(data.features.select(0, 0).contiguous()) * 255.0, firstImagePixelSum, 0.05);
}

TEST(FashionMnist, TrainSplit) {
  if (!fashionInstalled())
    GTEST_SKIP() << "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)";
  const auto start = std::chrono::steady_clock::now();
  const auto train = loadIdxDataSet<float>(fashionFile("train-images-idx3-ubyte.gz"),
                                           fashionFile("train-labels-idx1-ubyte.gz"));
  const double loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  expectFashionSplit(train, 60000, {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, 76247);
  const auto stats = featureStats(train.features);
  EXPECT_NEAR(stats.mean[0], 0.2860, 5e-4);  // the widely published Fashion-MNIST constants
  EXPECT_NEAR(stats.std[0], 0.3530, 5e-4);

  // One shuffled epoch of 128-record batches: every record once, and fast enough for the training hot path.
  ArrayDataSet<float> data(train, 1);
  data.shuffle();
  const auto epochStart = std::chrono::steady_clock::now();
  int64_t records = 0, batches = 0;
  std::vector<char> seen(60000, 0);
  double labelSum = 0;
  for (auto b = data.nextBatch(128); !b.empty(); b = data.nextBatch(128)) {
    records += b.size();
    ++batches;
    labelSum += sum(b.target());
  }
  const double epochSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - epochStart).count();
  for (int64_t i : data.order()) seen[i] = 1;
  EXPECT_EQ(records, 60000);
  EXPECT_EQ(batches, 469);  // 468 full batches and one of 96
  EXPECT_EQ(labelSum, 6000.0 * 45);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), 60000);
  std::cout << "[ info ] load 60000 images: " << loadSeconds
            << " s; one shuffled epoch of batches: " << epochSeconds << " s\n";
}

TEST(FashionMnist, TestSplit) {
  if (!fashionInstalled())
    GTEST_SKIP() << "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)";
  const auto test = loadIdxDataSet<float>(fashionFile("t10k-images-idx3-ubyte.gz"),
                                          fashionFile("t10k-labels-idx1-ubyte.gz"));
  expectFashionSplit(test, 10000, {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, 33456);
}

TEST(FashionMnist, HeadersWithoutDecompressingTheData) {
  if (!fashionInstalled())
    GTEST_SKIP() << "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)";
  const IdxInfo info = readIdxInfo(fashionFile("train-images-idx3-ubyte.gz"));
  EXPECT_TRUE(info.gzipped);
  EXPECT_EQ(info.type, IdxType::kUByte);
  EXPECT_EQ(info.shape, (Shape{60000, 28, 28}));
  EXPECT_EQ(info.headerBytes, 16);
  EXPECT_EQ(info.dataBytes, 47040000);
}

TEST(FashionMnist, TrainImagesWithTestLabelsIsACountMismatch) {
  if (!fashionInstalled())
    GTEST_SKIP() << "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)";
  expectError(
      [] {
        loadIdxDataSet<float>(fashionFile("train-images-idx3-ubyte.gz"),
                              fashionFile("t10k-labels-idx1-ubyte.gz"));
      },
      {"train-images-idx3-ubyte.gz", "60000 images", "t10k-labels-idx1-ubyte.gz", "10000 labels"});
}

}  // namespace
}  // namespace ringdl
