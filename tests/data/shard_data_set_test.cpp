// Tests for ShardDataSet: every record once per epoch on 1 to 4 ranks simulated in one process (more and
// fewer shards than ranks, uneven shards), parts summing to the global batch, deterministic orders, resume
// from state(), the shard index, errors from the reading thread, and skipped corrupt records.
#include "ringdl/data/shard_data_set.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <numeric>
#include <set>
#include <thread>

#include "data/temp_dir.h"
#include "ringdl/data/scale.h"
#include "ringdl/data/shard_index.h"
#include "ringdl/data/tfrecord.h"

namespace ringdl {
namespace {

using test::expectError;
using test::TempDir;

// Records hold their id as text; features are [id], the label id % 10. "bad..." does not decode.
class IdDecoder : public RecordDecoder<float> {
 public:
  void decode(const RecordView& record, const std::string& file, DecodedRecord<float>& out) override {
    RINGDL_CHECK(record.value.rfind("bad", 0) != 0, recordPlace(record, file), "undecodable test record");
    const int64_t id = std::stoll(std::string(record.value));
    out.features.assign(1, static_cast<float>(id));
    out.shape = {1};
    out.label = static_cast<float>(id % 10);
  }
  std::string describe() const override { return "ids"; }
};

// Writes shards of the given sizes holding ids 0, 1, 2, ... in order; returns their paths.
std::vector<std::string> writeShards(const TempDir& dir, const std::vector<int>& sizes, bool index = false) {
  std::vector<std::string> paths;
  ShardIndex idx;
  int64_t id = 0;
  for (size_t s = 0; s < sizes.size(); ++s) {
    char name[32];
    std::snprintf(name, sizeof name, "part-%05zu", s);
    paths.push_back(dir.file(name));
    TFRecordWriter w(paths.back());
    for (int i = 0; i < sizes[s]; ++i) w.write(std::to_string(id++));
    w.close();
    idx.add(paths.back(), sizes[s]);
  }
  if (index) idx.write(dir.path());
  return paths;
}

std::shared_ptr<ShardDataSet<float>> makeSet(const std::vector<std::string>& shards,
                                             ShardDataSetOptions o = {}) {
  return std::make_shared<ShardDataSet<float>>(shards, recordReaderFactory(ShardFormat::kTFRecord),
                                               std::make_shared<IdDecoder>(), o);
}

std::vector<int64_t> ids(const MiniBatch<float>& b) {
  std::vector<int64_t> v;
  for (int64_t i = 0; i < b.size(); ++i) {
    const int64_t id = static_cast<int64_t>(b.input().data()[i]);
    EXPECT_EQ(b.target().data()[i], static_cast<float>(id % 10)) << "label of record " << id;
    v.push_back(id);
  }
  return v;
}

// An all-gather among threads of one process: each rank's thread calls it once.
class FakeWorld {
 public:
  explicit FakeWorld(int world) : values_(world), world_(world) {}
  std::vector<int64_t> allGather(int rank, int64_t mine) {
    std::unique_lock<std::mutex> lock(m_);
    values_[rank] = mine;
    if (++arrived_ == world_) cv_.notify_all();
    cv_.wait(lock, [&] { return arrived_ == world_; });
    return values_;
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<int64_t> values_;
  int arrived_ = 0;
  int world_;
};

// One data set per rank, built concurrently with the fake exchange (or without any exchange).
std::vector<std::shared_ptr<ShardDataSet<float>>> makeWorld(const std::vector<std::string>& shards, int world,
                                                            ShardDataSetOptions base, bool exchange = true) {
  std::vector<std::shared_ptr<ShardDataSet<float>>> sets(world);
  FakeWorld fake(world);
  std::vector<std::thread> threads;
  for (int r = 0; r < world; ++r) {
    threads.emplace_back([&, r] {
      ShardDataSetOptions o = base;
      o.withRank(r, world);
      if (exchange) o.withAllGatherCounts([&fake, r](int64_t mine) { return fake.allGather(r, mine); });
      sets[r] = makeSet(shards, o);
    });
  }
  for (auto& t : threads) t.join();
  return sets;
}

// Runs one epoch over all ranks in lockstep; checks the parts and returns each rank's ids in order.
std::vector<std::vector<int64_t>> runEpoch(std::vector<std::shared_ptr<ShardDataSet<float>>>& sets,
                                           int64_t batch, bool shuffle = true) {
  const int world = static_cast<int>(sets.size());
  std::vector<std::vector<int64_t>> seen(world);
  for (auto& s : sets) shuffle ? s->shuffle() : s->reset();
  const int64_t n = sets[0]->size();
  while (sets[0]->position() < n) {
    const int64_t expected = std::min(batch, n - sets[0]->position());
    int64_t total = 0;
    for (int r = 0; r < world; ++r) {
      EXPECT_EQ(sets[r]->size(), n);
      const MiniBatch<float> part = sets[r]->nextBatchPart(batch, r, world);
      total += part.size();
      for (int64_t id : ids(part)) seen[r].push_back(id);
    }
    EXPECT_EQ(total, expected) << "the parts must sum to the global batch";
    for (int r = 1; r < world; ++r) EXPECT_EQ(sets[r]->position(), sets[0]->position());
  }
  return seen;
}

void expectEachOnce(const std::vector<std::vector<int64_t>>& seen, int64_t n) {
  std::vector<int64_t> all;
  for (const auto& v : seen) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  std::vector<int64_t> expected(static_cast<size_t>(n));
  std::iota(expected.begin(), expected.end(), int64_t(0));
  EXPECT_EQ(all, expected);
}

TEST(ShardDataSet, OneRankReadsInFileOrderUnshuffled) {
  TempDir dir;
  auto shards = writeShards(dir, {5, 0, 7, 3});
  auto set = makeSet(shards);
  EXPECT_EQ(set->size(), 15);
  EXPECT_EQ(set->shardSizes(), (std::vector<int64_t>{5, 0, 7, 3}));
  std::vector<int64_t> order;
  set->reset();
  for (MiniBatch<float> b = set->nextBatch(4); !b.empty(); b = set->nextBatch(4)) {
    EXPECT_EQ(b.input().shape(), (Shape{b.size(), 1}));
    for (int64_t id : ids(b)) order.push_back(id);
  }
  std::vector<int64_t> expected(15);
  std::iota(expected.begin(), expected.end(), int64_t(0));
  EXPECT_EQ(order, expected);
  EXPECT_EQ(set->position(), 15);
  EXPECT_TRUE(set->nextBatch(4).empty());
  // Usable without reset(): the first pass is unshuffled.
  auto fresh = makeSet(shards);
  EXPECT_EQ(ids(fresh->nextBatch(3)), (std::vector<int64_t>{0, 1, 2}));
}

TEST(ShardDataSet, ShuffledEpochsVisitEveryRecordOnceInNewOrders) {
  TempDir dir;
  auto shards = writeShards(dir, {40, 25, 33, 2});
  auto set = makeSet(shards, ShardDataSetOptions().withShuffleBuffer(16).withSeed(7));
  std::vector<std::vector<int64_t>> epochs;
  for (int e = 0; e < 3; ++e) {
    std::vector<std::shared_ptr<ShardDataSet<float>>> one{set};
    auto seen = runEpoch(one, 9);
    expectEachOnce(seen, 100);
    epochs.push_back(seen[0]);
  }
  EXPECT_NE(epochs[0], epochs[1]);
  EXPECT_NE(epochs[1], epochs[2]);
  // Same seed: the same orders; another seed: others.
  auto again = makeSet(shards, ShardDataSetOptions().withShuffleBuffer(16).withSeed(7));
  auto other = makeSet(shards, ShardDataSetOptions().withShuffleBuffer(16).withSeed(8));
  for (int e = 0; e < 3; ++e) {
    std::vector<std::shared_ptr<ShardDataSet<float>>> a{again}, b{other};
    EXPECT_EQ(runEpoch(a, 13)[0], epochs[e]) << "epoch " << e << " (batch size does not matter)";
    EXPECT_NE(runEpoch(b, 9)[0], epochs[e]);
  }
}

TEST(ShardDataSet, NoShuffleBufferStillShufflesShardOrder) {
  TempDir dir;
  auto shards = writeShards(dir, {3, 3, 3, 3, 3, 3});
  auto set = makeSet(shards, ShardDataSetOptions().withShuffleBuffer(0).withSeed(3));
  std::set<std::vector<int64_t>> orders;
  for (int e = 0; e < 4; ++e) {
    std::vector<std::shared_ptr<ShardDataSet<float>>> one{set};
    const auto seen = runEpoch(one, 5)[0];
    expectEachOnce({seen}, 18);
    // Records stay in file order within each shard.
    for (size_t i = 0; i < seen.size(); i += 3) {
      EXPECT_EQ(seen[i] % 3, 0);
      EXPECT_EQ(seen[i + 1], seen[i] + 1);
      EXPECT_EQ(seen[i + 2], seen[i] + 2);
    }
    orders.insert(seen);
  }
  EXPECT_GT(orders.size(), 1u);
}

struct WorldCase {
  std::vector<int> sizes;
  int world;
  bool exchange;
};

void PrintTo(const WorldCase& c, std::ostream* os) {
  *os << "shards {";
  for (size_t i = 0; i < c.sizes.size(); ++i) *os << (i ? "," : "") << c.sizes[i];
  *os << "} on " << c.world << " ranks" << (c.exchange ? "" : " without an exchange");
}

class ShardWorlds : public ::testing::TestWithParam<WorldCase> {};

TEST_P(ShardWorlds, EveryRecordExactlyOncePerEpochAcrossRanks) {
  const WorldCase& c = GetParam();
  TempDir dir;
  auto shards = writeShards(dir, c.sizes);
  const int64_t n = std::accumulate(c.sizes.begin(), c.sizes.end(), int64_t(0));
  auto sets =
      makeWorld(shards, c.world, ShardDataSetOptions().withShuffleBuffer(7).withSeed(11).withPrefetch(2, 3),
                c.exchange);
  int64_t sum = 0;
  for (int64_t v : sets[0]->rankSizes()) sum += v;
  EXPECT_EQ(sum, n);
  for (int r = 1; r < c.world; ++r) EXPECT_EQ(sets[r]->rankSizes(), sets[0]->rankSizes());
  for (int e = 0; e < 2; ++e) {
    auto seen = runEpoch(sets, 10);
    expectEachOnce(seen, n);
    for (int r = 0; r < c.world; ++r) EXPECT_EQ(static_cast<int64_t>(seen[r].size()), sets[r]->localSize());
  }
  // Validation pass, unshuffled.
  expectEachOnce(runEpoch(sets, 64, false), n);
  // The same seed and world size: the same order on every rank.
  auto again =
      makeWorld(shards, c.world, ShardDataSetOptions().withShuffleBuffer(7).withSeed(11), c.exchange);
  auto first = runEpoch(sets, 10);  // epoch 3 of `sets`
  runEpoch(again, 4);
  runEpoch(again, 4);
  EXPECT_EQ(runEpoch(again, 17), first);
}

INSTANTIATE_TEST_SUITE_P(ShardsAndRanks, ShardWorlds,
                         ::testing::Values(WorldCase{{30}, 1, true}, WorldCase{{12, 40, 7, 25, 1}, 2, true},
                                           WorldCase{{12, 40, 7, 25, 1}, 3, true},
                                           WorldCase{{12, 40, 7, 25, 1}, 4, false},
                                           WorldCase{{5, 9, 14, 3, 3, 8, 1, 20}, 4, true},
                                           WorldCase{{23}, 2, true}, WorldCase{{23, 4}, 3, true},
                                           WorldCase{{2, 31}, 4, false}, WorldCase{{3}, 4, true},
                                           WorldCase{{50, 0, 0, 0}, 4, true}));

// The ids a HoldOut holds out of shards of the given sizes (ids 0, 1, ... in shard order), computed from the
// shards' names and the records' places alone.
std::set<int64_t> heldOutIds(const HoldOut& h, const std::vector<std::string>& shards,
                             const std::vector<int>& sizes) {
  std::set<int64_t> held;
  int64_t id = 0;
  for (size_t s = 0; s < shards.size(); ++s)
    for (int j = 0; j < sizes[s]; ++j, ++id)
      if (h.heldOut(HoldOut::shardSource(shards[s]), j)) held.insert(id);
  return held;
}

std::set<int64_t> idSet(const std::vector<std::vector<int64_t>>& seen) {
  std::set<int64_t> all;
  for (const auto& v : seen)
    for (int64_t id : v) EXPECT_TRUE(all.insert(id).second) << "record " << id << " read twice";
  return all;
}

TEST_P(ShardWorlds, HeldOutSideIsTheSameOnEveryWorldAndDisjointFromTraining) {
  const WorldCase& c = GetParam();
  TempDir dir;
  auto shards = writeShards(dir, c.sizes);
  const int64_t n = std::accumulate(c.sizes.begin(), c.sizes.end(), int64_t(0));
  const HoldOut holdOut(0.3, 9);
  const std::set<int64_t> expected = heldOutIds(holdOut, shards, c.sizes);
  // A side without records cannot be built (AnEmptySideOfAHoldOutIsAnError); the tiny sets may have one.
  if (expected.empty() || static_cast<int64_t>(expected.size()) == n) return;
  const ShardDataSetOptions base = ShardDataSetOptions().withShuffleBuffer(7).withSeed(11).withPrefetch(2, 3);
  auto train = makeWorld(shards, c.world,
                         ShardDataSetOptions(base).withHoldOut(holdOut, SplitPart::kTraining), c.exchange);
  auto held = makeWorld(shards, c.world, ShardDataSetOptions(base).withHoldOut(holdOut, SplitPart::kHeldOut),
                        c.exchange);
  EXPECT_EQ(held[0]->size(), static_cast<int64_t>(expected.size()));
  EXPECT_EQ(train[0]->size() + held[0]->size(), n);
  const std::set<int64_t> validated = idSet(runEpoch(held, 8, false));
  EXPECT_EQ(validated, expected);
  for (int e = 0; e < 2; ++e) {
    const std::set<int64_t> trained = idSet(runEpoch(train, 10));
    EXPECT_EQ(trained.size() + validated.size(), static_cast<size_t>(n));
    for (int64_t id : trained)
      EXPECT_EQ(validated.count(id), 0u) << "held-out record " << id << " trained on";
  }
}

TEST(ShardDataSet, PartsAreProportionalCumulativeShares) {
  TempDir dir;
  auto shards = writeShards(dir, {10, 30, 20});
  auto sets = makeWorld(shards, 3, ShardDataSetOptions());
  EXPECT_EQ(sets[0]->rankSizes(), (std::vector<int64_t>{10, 30, 20}));
  for (int64_t p = 0; p <= 60; ++p) {
    int64_t total = 0;
    for (int r = 0; r < 3; ++r) {
      total += sets[r]->share(p);
      if (p > 0) EXPECT_GE(sets[r]->share(p), sets[r]->share(p - 1));
    }
    EXPECT_EQ(total, p);
  }
  EXPECT_EQ(sets[1]->share(60), 30);
  EXPECT_EQ(sets[2]->share(30), 10);  // floor(30 * 60 / 60) - floor(30 * 40 / 60)
}

TEST(ShardDataSet, StateResumesAtTheSameRecord) {
  TempDir dir;
  auto shards = writeShards(dir, {17, 23, 11, 9});
  const ShardDataSetOptions base = ShardDataSetOptions().withShuffleBuffer(8).withSeed(5);
  for (int world : {1, 2, 3}) {
    auto a = makeWorld(shards, world, base);
    for (auto& s : a) s->shuffle();
    for (int i = 0; i < 2; ++i) runEpoch(a, 6);  // epochs 2 and 3; run part of epoch 4:
    for (auto& s : a) s->shuffle();
    for (int step = 0; step < 3; ++step)
      for (int r = 0; r < world; ++r) a[r]->nextBatchPart(6, r, world);
    const std::string saved = a[0]->state();
    for (int r = 1; r < world; ++r) EXPECT_EQ(a[r]->state(), saved) << "every rank's state is the same";
    auto b = makeWorld(shards, world, ShardDataSetOptions().withShuffleBuffer(8).withSeed(99));
    for (auto& s : b) s->setState(saved);
    EXPECT_EQ(b[0]->position(), a[0]->position());
    while (a[0]->position() < a[0]->size()) {
      for (int r = 0; r < world; ++r)
        EXPECT_EQ(ids(a[r]->nextBatchPart(6, r, world)), ids(b[r]->nextBatchPart(6, r, world)))
            << "world " << world << " rank " << r;
    }
    EXPECT_EQ(b[0]->position(), b[0]->size());
    // The next epochs match too (the seed came from the state).
    EXPECT_EQ(runEpoch(a, 5), runEpoch(b, 5));
  }
}

TEST(ShardDataSet, SetStateRejectsOtherStates) {
  TempDir dir;
  auto set = makeSet(writeShards(dir, {4}));
  expectError([&] { set->setState("ringdl.ArrayDataSet 1\nrecords 4\n"); },
              {"not a ringdl.ShardDataSet 1 state"});
  expectError(
      [&] {
        set->setState(
            "ringdl.ShardDataSet 1\nrecords 5\nworld 1\nseed 1\nepoch 1\norder shuffled\nposition 0\n");
      },
      {"saved for a data set of 5 records but this one has 4"});
}

TEST(ShardDataSet, WrongRankOrWorldIsAnError) {
  TempDir dir;
  auto shards = writeShards(dir, {4, 4});
  auto sets = makeWorld(shards, 2, ShardDataSetOptions());
  expectError([&] { sets[0]->nextBatch(2); }, {"rank 0's records of a world of 2", "nextBatchPart"});
  expectError([&] { sets[1]->nextBatchPart(2, 0, 2); }, {"asked for rank 0 of 2", "built for rank 1 of 2"});
}

TEST(ShardDataSet, IndexSavesTheCountingPass) {
  TempDir dir;
  auto shards = writeShards(dir, {6, 9}, /*index=*/true);
  auto opens = std::make_shared<std::atomic<int>>(0);
  RecordReaderFactory counting = [opens](const std::string& path) {
    ++*opens;
    return openShard(path, ShardFormat::kTFRecord);
  };
  ShardDataSet<float> set(shards, counting, std::make_shared<IdDecoder>());
  EXPECT_EQ(set.size(), 15);
  EXPECT_EQ(opens->load(), 0) << "the index gave the counts";
  // A shard rewritten after indexing (another size) is counted by reading it.
  {
    TFRecordWriter w(shards[1]);
    for (int i = 6; i < 10; ++i) w.write(std::to_string(i));
    w.close();
  }
  ShardDataSet<float> again(shards, counting, std::make_shared<IdDecoder>());
  EXPECT_EQ(again.size(), 10);
  EXPECT_EQ(opens->load(), 1);
}

// Flips one byte of a record's data in place and restores the file's time: damage after indexing.
void damageRecord(const std::string& path, int64_t offset) {
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  std::vector<uint8_t> bytes = test::readBytes(path);
  bytes[static_cast<size_t>(offset)] ^= 0x40;
  test::writeBytes(path, bytes);
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

// Byte offset of record i's first data byte in a TFRecord shard of decimal ids starting at `first`.
int64_t dataOffset(int first, int i) {
  int64_t off = 0;
  for (int k = 0; k < i; ++k) off += 16 + static_cast<int64_t>(std::to_string(first + k).size());
  return off + 12;
}

TEST(ShardDataSet, HeldOutCountsFromTheIndexAndResumeKeepTheSplit) {
  TempDir dir;
  const std::vector<int> sizes = {30, 25, 45};
  auto shards = writeShards(dir, sizes, /*index=*/true);
  const HoldOut holdOut(0.2, 4);
  const auto opts = [&](SplitPart part) {
    return ShardDataSetOptions().withShuffleBuffer(5).withSeed(2).withHoldOut(holdOut, part);
  };
  auto held = makeSet(shards, opts(SplitPart::kHeldOut));
  EXPECT_EQ(held->size(), static_cast<int64_t>(heldOutIds(holdOut, shards, sizes).size()));
  auto train = makeSet(shards, opts(SplitPart::kTraining));
  EXPECT_EQ(train->size(), 100 - held->size());
  // A training epoch interrupted and resumed from its state reads the rest of the training side.
  train->shuffle();
  std::vector<int64_t> before = ids(train->nextBatch(16));
  auto resumed = makeSet(shards, opts(SplitPart::kTraining));
  resumed->setState(train->state());
  for (MiniBatch<float> b = resumed->nextBatch(16); !b.empty(); b = resumed->nextBatch(16))
    for (int64_t id : ids(b)) before.push_back(id);
  std::set<int64_t> all(before.begin(), before.end());
  EXPECT_EQ(all.size(), before.size());
  EXPECT_EQ(static_cast<int64_t>(all.size()), train->size());
  for (int64_t id : heldOutIds(holdOut, shards, sizes)) EXPECT_EQ(all.count(id), 0u) << id;
}

TEST(ShardDataSet, AnEmptySideOfAHoldOutIsAnError) {
  TempDir dir;
  auto shards = writeShards(dir, {3});
  expectError(
      [&] { makeSet(shards, ShardDataSetOptions().withHoldOut(HoldOut(0.0001, 1), SplitPart::kHeldOut)); },
      {"has no records held out when a fraction of 0.0001 is held out (seed 1): raise the fraction"});
}

TEST(ShardDataSet, ReaderErrorInTheThreadSurfacesWithFileOffsetRecord) {
  TempDir dir;
  auto shards = writeShards(dir, {20, 20}, /*index=*/true);
  damageRecord(shards[1], dataOffset(20, 5));
  auto set = makeSet(shards, ShardDataSetOptions().withPrefetch(1, 4));
  EXPECT_EQ(set->size(), 40) << "counted from the index";
  set->reset();
  for (int i = 0; i < 6; ++i) EXPECT_EQ(set->nextBatch(4).size(), 4);  // records 0..23 are fine
  const std::string msg =
      expectError([&] { set->nextBatch(4); },
                  {shards[1], "record 5", "at byte " + std::to_string(dataOffset(20, 5) - 12), "CRC"});
  expectError([&] { set->nextBatch(4); }, {shards[1], "record 5"});  // and stays failed
  // A new epoch starts afresh (and fails at the same place).
  set->reset();
  EXPECT_EQ(set->nextBatch(8).size(), 8);
}

TEST(ShardDataSet, DecoderErrorAndMissingFileSurface) {
  TempDir dir;
  auto shards = writeShards(dir, {3});
  {
    TFRecordWriter w(dir.file("part-00001"));
    w.write("3");
    w.write("bad record");
    w.close();
  }
  shards.push_back(dir.file("part-00001"));
  auto set = makeSet(shards);
  set->reset();
  expectError([&] { set->nextBatch(5); },
              {"file " + shards[1], "record 1 at byte 17", "undecodable test record"});
  auto gone = makeSet({shards[0]});
  std::filesystem::remove(shards[0]);
  gone->reset();
  expectError([&] { gone->nextBatch(1); }, {"cannot open TFRecord file", shards[0]});
}

TEST(ShardDataSet, CountingPassFailsOnADamagedShardWithoutSkipCorrupt) {
  TempDir dir;
  auto shards = writeShards(dir, {10});
  damageRecord(shards[0], dataOffset(0, 3));
  expectError([&] { makeSet(shards); }, {shards[0], "record 3"});
}

TEST(ShardDataSet, SkipCorruptSkipsCountsAndReports) {
  TempDir dir;
  auto shards = writeShards(dir, {20, 20}, /*index=*/true);
  damageRecord(shards[1], dataOffset(20, 5));
  {  // an undecodable record too (the index does not list this shard: it is counted by reading)
    TFRecordWriter w(dir.file("extra"));
    for (const char* v : {"40", "bad", "41"}) w.write(v);
    w.close();
  }
  shards.push_back(dir.file("extra"));
  std::vector<std::pair<int64_t, int64_t>> reports;
  std::string firstError;
  ShardDataSetOptions o = ShardDataSetOptions().withSkipCorrupt(true).withShuffleBuffer(5).withPrefetch(2, 3);
  o.onEpochEnd = [&](int64_t epoch, int64_t corrupt, const std::string& first) {
    reports.emplace_back(epoch, corrupt);
    if (firstError.empty()) firstError = first;
  };
  auto set = makeSet(shards, o);
  EXPECT_EQ(set->size(), 43);  // 40 from the index, 3 records read in "extra"
  for (int e = 1; e <= 2; ++e) {
    set->shuffle();
    std::vector<int64_t> seen;
    for (MiniBatch<float> b = set->nextBatch(8); !b.empty(); b = set->nextBatch(8))
      for (int64_t id : ids(b)) seen.push_back(id);
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end()) << "no record twice";
    EXPECT_EQ(seen.size(), 41u) << "43 records minus the damaged one and the undecodable one";
    EXPECT_EQ(std::count(seen.begin(), seen.end(), 25), 0) << "the damaged record is never fed";
    EXPECT_EQ(set->position(), set->size());
    EXPECT_EQ(set->corruptRecords(), 2);
  }
  EXPECT_EQ(reports, (std::vector<std::pair<int64_t, int64_t>>{{1, 2}, {2, 2}}));
  EXPECT_NE(firstError.find("record"), std::string::npos);
}

TEST(ShardDataSet, SkipCorruptAcrossRanksKeepsPositionsTogether) {
  TempDir dir;
  auto shards = writeShards(dir, {15, 15, 15}, /*index=*/true);
  damageRecord(shards[0], dataOffset(0, 2));
  auto sets = makeWorld(shards, 2, ShardDataSetOptions().withSkipCorrupt(true).withShuffleBuffer(4));
  const int64_t n = sets[0]->size();
  EXPECT_EQ(n, 45);
  for (auto& s : sets) s->shuffle();
  std::vector<int64_t> seen;
  while (sets[0]->position() < n) {
    int64_t total = 0;
    for (int r = 0; r < 2; ++r) {
      const MiniBatch<float> part = sets[r]->nextBatchPart(10, r, 2);
      total += part.size();
      for (int64_t id : ids(part)) seen.push_back(id);
    }
    EXPECT_LE(total, 10);
    EXPECT_EQ(sets[0]->position(), sets[1]->position());
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
  EXPECT_GE(seen.size(), 40u);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 2), 0);
}

TEST(ShardDataSet, DestructionStopsTheThreadPromptly) {
  TempDir dir;
  auto shards = writeShards(dir, {20000, 20000});
  auto start = std::chrono::steady_clock::now();
  {
    auto set = makeSet(shards, ShardDataSetOptions().withPrefetch(1, 2).withShuffleBuffer(100));
    set->shuffle();
    EXPECT_EQ(set->nextBatch(2).size(), 2);
    start = std::chrono::steady_clock::now();
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
}

TEST(ShardDataSet, TransformerAppliesToBatches) {
  TempDir dir;
  auto set = makeSet(writeShards(dir, {4}));
  set->setTransformer(std::make_shared<Scale<float>>(2.0f));
  set->reset();
  const MiniBatch<float> b = set->nextBatch(4);
  EXPECT_EQ(b.input().toVector(), (std::vector<float>{0, 2, 4, 6}));
}

TEST(ShardDataSet, EmptyShardSetIsAnError) {
  TempDir dir;
  auto shards = writeShards(dir, {0, 0});
  expectError([&] { makeSet(shards); }, {"holds no records"});
}

}  // namespace
}  // namespace ringdl
