// PartitionedArrayDataSet: row ranges per rank, every row exactly once per epoch across 1 to 4 ranks
// simulated in one process, even parts summing to the global batch, per-epoch orders, an unshuffled
// pass in storage order, exact resume from state() and the errors.
#include "ringdl/data/partitioned_data_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <numeric>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/data/scale.h"

namespace ringdl {
namespace {

using test::expectError;

using Sets = std::vector<std::unique_ptr<PartitionedArrayDataSet<double>>>;

// Record i has features {i, -i} and label i % 7.
LabeledData<double> records(int64_t n) {
  LabeledData<double> d;
  d.features = Tensor<double>({n, 2});
  d.labels = Tensor<double>({n});
  for (int64_t i = 0; i < n; ++i) {
    d.features.data()[2 * i] = static_cast<double>(i);
    d.features.data()[2 * i + 1] = -static_cast<double>(i);
    d.labels.data()[i] = static_cast<double>(i % 7);
  }
  return d;
}

// Every rank's data set, each holding only its rows of n records.
Sets makeRanks(int64_t n, int world, uint64_t seed = 5) {
  const LabeledData<double> all = records(n);
  Sets sets;
  for (int r = 0; r < world; ++r) {
    const BatchPart rows = partitionRows(n, r, world);
    LabeledData<double> mine;
    mine.features = all.features.narrow(0, rows.offset, rows.length).clone();
    mine.labels = all.labels.narrow(0, rows.offset, rows.length).clone();
    sets.push_back(std::make_unique<PartitionedArrayDataSet<double>>(mine, n, r, world, seed));
  }
  return sets;
}

// One global batch from every rank: the records of each part (by their feature 0), rank by rank.
std::vector<std::vector<int64_t>> step(Sets& sets, int64_t batch) {
  const int world = static_cast<int>(sets.size());
  std::vector<std::vector<int64_t>> parts(sets.size());
  for (int r = 0; r < world; ++r) {
    const MiniBatch<double> b = sets[r]->nextBatchPart(batch, r, world);
    for (int64_t i = 0; i < b.size(); ++i) {
      const auto row = static_cast<int64_t>(b.input().data()[2 * i]);
      EXPECT_EQ(b.input().data()[2 * i + 1], -static_cast<double>(row));
      EXPECT_EQ(b.target().data()[i], static_cast<double>(row % 7));
      parts[r].push_back(row);
    }
  }
  return parts;
}

// The rest of the epoch: every global batch's parts.
std::vector<std::vector<std::vector<int64_t>>> rest(Sets& sets, int64_t batch) {
  std::vector<std::vector<std::vector<int64_t>>> out;
  while (sets[0]->position() < sets[0]->size()) out.push_back(step(sets, batch));
  return out;
}

TEST(PartitionRows, ConsecutiveFloorRangesCoveringEveryRow) {
  for (int64_t n : {0, 1, 3, 10, 11, 37, 100}) {
    for (int world = 1; world <= 5; ++world) {
      int64_t next = 0;
      for (int r = 0; r < world; ++r) {
        const BatchPart p = partitionRows(n, r, world);
        EXPECT_EQ(p.offset, r * n / world) << n << " " << r << "/" << world;
        EXPECT_EQ(p.offset + p.length, (r + 1) * n / world) << n << " " << r << "/" << world;
        EXPECT_EQ(p.offset, next);
        next = p.offset + p.length;
      }
      EXPECT_EQ(next, n);
    }
  }
  EXPECT_EQ(partitionRows(10, 0, 3).length, 3);
  EXPECT_EQ(partitionRows(10, 2, 3).length, 4);  // the later ranks take the extra rows
  expectError([] { partitionRows(10, 3, 3); }, {"rank 3 is not in a world of 3 ranks"});
  expectError([] { partitionRows(-1, 0, 1); }, {"must be >= 0"});
}

TEST(PartitionedArrayDataSet, EveryRowOncePerEpochAcrossRanks) {
  for (int64_t n : {1, 3, 10, 37, 100}) {
    for (int world = 1; world <= 4; ++world) {
      for (int64_t batch : {1, 7, 64, 1000}) {
        Sets sets = makeRanks(n, world);
        for (int epoch = 1; epoch <= 2; ++epoch) {
          for (auto& s : sets) s->shuffle();
          std::vector<int> seen(static_cast<size_t>(n), 0);
          int64_t position = 0;
          while (sets[0]->position() < n) {
            const int64_t global = std::min(batch, n - position);
            const auto parts = step(sets, batch);
            int64_t sum = 0;
            for (int r = 0; r < world; ++r) {
              const BatchPart mine = partitionRows(n, r, world);
              // The parts are even: one record from an even split, two in the epoch's last n % world records.
              const int64_t slack = position + global > n / world * world ? 1 : 0;
              EXPECT_LE(static_cast<int64_t>(parts[r].size()), (global + world - 1) / world + slack);
              EXPECT_GE(static_cast<int64_t>(parts[r].size()), global / world - slack);
              EXPECT_EQ(static_cast<int64_t>(parts[r].size()),
                        sets[r]->share(position + global) - sets[r]->share(position));
              for (int64_t row : parts[r]) {
                EXPECT_TRUE(row >= mine.offset && row < mine.offset + mine.length)
                    << "rank " << r << " served row " << row << " not its own";
                ++seen[static_cast<size_t>(row)];
              }
              sum += static_cast<int64_t>(parts[r].size());
            }
            EXPECT_EQ(sum, global) << "the parts sum to the global batch";
            position += global;
            for (auto& s : sets) EXPECT_EQ(s->position(), position) << "the position is global";
          }
          for (int64_t i = 0; i < n; ++i)
            EXPECT_EQ(seen[static_cast<size_t>(i)], 1) << "row " << i << ", n " << n << " world " << world
                                                       << " batch " << batch << " epoch " << epoch;
          for (auto& s : sets) EXPECT_TRUE(s->nextBatchPart(batch, s->rank(), world).empty());
        }
      }
    }
  }
}

TEST(PartitionedArrayDataSet, PartsOfUnevenRanks) {
  // 10 rows on 3 ranks: 3, 3 and 4 rows, interleaved evenly (rank 2's rows at 1/8, 3/8, 5/8, 7/8 of the
  // epoch, the others' at 1/6, 3/6, 5/6; ties to the lower rank): a batch of 5 is cut 2/1/2, then 1/2/2.
  Sets sets = makeRanks(10, 3);
  EXPECT_EQ(sets[2]->rankSizes(), (std::vector<int64_t>{3, 3, 4}));
  EXPECT_EQ(sets[1]->firstRow(), 3);
  EXPECT_EQ(sets[2]->localSize(), 4);
  for (auto& s : sets) s->reset();
  const auto first = step(sets, 5);
  EXPECT_EQ(first, (std::vector<std::vector<int64_t>>{{0, 1}, {3}, {6, 7}}));
  const auto second = step(sets, 5);
  EXPECT_EQ(second, (std::vector<std::vector<int64_t>>{{2}, {4, 5}, {8, 9}}));

  // Every share never decreases and reaches the rank's rows, for any size and world.
  for (int64_t n : {1, 2, 5, 10, 37}) {
    for (int world = 1; world <= 5; ++world) {
      Sets ranks = makeRanks(n, world);
      for (int r = 0; r < world; ++r) {
        EXPECT_EQ(ranks[r]->share(0), 0);
        for (int64_t p = 1; p <= n; ++p) EXPECT_GE(ranks[r]->share(p), ranks[r]->share(p - 1));
        EXPECT_EQ(ranks[r]->share(n), ranks[r]->localSize()) << n << " " << r << "/" << world;
      }
      for (int64_t p = 0; p <= n; ++p) {
        int64_t sum = 0;
        for (auto& s : ranks) sum += s->share(p);
        EXPECT_EQ(sum, p);
      }
    }
  }
}

TEST(PartitionedArrayDataSet, ResetIsStorageOrderAndShuffleDrawsPerEpoch) {
  Sets one = makeRanks(50, 1);
  one[0]->reset();
  const auto plain = rest(one, 16);
  std::vector<int64_t> rows;
  for (const auto& b : plain) rows.insert(rows.end(), b[0].begin(), b[0].end());
  std::vector<int64_t> identity(50);
  std::iota(identity.begin(), identity.end(), int64_t(0));
  EXPECT_EQ(rows, identity) << "an unshuffled pass reads the rows in storage order";

  auto orderOf = [](Sets& sets) {
    std::vector<int64_t> all;
    for (const auto& b : rest(sets, 8))
      for (const auto& part : b) all.insert(all.end(), part.begin(), part.end());
    return all;
  };
  Sets a = makeRanks(50, 2, 9), b = makeRanks(50, 2, 9), c = makeRanks(50, 2, 10);
  for (auto* sets : {&a, &b, &c})
    for (auto& s : *sets) s->shuffle();
  const std::vector<int64_t> a1 = orderOf(a), b1 = orderOf(b), c1 = orderOf(c);
  EXPECT_EQ(a1, b1) << "the same seed gives the same order";
  EXPECT_NE(a1, c1) << "another seed gives another order";
  EXPECT_NE(a1, identity);
  for (auto& s : a) s->shuffle();
  EXPECT_NE(orderOf(a), a1) << "each epoch gets a new order";
  EXPECT_EQ(a[0]->epoch(), 2);
  // reset() after shuffles is the storage order again.
  for (auto& s : a) s->reset();
  EXPECT_EQ(a[0]->order(), std::vector<int64_t>(identity.begin(), identity.begin() + 25));
}

TEST(PartitionedArrayDataSet, StateResumesExactlyOnEveryRank) {
  for (int world = 1; world <= 4; ++world) {
    const int64_t n = 37, batch = 6;
    Sets run = makeRanks(n, world, 3);
    for (auto& s : run) s->shuffle();
    rest(run, batch);  // epoch 1
    for (auto& s : run) s->shuffle();
    step(run, batch);
    step(run, batch);
    const std::string state = run[0]->state();
    for (auto& s : run) EXPECT_EQ(s->state(), state) << "the state is the same text on every rank";
    EXPECT_NE(state.find("epoch 2"), std::string::npos) << state;
    EXPECT_NE(state.find("position 12"), std::string::npos) << state;

    // Built with another seed: setState restores the run's.
    Sets resumed = makeRanks(n, world, 99);
    for (auto& s : resumed) s->setState(state);
    EXPECT_EQ(rest(resumed, batch), rest(run, batch)) << "world " << world;
    for (auto* sets : {&run, &resumed})
      for (auto& s : *sets) s->shuffle();
    EXPECT_EQ(rest(resumed, batch), rest(run, batch)) << "the next epoch too, world " << world;
  }
}

TEST(PartitionedArrayDataSet, StateFromAnotherWorldContinuesAtThePosition) {
  Sets two = makeRanks(20, 2);
  for (auto& s : two) s->shuffle();
  step(two, 8);
  Sets three = makeRanks(20, 3);
  for (auto& s : three) s->setState(two[0]->state());
  EXPECT_EQ(three[0]->position(), 8);
  int64_t records = 0;
  for (const auto& b : rest(three, 8))
    for (const auto& part : b) records += static_cast<int64_t>(part.size());
  EXPECT_EQ(records, 12);
}

TEST(PartitionedArrayDataSet, TransformerAndOneRankNextBatch) {
  Sets one = makeRanks(5, 1);
  one[0]->setTransformer(std::make_shared<Scale<double>>(2.0));
  one[0]->reset();
  const MiniBatch<double> b = one[0]->nextBatch(3);
  ASSERT_EQ(b.size(), 3);
  EXPECT_EQ(b.input().data()[2], 2.0);  // record 1's first feature, scaled
  EXPECT_EQ(b.target().data()[1], 1.0);
}

// Every rank's rows of one pass (shuffled or not) over data sets held as shared pointers, checked as step()
// checks them: the ids by rank.
std::vector<int64_t> pass(const std::vector<std::shared_ptr<PartitionedArrayDataSet<double>>>& sets,
                          bool shuffle, int64_t batch) {
  const int world = static_cast<int>(sets.size());
  for (auto& s : sets) shuffle ? s->shuffle() : s->reset();
  std::vector<int64_t> ids;
  while (sets[0]->position() < sets[0]->size()) {
    const int64_t global = std::min(batch, sets[0]->size() - sets[0]->position());
    int64_t sum = 0;
    for (int r = 0; r < world; ++r) {
      const MiniBatch<double> b = sets[r]->nextBatchPart(batch, r, world);
      for (int64_t i = 0; i < b.size(); ++i) {
        ids.push_back(static_cast<int64_t>(b.input().data()[2 * i]));
        EXPECT_EQ(b.target().data()[i], static_cast<double>(ids.back() % 7));
      }
      sum += b.size();
    }
    EXPECT_EQ(sum, global) << "the parts sum to the global batch";
  }
  return ids;
}

TEST(PartitionedArrayDataSet, SplitHeldOutHoldsOutTheSameRowsOnEveryWorld) {
  const HoldOut holdOut(0.25, 6);
  for (int64_t n : {37, 100}) {
    std::vector<int64_t> expectHeld, expectKept;
    for (int64_t i = 0; i < n; ++i) (holdOut.heldOut(0, i) ? expectHeld : expectKept).push_back(i);
    for (int world = 1; world <= 4; ++world) {
      SCOPED_TRACE(std::to_string(n) + " rows on " + std::to_string(world) + " ranks");
      Sets ranks = makeRanks(n, world);
      // The exchange: every rank's count of the side being built (first the kept rows, then the held-out).
      std::vector<int64_t> keptCounts, heldCounts;
      for (auto& r : ranks) {
        const auto sides = splitRows(r->local(), holdOut, r->firstRow());
        keptCounts.push_back(sides.first.size());
        heldCounts.push_back(sides.second.size());
      }
      std::vector<std::shared_ptr<PartitionedArrayDataSet<double>>> kept, held;
      for (auto& r : ranks) {
        int calls = 0;
        auto [k, h] = splitHeldOut(*r, holdOut, [&](int64_t mine) {
          const std::vector<int64_t>& all = calls++ == 0 ? keptCounts : heldCounts;
          EXPECT_EQ(all[static_cast<size_t>(r->rank())], mine);
          return all;
        });
        EXPECT_EQ(calls, world == 1 ? 0 : 2);
        kept.push_back(k);
        held.push_back(h);
      }
      std::vector<int64_t> validated = pass(held, false, 5);
      std::sort(validated.begin(), validated.end());
      EXPECT_EQ(validated, expectHeld);
      std::vector<int64_t> trained = pass(kept, true, 7);
      std::sort(trained.begin(), trained.end());
      EXPECT_EQ(trained, expectKept);
    }
  }
  Sets two = makeRanks(10, 2);
  expectError([&] { splitHeldOut(*two[0], holdOut, nullptr); }, {"rank 0 of 2 needs allGatherCounts"});
}

TEST(PartitionedArrayDataSet, Errors) {
  Sets two = makeRanks(10, 2);
  expectError([&] { two[0]->nextBatch(4); },
              {"holds rank 0's rows of 2 ranks", "nextBatchPart(records, 0, 2)"});
  expectError([&] { two[0]->nextBatchPart(4, 1, 2); }, {"asked for rank 1 of 2", "rank 0 of 2"});
  expectError([&] { two[0]->nextBatchPart(0, 0, 2); }, {"batch size must be positive"});
  const LabeledData<double> all = records(10);
  expectError([&] { PartitionedArrayDataSet<double>(all, 10, 1, 2); },
              {"rank 1 of 2 holds rows [5, 10) of 10 records, 5 rows", "features [10, 2]"});
  expectError([&] { PartitionedArrayDataSet<double>(records(0), 0, 0, 1); }, {"no records"});
  expectError(
      [&] {
        PartitionedArrayDataSet<double>(records(2), std::vector<int64_t>{2, 3}, 1);
      },
      {"rank 1 of 2 holds rows [2, 5) of 5 records, 3 rows", "features [2, 2]"});
  expectError([&] { PartitionedArrayDataSet<double>(records(3), std::vector<int64_t>{3}, 1); },
              {"rank 1 is not in a world of 1 ranks"});

  two[0]->shuffle();
  step(two, 4);
  const std::string before = two[0]->state();
  expectError([&] { two[0]->setState("ringdl.ArrayDataSet 1\nrecords 10\n"); },
              {"not a PartitionedArrayDataSet state"});
  Sets other = makeRanks(11, 2);
  expectError([&] { two[0]->setState(other[0]->state()); },
              {"saved for a data set of 11 records but this one has 10"});
  std::string bad = before;
  bad.replace(bad.find("position 4"), 10, "position x");
  expectError([&] { two[0]->setState(bad); }, {"malformed state ('position' is 'x')"});
  EXPECT_EQ(two[0]->state(), before) << "a rejected state leaves the data set unchanged";
}

}  // namespace
}  // namespace ringdl
