// ShardDataSet under mpirun: ranks read their own shards (or, with fewer shards than ranks, their own records
// of every shard), learn each other's record counts through the communicator, and between them use every
// record exactly once per epoch, with batch parts that always sum to the global batch.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

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
