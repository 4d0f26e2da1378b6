// HoldOut: the fraction held out, its dependence on the seed and on nothing else, shard sources by file
// name, and splitRows (disjoint sides that cover every row, the same rows whether split whole or in pieces).
#include "ringdl/data/hold_out.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <vector>

#include "data/temp_dir.h"

namespace ringdl {
namespace {

using test::expectError;

std::set<int64_t> heldOutOf(const HoldOut& h, uint64_t source, int64_t n) {
  std::set<int64_t> held;
  for (int64_t i = 0; i < n; ++i)
    if (h.heldOut(source, i)) held.insert(i);
  return held;
}

TEST(HoldOut, HoldsOutAboutTheFraction) {
  for (double f : {0.01, 0.1, 0.5, 0.9}) {
    const auto n = static_cast<double>(heldOutOf(HoldOut(f, 7), 0, 100000).size());
    // Binomial: the standard deviation is at most 158 records of 100000.
    EXPECT_NEAR(n / 100000, f, 0.005) << "fraction " << f;
  }
}

TEST(HoldOut, NothingHeldOutByDefaultOrAtZero) {
  for (const HoldOut& h : {HoldOut(), HoldOut(0, 3)}) {
    EXPECT_TRUE(h.none());
    EXPECT_TRUE(heldOutOf(h, 0, 1000).empty());
    EXPECT_TRUE(h.reads(SplitPart::kTraining, 0, 5));
    EXPECT_FALSE(h.reads(SplitPart::kHeldOut, 0, 5));
  }
  EXPECT_FALSE(HoldOut(0.1, 3).none());
}

TEST(HoldOut, FractionOutsideZeroToOneIsAnError) {
  expectError([] { HoldOut(1, 1); }, {"must be in [0, 1), got 1"});
  expectError([] { HoldOut(-0.1, 1); }, {"must be in [0, 1), got -0.1"});
  EXPECT_NO_THROW(HoldOut(0.999999, 1));
}

TEST(HoldOut, TheSameRecordsForTheSameSeedAndOthersForAnother) {
  const auto a = heldOutOf(HoldOut(0.2, 11), 0, 5000);
  EXPECT_EQ(heldOutOf(HoldOut(0.2, 11), 0, 5000), a);
  EXPECT_NE(heldOutOf(HoldOut(0.2, 12), 0, 5000), a);
  EXPECT_NE(heldOutOf(HoldOut(0.2, 11), 1, 5000), a) << "another source holds out other positions";
  // A larger fraction of the same seed holds out a superset (the hash is compared with a higher bound).
  for (int64_t i : a) EXPECT_TRUE(HoldOut(0.3, 11).heldOut(0, i));
}

TEST(HoldOut, ReadsOneSideOrTheOther) {
  const HoldOut h(0.3, 5);
  for (int64_t i = 0; i < 500; ++i)
    EXPECT_NE(h.reads(SplitPart::kTraining, 9, i), h.reads(SplitPart::kHeldOut, 9, i)) << i;
}

TEST(HoldOut, ShardSourceIsTheFileName) {
  EXPECT_EQ(HoldOut::shardSource("/data/a/part-00001"), HoldOut::shardSource("part-00001"));
  EXPECT_EQ(HoldOut::shardSource("/data/a/part-00001"), HoldOut::shardSource("/moved/b/part-00001"));
  EXPECT_NE(HoldOut::shardSource("/data/a/part-00001"), HoldOut::shardSource("/data/a/part-00002"));
  // Fixed across builds and platforms (FNV-1a of the name): a checkpoint resumed elsewhere keeps its split.
  EXPECT_EQ(HoldOut::shardSource("part-00000"), 0x4ae827ff35b37841ull);
}

// Record i: features {i, i + 0.5}, label i % 4.
LabeledData<float> rows(int64_t n) {
  LabeledData<float> d;
  d.features = Tensor<float>({n, 2});
  d.labels = Tensor<float>({n});
  for (int64_t i = 0; i < n; ++i) {
    d.features.data()[2 * i] = static_cast<float>(i);
    d.features.data()[2 * i + 1] = static_cast<float>(i) + 0.5f;
    d.labels.data()[i] = static_cast<float>(i % 4);
  }
  return d;
}

std::vector<int64_t> ids(const LabeledData<float>& d) {
  std::vector<int64_t> v;
  for (int64_t i = 0; i < d.size(); ++i) {
    const auto id = static_cast<int64_t>(d.features.data()[2 * i]);
    EXPECT_EQ(d.features.data()[2 * i + 1], static_cast<float>(id) + 0.5f);
    EXPECT_EQ(d.labels.data()[i], static_cast<float>(id % 4));
    v.push_back(id);
  }
  return v;
}

TEST(SplitRows, DisjointSidesInStorageOrderCoveringEveryRow) {
  const HoldOut h(0.25, 3);
  const auto [kept, held] = splitRows(rows(400), h);
  std::vector<int64_t> expectKept, expectHeld;
  for (int64_t i = 0; i < 400; ++i) (h.heldOut(0, i) ? expectHeld : expectKept).push_back(i);
  EXPECT_EQ(ids(kept), expectKept);
  EXPECT_EQ(ids(held), expectHeld);
  EXPECT_GT(held.size(), 60);
  EXPECT_LT(held.size(), 140);
  EXPECT_EQ(kept.features.shape(), (Shape{kept.size(), 2}));
  EXPECT_EQ(held.labels.shape(), (Shape{held.size()}));
}

TEST(SplitRows, PiecesSplitLikeTheWhole) {
  // A rank's rows [first, first + n) split by their global row: the pieces of any partition give the whole
  // set's sides.
  const HoldOut h(0.3, 8);
  const LabeledData<float> all = rows(101);
  const auto [wholeKept, wholeHeld] = splitRows(all, h);
  std::vector<int64_t> kept, held;
  for (int64_t first : {0, 17, 60, 61}) {
    const int64_t end = first == 0 ? 17 : first == 17 ? 60 : first == 60 ? 61 : 101;
    LabeledData<float> piece;
    piece.features = all.features.narrow(0, first, end - first);
    piece.labels = all.labels.narrow(0, first, end - first);
    const auto [k, o] = splitRows(piece, h, first);
    for (int64_t id : ids(k)) kept.push_back(id);
    for (int64_t id : ids(o)) held.push_back(id);
  }
  EXPECT_EQ(kept, ids(wholeKept));
  EXPECT_EQ(held, ids(wholeHeld));
}

TEST(SplitRows, NothingHeldOutKeepsEveryRowAndTheShapes) {
  const auto [kept, held] = splitRows(rows(10), HoldOut());
  EXPECT_EQ(kept.size(), 10);
  EXPECT_EQ(held.features.shape(), (Shape{0, 2}));
  EXPECT_EQ(held.labels.shape(), (Shape{0}));
}

}  // namespace
}  // namespace ringdl
