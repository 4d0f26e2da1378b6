// ArrayDataSet: epochs, seeded shuffles, the last partial batch, buffer reuse, and exact resume from state().
#include "ringdl/data/array_data_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "data/temp_dir.h"
#include "ringdl/data/scale.h"

namespace ringdl {
namespace {

using test::expectError;

// Record i has features [i, 1000 + i, 2000 + i] and label i % 10, so every row names its record.
template <typename T = float>
ArrayDataSet<T> makeDataSet(int64_t n, uint64_t seed = 7) {
  Tensor<T> features({n, 3});
  Tensor<T> labels({n});
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < 3; ++j) features.at({i, j}) = static_cast<T>(1000 * j + i);
    labels.at({i}) = static_cast<T>(i % 10);
  }
  return ArrayDataSet<T>(features, labels, seed);
}

// The record indices of one batch, checking that each row's label belongs to the same record.
template <typename T>
std::vector<int64_t> recordsOf(const MiniBatch<T>& b) {
  std::vector<int64_t> ids;
  for (int64_t i = 0; i < b.size(); ++i) {
    const auto id = static_cast<int64_t>(b.input().at({i, 0}));
    EXPECT_EQ(b.input().at({i, 2}), static_cast<T>(2000 + id));
    EXPECT_EQ(b.target().at({i}), static_cast<T>(id % 10));
    ids.push_back(id);
  }
  return ids;
}

// All records of the rest of the epoch, in order, with the batch sizes seen.
template <typename T>
std::vector<int64_t> drain(ArrayDataSet<T>& data, int64_t batchSize, std::vector<int64_t>* sizes = nullptr) {
  std::vector<int64_t> ids;
  for (auto b = data.nextBatch(batchSize); !b.empty(); b = data.nextBatch(batchSize)) {
    if (sizes) sizes->push_back(b.size());
    const auto part = recordsOf(b);
    ids.insert(ids.end(), part.begin(), part.end());
  }
  return ids;
}

std::vector<int64_t> sorted(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<int64_t> iota(int64_t n) {
  std::vector<int64_t> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

TEST(ArrayDataSet, UnshuffledEpochIsStorageOrder) {
  auto data = makeDataSet(10);
  EXPECT_EQ(data.size(), 10);
  EXPECT_EQ(drain(data, 4), iota(10));
}

TEST(ArrayDataSet, LastPartialBatchIsReturnedThenEmpty) {
  auto data = makeDataSet(10);
  std::vector<int64_t> sizes;
  drain(data, 4, &sizes);
  EXPECT_EQ(sizes, (std::vector<int64_t>{4, 4, 2}));
  EXPECT_EQ(data.position(), 10);
  // The end of the epoch is sticky until the next reset()/shuffle(): no silent wrap-around.
  EXPECT_TRUE(data.nextBatch(4).empty());
  EXPECT_TRUE(data.nextBatch(1).empty());
  data.reset();
  EXPECT_EQ(data.position(), 0);
  EXPECT_EQ(data.nextBatch(100).size(), 10);
}

TEST(ArrayDataSet, EveryRecordExactlyOncePerShuffledEpoch) {
  auto data = makeDataSet(1001);
  for (int epoch = 0; epoch < 3; ++epoch) {
    data.shuffle();
    const auto ids = drain(data, 64);
    EXPECT_EQ(ids.size(), 1001u);
    EXPECT_EQ(sorted(ids), iota(1001)) << "epoch " << epoch;
    EXPECT_EQ(ids, data.order());
  }
}

TEST(ArrayDataSet, NewOrderEachEpochSameForSameSeed) {
  auto a = makeDataSet(500, 42), b = makeDataSet(500, 42), c = makeDataSet(500, 43);
  std::set<std::vector<int64_t>> orders;
  for (int epoch = 0; epoch < 4; ++epoch) {
    a.shuffle();
    b.shuffle();
    c.shuffle();
    const auto ea = drain(a, 32), eb = drain(b, 50), ec = drain(c, 32);
    EXPECT_EQ(ea, eb) << "same seed, epoch " << epoch << " (batch size does not change the order)";
    EXPECT_NE(ea, ec) << "different seed, epoch " << epoch;
    EXPECT_NE(ea, iota(500));
    orders.insert(ea);
  }
  EXPECT_EQ(orders.size(), 4u) << "each epoch draws a new permutation";
}

TEST(ArrayDataSet, ResetKeepsTheShuffledOrder) {
  auto data = makeDataSet(50);
  data.shuffle();
  const auto first = drain(data, 8);
  data.reset();
  EXPECT_EQ(drain(data, 8), first);
}

TEST(ArrayDataSet, ShuffleIsReproducibleAcrossTypes) {
  // The order comes from the seeded generator only, not from T.
  auto f = makeDataSet<float>(300, 5);
  auto d = makeDataSet<double>(300, 5);
  f.shuffle();
  d.shuffle();
  EXPECT_EQ(f.order(), d.order());
}

TEST(ArrayDataSet, StateMidEpochReproducesTheRemainingBatchesExactly) {
  auto original = makeDataSet(1000, 11);
  original.shuffle();
  drain(original, 1000);  // epoch 1
  original.shuffle();     // epoch 2
  for (int i = 0; i < 3; ++i) original.nextBatch(64);
  const std::string saved = original.state();

  // The uninterrupted run: the rest of epoch 2, then epochs 3 and 4.
  std::vector<std::vector<float>> expected;
  auto collect = [](ArrayDataSet<float>& data, std::vector<std::vector<float>>& out) {
    for (int epoch = 0; epoch < 3; ++epoch) {
      if (epoch > 0) data.shuffle();
      for (auto b = data.nextBatch(64); !b.empty(); b = data.nextBatch(64)) {
        auto in = b.input().toVector(), tg = b.target().toVector();
        in.insert(in.end(), tg.begin(), tg.end());
        out.push_back(in);
      }
    }
  };
  collect(original, expected);

  // The resumed run: a fresh data set, built with a different seed on purpose, restored from the string.
  auto resumed = makeDataSet(1000, 999);
  resumed.setState(saved);
  EXPECT_EQ(resumed.position(), 3 * 64);
  std::vector<std::vector<float>> actual;
  collect(resumed, actual);
  ASSERT_EQ(actual.size(), expected.size());
  EXPECT_TRUE(actual == expected) << "resumed batches differ from the uninterrupted run";
}

TEST(ArrayDataSet, StateRoundTripsAtEveryPoint) {
  auto data = makeDataSet(37, 3);
  int restoredSeed = 100;
  // Restores data's state into a fresh data set and checks that both continue identically, through the rest
  // of the epoch and the next shuffle.
  auto checkRestore = [&](const char* when) {
    SCOPED_TRACE(when);
    const std::string s = data.state();
    auto copy = makeDataSet(37, restoredSeed++);
    copy.setState(s);
    EXPECT_EQ(copy.state(), s);
    EXPECT_EQ(copy.order(), data.order());
    EXPECT_EQ(copy.position(), data.position());
    EXPECT_EQ(drain(copy, 5), drain(data, 5));
    copy.shuffle();
    data.shuffle();
    EXPECT_EQ(copy.order(), data.order());
  };
  checkRestore("before any shuffle (identity order)");
  data.nextBatch(10);
  checkRestore("mid-epoch");
  drain(data, 16);
  checkRestore("at the end of an epoch");
  data.reset();
  data.nextBatch(1);
  checkRestore("after a reset of a shuffled order");
}

TEST(ArrayDataSet, ResumeWithAnotherBatchSizeSeesTheSameRecords) {
  auto data = makeDataSet(100, 8);
  data.shuffle();
  data.nextBatch(30);
  const auto s = data.state();
  const auto rest = drain(data, 30);
  auto other = makeDataSet(100);
  other.setState(s);
  EXPECT_EQ(drain(other, 7), rest);
}

TEST(ArrayDataSet, SetStateRejectsForeignStrings) {
  auto data = makeDataSet(10);
  const auto s = makeDataSet(11).state();
  expectError([&] { data.setState(s); }, {"11 records", "this one has 10"});
  expectError([&] { data.setState("epoch=3"); }, {"not an ArrayDataSet state", "epoch=3"});
  expectError([&] { data.setState("ringdl.ArrayDataSet 9\n"); }, {"version 9"});
  expectError([&] { data.setState("ringdl.ArrayDataSet 1\nrecords 10\nposition 11\n"); }, {"position"});
  // A rejected string leaves the data set as it was.
  EXPECT_EQ(drain(data, 3), iota(10));
}

TEST(ArrayDataSet, BatchBufferIsReused) {
  auto data = makeDataSet(100);
  const auto a = data.nextBatch(10);
  const float* p = a.input().data();
  const auto b = data.nextBatch(10);
  EXPECT_EQ(b.input().data(), p) << "batches are gathered into one reused buffer";
  data.reset();
  data.nextBatch(7);
  EXPECT_EQ(data.nextBatch(10).input().data(), p) << "a smaller batch does not reallocate";
}

TEST(ArrayDataSet, BatchesDoNotAliasTheArrays) {
  auto data = makeDataSet(4);
  auto b = data.nextBatch(4);
  b.input().fill(-1);
  EXPECT_EQ(data.features().at({0, 0}), 0);
}

TEST(ArrayDataSet, MultiDimensionalFeaturesAndLabels) {
  Tensor<double> features({6, 1, 2, 2});
  Tensor<double> labels({6, 2});
  for (int64_t i = 0; i < 6; ++i) {
    features.select(0, i).fill(static_cast<double>(i));
    labels.at({i, 0}) = static_cast<double>(i);
    labels.at({i, 1}) = static_cast<double>(-i);
  }
  ArrayDataSet<double> data(features, labels, 1);
  data.shuffle();
  const auto b = data.nextBatch(4);
  EXPECT_EQ(b.input().shape(), (Shape{4, 1, 2, 2}));
  EXPECT_EQ(b.target().shape(), (Shape{4, 2}));
  for (int64_t i = 0; i < 4; ++i) {
    const double id = static_cast<double>(data.order()[i]);
    EXPECT_EQ(b.input().at({i, 0, 1, 1}), id);
    EXPECT_EQ(b.target().at({i, 1}), -id);
  }
}

TEST(ArrayDataSet, NonContiguousArraysAreAccepted) {
  const auto features = Tensor<float>::fromVector({2, 3}, {0, 1, 2, 10, 11, 12}).transpose(0, 1);  // [3, 2]
  ArrayDataSet<float> data(features, Tensor<float>::fromVector({3}, {0, 1, 2}));
  EXPECT_EQ(data.nextBatch(3).input().toVector(), (std::vector<float>{0, 10, 1, 11, 2, 12}));
}

TEST(ArrayDataSet, SampleViewsOneRecord) {
  auto data = makeDataSet(5);
  const auto s = data.sample(3);
  EXPECT_EQ(s.feature().toVector(), (std::vector<float>{3, 1003, 2003}));
  EXPECT_EQ(s.label().item(), 3);
  expectError([&] { data.sample(5); }, {"sample(5)", "5 records"});
}

TEST(ArrayDataSet, TransformerAppliesToEveryBatch) {
  auto data = makeDataSet(10);
  data.setTransformer(std::make_shared<Scale<float>>(0.5));
  const auto b = data.nextBatch(2);
  EXPECT_EQ(b.input().toVector(), (std::vector<float>{0, 500, 1000, 0.5f, 500.5f, 1000.5f}));
  EXPECT_EQ(b.target().toVector(), (std::vector<float>{0, 1}));
  EXPECT_EQ(data.features().at({1, 0}), 1) << "the arrays themselves are untouched";
  data.setTransformer(nullptr);
  EXPECT_EQ(data.nextBatch(1).input().at({0, 0}), 2);
}

TEST(ArrayDataSet, ConstructionErrors) {
  expectError(
      [] {
        ArrayDataSet<float>(Tensor<float>({5, 3}), Tensor<float>({4}));
      },
      {"[5, 3]", "5 records", "[4]", "4"});
  expectError([] { ArrayDataSet<float>(Tensor<float>({0, 3}), Tensor<float>({0})); }, {"no records"});
  expectError([] { ArrayDataSet<float>(Tensor<float>(Shape{}), Tensor<float>({1})); }, {"record dimension"});
  auto data = makeDataSet(3);
  expectError([&] { data.nextBatch(0); }, {"batch size must be positive", "0"});
}

TEST(CheckClassLabels, AcceptsZeroBased) {
  checkClassLabels(Tensor<float>::fromVector({4}, {0, 9, 3, 0}), 10, "labels");
}

TEST(CheckClassLabels, OneBasedLabelsAreExplained) {
  expectError(
      [] {
        checkClassLabels(Tensor<float>::fromVector({3}, {1, 10, 2}), 10, "train labels");
      },
      {"train labels", "label 10 of record 1", "[0, 10)", "0-based", "look 1-based", "subtract 1"});
}

TEST(CheckClassLabels, NegativeAndFractional) {
  expectError(
      [] {
        checkClassLabels(Tensor<double>::fromVector({2}, {0, -1}), 3, "y");
      },
      {"label -1 of record 1"});
  expectError(
      [] {
        checkClassLabels(Tensor<double>::fromVector({2}, {0.5, 1}), 3, "y");
      },
      {"label 0.5 of record 0"});
}

}  // namespace
}  // namespace ringdl
