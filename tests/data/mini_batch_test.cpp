// MiniBatch and Sample: shape checks, zero-copy slicing, stacking samples.
#include "ringdl/data/mini_batch.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

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

TEST(MiniBatch, LengthsTravelWithSlices) {
  auto b = makeBatch(4);
  EXPECT_FALSE(b.hasLengths());
  EXPECT_FALSE(b.slice(1, 2).hasLengths());
  b.setLengths(Tensor<float>::fromVector({4}, {3, 1, 2, 0}), true);
  const auto part = b.slice(1, 2);
  ASSERT_TRUE(part.hasLengths());
  EXPECT_TRUE(part.lengthsInInput());
  EXPECT_EQ(part.lengths().toVector(), (std::vector<float>{1, 2}));
  expectError([&] { b.setLengths(Tensor<float>({3}), false); }, {"lengths must be [4]"});
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

namespace ringdl {
namespace {

// Every rank count vector with up to 4 ranks of 0..5 records: the shares sum to p, never decrease, reach n_r
// at N, and each rank's cumulative share stays within two records of p * n_r / N.
TEST(ProportionalShare, SumsToPNeverDecreasesAndStaysProportional) {
  std::vector<int64_t> sizes;
  std::function<void(int)> each = [&](int world) {
    if (static_cast<int>(sizes.size()) == world) {
      int64_t total = 0;
      for (int64_t n : sizes) total += n;
      std::vector<int64_t> previous(sizes.size(), 0);
      for (int64_t p = 0; p <= total; ++p) {
        int64_t sum = 0;
        for (int r = 0; r < world; ++r) {
          const int64_t c = proportionalShare(p, sizes, r);
          EXPECT_GE(c, previous[size_t(r)]) << "rank " << r << " at p " << p;
          const double ideal = total ? double(p) * double(sizes[size_t(r)]) / double(total) : 0.0;
          EXPECT_LT(std::abs(double(c) - ideal), 2.0) << "rank " << r << " at p " << p;
          previous[size_t(r)] = c;
          sum += c;
        }
        EXPECT_EQ(sum, p);
      }
      for (int r = 0; r < world; ++r) EXPECT_EQ(previous[size_t(r)], sizes[size_t(r)]);
      return;
    }
    for (int64_t n = 0; n <= 5; ++n) {
      sizes.push_back(n);
      each(world);
      sizes.pop_back();
    }
  };
  for (int world = 1; world <= 4; ++world) each(world);
}

TEST(ProportionalShare, TheCaseAFloorDifferenceGotWrong) {
  // floor(p S_r / N) - floor(p S_{r-1} / N) gives rank 1 of {2, 1, 2} a share of 1 at p = 2 and 0 at p = 3.
  const std::vector<int64_t> sizes = {2, 1, 2};
  int64_t last = 0;
  for (int64_t p = 0; p <= 5; ++p) {
    const int64_t c = proportionalShare(p, sizes, 1);
    EXPECT_GE(c, last) << p;
    last = c;
  }
  EXPECT_EQ(last, 1);
}

TEST(ProportionalShare, EqualCountsAreRoundRobinAndLargeCountsDoNotOverflow) {
  const std::vector<int64_t> equal = {4, 4, 4};
  for (int64_t p = 0; p <= 12; ++p)
    for (int r = 0; r < 3; ++r) EXPECT_EQ(proportionalShare(p, equal, r), (p + 2 - r) / 3) << p << " " << r;
  const std::vector<int64_t> big = {int64_t(1) << 40, (int64_t(1) << 41) + 7, 3};
  const int64_t total = big[0] + big[1] + big[2];
  for (int64_t p : {int64_t(0), int64_t(1) << 20, total / 2, total - 1, total}) {
    int64_t sum = 0;
    for (int r = 0; r < 3; ++r) sum += proportionalShare(p, big, r);
    EXPECT_EQ(sum, p);
  }
  EXPECT_EQ(proportionalShare(total, big, 1), big[1]);
}

TEST(ProportionalShare, BadArgumentsAreErrors) {
  expectError([] { proportionalShare(0, {1, 2}, 2); }, {"rank 2", "2 ranks"});
  expectError([] { proportionalShare(4, {1, 2}, 0); }, {"position 4", "3 records"});
  expectError([] { proportionalShare(0, {1, -2}, 0); }, {"-2 records"});
}

}  // namespace
}  // namespace ringdl
