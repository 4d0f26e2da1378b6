// MiniBatch and Sample: shape checks, zero-copy slicing, stacking samples.
#include "ringdl/data/mini_batch.h"

#include <gtest/gtest.h>

#include "data/temp_dir.h"

namespace ringdl {
namespace {

using test::expectError;

MiniBatch<float> makeBatch(int64_t b) {
  Tensor<float> input({b, 2});
  Tensor<float> target({b});
  for (int64_t i = 0; i < b; ++i) {
    input.at({i, 0}) = static_cast<float>(10 * i);
    input.at({i, 1}) = static_cast<float>(10 * i + 1);
    target.at({i}) = static_cast<float>(i % 3);
  }
  return MiniBatch<float>(input, target);
}

TEST(MiniBatch, DefaultIsEmpty) {
  MiniBatch<double> b;
  EXPECT_EQ(b.size(), 0);
  EXPECT_TRUE(b.empty());
}

TEST(MiniBatch, SizeIsDimensionZero) {
  const auto b = makeBatch(5);
  EXPECT_EQ(b.size(), 5);
  EXPECT_FALSE(b.empty());
}

TEST(MiniBatch, SliceIsAViewWithZeroBasedOffset) {
  auto b = makeBatch(6);
  const auto s = b.slice(2, 3);
  EXPECT_EQ(s.size(), 3);
  EXPECT_EQ(s.input().shape(), (Shape{3, 2}));
  EXPECT_EQ(s.input().at({0, 0}), 20);
  EXPECT_EQ(s.target().toVector(), (std::vector<float>{2, 0, 1}));
  EXPECT_TRUE(s.input().sharesStorageWith(b.input()));
  EXPECT_TRUE(s.target().sharesStorageWith(b.target()));
  b.input().at({3, 1}) = -7;  // visible through the slice: no copy was made
  EXPECT_EQ(s.input().at({1, 1}), -7);
}

TEST(MiniBatch, SlicesCoverABatchForRanks) {
  // How the distributed engine splits a global batch: contiguous, disjoint, complete.
  const auto b = makeBatch(10);
  const int world = 3;
  int64_t covered = 0;
  for (int r = 0; r < world; ++r) {
    const int64_t begin = b.size() * r / world, end = b.size() * (r + 1) / world;
    const auto s = b.slice(begin, end - begin);
    for (int64_t i = 0; i < s.size(); ++i) EXPECT_EQ(s.input().at({i, 0}), 10 * (begin + i));
    covered += s.size();
  }
  EXPECT_EQ(covered, 10);
}

TEST(MiniBatch, EmptySliceAndOutOfRange) {
  const auto b = makeBatch(4);
  EXPECT_EQ(b.slice(4, 0).size(), 0);
  expectError([&] { b.slice(3, 2); }, {"slice(3, 2)", "4 records", "0-based"});
  expectError([&] { b.slice(-1, 1); }, {"slice(-1, 1)"});
}

TEST(MiniBatch, MismatchedRecordCounts) {
  expectError(
      [] {
        MiniBatch<float>(Tensor<float>({4, 3}), Tensor<float>({5}));
      },
      {"[4, 3]", "4 records", "[5]", "5"});
  expectError([] { MiniBatch<float>(Tensor<float>(Shape{}), Tensor<float>({1})); }, {"batch dimension"});
}

TEST(Sample, ClassLabelIsZeroD) {
  Sample<double> s(Tensor<double>({3}), 4.0);
  EXPECT_EQ(s.label().dim(), 0);
  EXPECT_EQ(s.label().item(), 4.0);
}

TEST(ToMiniBatch, StacksFeaturesAndLabels) {
  std::vector<Sample<float>> samples;
  for (int i = 0; i < 3; ++i)
    samples.emplace_back(Tensor<float>::fromVector({1, 2}, {float(i), float(i) + 0.5f}), float(2 - i));
  const auto b = toMiniBatch(samples);
  EXPECT_EQ(b.input().shape(), (Shape{3, 1, 2}));
  EXPECT_EQ(b.target().shape(), (Shape{3}));
  EXPECT_EQ(b.input().toVector(), (std::vector<float>{0, 0.5f, 1, 1.5f, 2, 2.5f}));
  EXPECT_EQ(b.target().toVector(), (std::vector<float>{2, 1, 0}));
  EXPECT_FALSE(b.input().sharesStorageWith(samples[0].feature()));
}

TEST(ToMiniBatch, StacksNonContiguousFeatures) {
  const auto m = Tensor<float>::fromVector({2, 2}, {1, 2, 3, 4});
  const auto b = toMiniBatch<float>({Sample<float>(m.transpose(0, 1), 0.0f)});
  EXPECT_EQ(b.input().toVector(), (std::vector<float>{1, 3, 2, 4}));
}

TEST(ToMiniBatch, EmptyAndMismatchedShapes) {
  EXPECT_TRUE(toMiniBatch<float>({}).empty());
  std::vector<Sample<float>> samples = {Sample<float>(Tensor<float>({2}), 0.0f),
                                        Sample<float>(Tensor<float>({3}), 1.0f)};
  expectError([&] { toMiniBatch(samples); }, {"sample 1", "[3]", "[2]"});
}

}  // namespace
}  // namespace ringdl
