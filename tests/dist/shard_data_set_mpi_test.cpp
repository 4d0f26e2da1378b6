// ShardDataSet under mpirun: ranks read their own shards (or, with fewer shards than ranks, their own records
// of every shard), learn each other's record counts through the communicator, and between them use every
// record exactly once per epoch, with batch parts that always sum to the global batch. Held-out records
// (HoldOut) of shard sets and of partitioned rows are the same records on every world size, and disjoint
// from the records trained on.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "ringdl/data/partitioned_data_set.h"
#include "ringdl/data/shard_data_set.h"
#include "ringdl/data/shard_set.h"
#include "ringdl/data/tfrecord.h"
#include "ringdl/dist/mpi_communicator.h"
#include "ringdl/util/error.h"

namespace ringdl {
namespace {

MpiCommunicator& world() {
  static MpiCommunicator comm(MpiOptions().timeout(60));
  return comm;
}

// Records hold their id as text; the features are [id], the label id % 10.
class IdDecoder : public RecordDecoder<float> {
 public:
  void decode(const RecordView& record, const std::string& file, DecodedRecord<float>& out) override {
    const int64_t id = std::stoll(std::string(record.value));
    out.features.assign(1, static_cast<float>(id));
    out.shape = {1};
    out.label = static_cast<float>(id % 10);
  }
  std::string describe() const override { return "ids"; }
};

// A directory every rank sees: rank 0's process id names it, rank 0 writes the shards.
std::string sharedDir(const std::string& name) {
  Tensor<double> pid({1});
  pid.data()[0] = static_cast<double>(::getpid());
  world().broadcast(pid, 0);
  const char* base = std::getenv("TMPDIR");
  return std::string(base && *base ? base : "/tmp") + "/ringdl_shard_mpi_" +
         std::to_string(static_cast<int64_t>(pid.data()[0])) + "_" + name;
}

// Shards of the given sizes holding ids 0, 1, 2, ... (written by rank 0); returns their paths.
std::vector<std::string> writeShards(const std::string& dir, const std::vector<int>& sizes) {
  std::vector<std::string> paths;
  int id = 0;
  for (size_t s = 0; s < sizes.size(); ++s) {
    char name[32];
    std::snprintf(name, sizeof name, "/part-%05zu.tfrecord", s);
    paths.push_back(dir + name);
  }
  if (world().rank() == 0) {
    std::filesystem::create_directories(dir);
    for (size_t s = 0; s < sizes.size(); ++s) {
      TFRecordWriter writer(paths[s]);
      for (int i = 0; i < sizes[s]; ++i) writer.write(std::to_string(id++));
      writer.close();
    }
  }
  world().barrier();
  return paths;
}

AllGatherCounts gatherCounts() {
  return [](int64_t mine) {
    MpiCommunicator& comm = world();
    Tensor<double> all({static_cast<int64_t>(comm.size())});
    all.zero();
    all.data()[comm.rank()] = static_cast<double>(mine);
    comm.allGather(all);
    std::vector<int64_t> counts;
    for (int r = 0; r < comm.size(); ++r) counts.push_back(static_cast<int64_t>(all.data()[r]));
    return counts;
  };
}

void everyRecordOncePerEpoch(const std::string& name, const std::vector<int>& sizes, int64_t batch) {
  SCOPED_TRACE(name + ", batch " + std::to_string(batch));
  const int rank = world().rank(), size = world().size();
  const std::string dir = sharedDir(name);
  const std::vector<std::string> shards = writeShards(dir, sizes);
  int64_t total = 0;
  for (int n : sizes) total += n;
  {
    ShardDataSet<float> set(shards, recordReaderFactory(ShardFormat::kTFRecord),
                            std::make_shared<IdDecoder>(),
                            ShardDataSetOptions()
                                .withRank(rank, size)
                                .withSeed(5)
                                .withShuffleBuffer(4)
                                .withPrefetch(2, 3)
                                .withAllGatherCounts(gatherCounts()));
    ASSERT_EQ(set.size(), total);
    for (int epoch = 1; epoch <= 2; ++epoch) {
      set.shuffle();
      Tensor<double> seen({total});
      seen.zero();
      while (set.position() < set.size()) {
        const int64_t want = std::min(batch, set.size() - set.position());
        const MiniBatch<float> part = set.nextBatchPart(batch, rank, size);
        Tensor<double> records({1});
        records.data()[0] = static_cast<double>(part.size());
        world().allReduce(records);
        ASSERT_EQ(static_cast<int64_t>(records.data()[0]), want) << "epoch " << epoch;
        for (int64_t i = 0; i < part.size(); ++i) {
          const auto id = static_cast<int64_t>(part.input().data()[i]);
          ASSERT_TRUE(id >= 0 && id < total) << id;
          seen.data()[id] += 1;
          EXPECT_EQ(part.target().data()[i], static_cast<float>(id % 10));
        }
      }
      world().allReduce(seen);
      for (int64_t id = 0; id < total; ++id)
        ASSERT_EQ(seen.data()[id], 1.0)
            << "record " << id << " in epoch " << epoch << " on " << size << " ranks";
    }
  }
  world().barrier();
  if (rank == 0) std::filesystem::remove_all(dir);
}

// How often each of `total` ids was read by all ranks in one pass (shuffled or not) over `set`, whose
// features are [id].
std::vector<double> readCounts(DataSet<float>& set, int64_t total, bool shuffle, int64_t batch) {
  const int rank = world().rank(), size = world().size();
  shuffle ? set.shuffle() : set.reset();
  Tensor<double> seen({total});
  seen.zero();
  while (set.position() < set.size()) {
    const MiniBatch<float> part = set.nextBatchPart(batch, rank, size);
    for (int64_t i = 0; i < part.size(); ++i) {
      const auto id = static_cast<int64_t>(part.input().data()[i]);
      EXPECT_TRUE(id >= 0 && id < total) << id;
      if (id >= 0 && id < total) seen.data()[id] += 1;
    }
  }
  world().allReduce(seen);
  return seen.toVector();
}

// Every id on the held-out side once when `heldOut(id)`, on the training side once otherwise.
void expectSides(const std::vector<double>& trained, const std::vector<double>& validated,
                 const std::function<bool(int64_t)>& heldOut) {
  for (int64_t id = 0; id < static_cast<int64_t>(trained.size()); ++id) {
    const bool held = heldOut(id);
    ASSERT_EQ(validated[static_cast<size_t>(id)], held ? 1.0 : 0.0)
        << "record " << id << " on " << world().size() << " ranks";
    ASSERT_EQ(trained[static_cast<size_t>(id)], held ? 0.0 : 1.0)
        << "record " << id << " on " << world().size() << " ranks";
  }
}

TEST(ShardDataSetMpi, HeldOutShardRecordsAreTheSameOnEveryWorldAndNeverTrainedOn) {
  const int rank = world().rank(), size = world().size();
  const std::vector<int> sizes = {13, 22, 9, 31, 1};
  const std::string dir = sharedDir("held");
  const std::vector<std::string> shards = writeShards(dir, sizes);
  const HoldOut holdOut(0.3, 21);
  // The reference: from the shards' names and the records' places only, as on one rank.
  std::vector<bool> reference;
  for (size_t s = 0; s < shards.size(); ++s)
    for (int j = 0; j < sizes[s]; ++j)
      reference.push_back(holdOut.heldOut(HoldOut::shardSource(shards[s]), j));
  {
    auto open = [&](SplitPart part) {
      return ShardDataSet<float>(shards, recordReaderFactory(ShardFormat::kTFRecord),
                                 std::make_shared<IdDecoder>(),
                                 ShardDataSetOptions()
                                     .withRank(rank, size)
                                     .withSeed(5)
                                     .withShuffleBuffer(4)
                                     .withAllGatherCounts(gatherCounts())
                                     .withHoldOut(holdOut, part));
    };
    ShardDataSet<float> train = open(SplitPart::kTraining), held = open(SplitPart::kHeldOut);
    const auto total = static_cast<int64_t>(reference.size());
    const std::vector<double> validated = readCounts(held, total, false, 6);
    for (int epoch = 1; epoch <= 2; ++epoch)
      expectSides(readCounts(train, total, true, 7), validated,
                  [&](int64_t id) { return reference[static_cast<size_t>(id)]; });
  }
  world().barrier();
  if (rank == 0) std::filesystem::remove_all(dir);
}

TEST(ShardDataSetMpi, HeldOutRowsOfAPartitionAreTheSameOnEveryWorldAndNeverTrainedOn) {
  const int rank = world().rank(), size = world().size();
  const int64_t n = 101;
  const HoldOut holdOut(0.2, 8);
  // This rank's rows of the ids 0..n-1, as openHdf5Partition reads a file's rows.
  const BatchPart mine = partitionRows(n, rank, size);
  LabeledData<float> local;
  local.features = Tensor<float>({mine.length, 1});
  local.labels = Tensor<float>({mine.length});
  for (int64_t i = 0; i < mine.length; ++i) {
    local.features.data()[i] = static_cast<float>(mine.offset + i);
    local.labels.data()[i] = static_cast<float>((mine.offset + i) % 10);
  }
  const PartitionedArrayDataSet<float> rows(local, n, rank, size, 3);
  auto [train, held] = splitHeldOut(rows, holdOut, gatherCounts());
  const std::vector<double> validated = readCounts(*held, n, false, 6);
  for (int epoch = 1; epoch <= 2; ++epoch)
    expectSides(readCounts(*train, n, true, 9), validated,
                [&](int64_t id) { return holdOut.heldOut(0, id); });
}

TEST(ShardDataSetMpi, OneShardSplitByRecords) { everyRecordOncePerEpoch("one", {23}, 7); }

TEST(ShardDataSetMpi, FewerShardsThanSomeWorldsWithAnEmptyOne) {
  everyRecordOncePerEpoch("three", {5, 0, 9}, 4);
}

TEST(ShardDataSetMpi, MoreShardsThanRanksOfUnevenSizes) {
  everyRecordOncePerEpoch("six", {2, 1, 2, 11, 0, 7}, 5);
  everyRecordOncePerEpoch("six-big-batch", {2, 1, 2, 11, 0, 7}, 64);
}

}  // namespace
}  // namespace ringdl
