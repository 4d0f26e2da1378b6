// MpiCommunicator under mpirun: rank and size, the launcher cross-check, reduceScatter, allGather, broadcast,
// barrier, and the errors that replace hangs (size mismatches, an absent peer).
#include "ringdl/dist/mpi_communicator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ringdl/dist/local_communicator.h"
#include "ringdl/util/error.h"

namespace ringdl {
namespace {

MpiCommunicator& world() {
  static MpiCommunicator comm(MpiOptions().timeout(60));
  return comm;
}

// Integers, so sums are exact in any order; with modulus 121 (|value| <= 60, at most 4 ranks) every partial
// sum is below 256 and exact on a bf16 wire too.
template <typename T>
T value(int64_t i, int rank, int modulus = 513) {
  return static_cast<T>((i * 31 + rank * 1009) % modulus - modulus / 2);
}

std::vector<int64_t> sizesFor(int p) { return {0, 1, std::max(p - 1, 2), p + 1, 2 * p + 3, 1000003}; }

// Sets or unsets environment variables for one scope, restoring them afterwards.
class ScopedEnv {
 public:
  void set(const char* name, const std::string& value) {
    remember(name);
    setenv(name, value.c_str(), 1);
  }
  void unset(const char* name) {
    remember(name);
    unsetenv(name);
  }
  ~ScopedEnv() {
    for (auto& [name, old] : saved_) {
      if (old.first)
        setenv(name.c_str(), old.second.c_str(), 1);
      else
        unsetenv(name.c_str());
    }
  }

 private:
  void remember(const char* name) {
    if (saved_.count(name)) return;
    const char* old = std::getenv(name);
    saved_[name] = {old != nullptr, old ? old : ""};
  }
  std::map<std::string, std::pair<bool, std::string>> saved_;
};

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

TEST(MpiCommunicator, RankSizeAndOrigin) {
  const int p = world().size(), r = world().rank();
  EXPECT_GE(p, 1);
  EXPECT_GE(r, 0);
  EXPECT_LT(r, p);
  EXPECT_EQ(std::to_string(r), std::getenv("OMPI_COMM_WORLD_RANK"));
  EXPECT_EQ(std::to_string(p), std::getenv("OMPI_COMM_WORLD_SIZE"));
  const std::string text = world().describe();
  EXPECT_NE(text.find("rank " + std::to_string(r) + " of " + std::to_string(p)), std::string::npos) << text;
  EXPECT_NE(text.find("OMPI_COMM_WORLD_RANK"), std::string::npos) << text;
  EXPECT_NE(world().threadLevel(), MpiThreadLevel::kSingle);
  EXPECT_TRUE(MpiCommunicator::initialisedByRingDL());
  EXPECT_TRUE(launchedAsRanks());
  auto chosen = makeWorldCommunicator(MpiOptions().timeout(60));
  EXPECT_NE(dynamic_cast<MpiCommunicator*>(chosen.get()), nullptr);
}

TEST(MpiCommunicator, LauncherCrossCheck) {
  const int p = world().size(), r = world().rank();
  {
    ScopedEnv env;  // as if launched by srun: no mpirun variables, Slurm's disagreeing with MPI
    env.unset("OMPI_COMM_WORLD_RANK");
    env.unset("OMPI_COMM_WORLD_SIZE");
    env.set("SLURM_PROCID", std::to_string(r));
    env.set("SLURM_NTASKS", std::to_string(p + 3));
    const std::string error = errorOf([] { MpiCommunicator c; });
    EXPECT_NE(error.find("SLURM_NTASKS=" + std::to_string(p + 3)), std::string::npos) << error;
    EXPECT_NE(error.find("world of " + std::to_string(p)), std::string::npos) << error;

    env.set("SLURM_NTASKS", std::to_string(p));
    env.set("SLURM_PROCID", std::to_string((r + 1) % (p + 1)));
    EXPECT_NE(errorOf([] { MpiCommunicator c; }).find("SLURM_PROCID"), std::string::npos);

    env.set("SLURM_PROCID", std::to_string(r));
    MpiCommunicator agreeing;  // collective (it duplicates MPI_COMM_WORLD): every rank gets here
    EXPECT_NE(agreeing.describe().find("SLURM_PROCID/SLURM_NTASKS"), std::string::npos)
        << agreeing.describe();

    env.set("SLURM_NTASKS", "four");
    EXPECT_NE(errorOf([] { MpiCommunicator c; }).find("not an integer"), std::string::npos);
  }
  {
    ScopedEnv env;  // under mpirun, a wrong OMPI_COMM_WORLD_SIZE is caught and Slurm's variables are ignored
    env.set("OMPI_COMM_WORLD_SIZE", std::to_string(p + 1));
    EXPECT_NE(errorOf([] { MpiCommunicator c; }).find("OMPI_COMM_WORLD_SIZE=" + std::to_string(p + 1)),
              std::string::npos);
    env.set("OMPI_COMM_WORLD_SIZE", std::to_string(p));
    env.set("SLURM_PROCID", "0");  // what mpirun's ranks inherit from a batch step
    env.set("SLURM_NTASKS", "1");
    MpiCommunicator underMpirun;
    EXPECT_EQ(underMpirun.size(), p);
  }
}

TEST(MpiCommunicator, RejectsBadOptions) {
  EXPECT_THROW(MpiCommunicator(MpiOptions().segment(0)), Error);
  EXPECT_THROW(MpiCommunicator(MpiOptions().inFlight(0)), Error);
  EXPECT_THROW(MpiCommunicator(MpiOptions().timeout(0)), Error);
}

template <typename T>
void checkReduceScatter(Communicator& comm, int64_t n, WireFormat wire = WireFormat::kNative) {
  const int modulus = wire == WireFormat::kNative ? 513 : 121;
  Tensor<T> t({n});
  for (int64_t i = 0; i < n; ++i) t.data()[i] = value<T>(i, comm.rank(), modulus);
  comm.reduceScatter(t, wire);
  const Slice mine = comm.slice(n);
  int64_t bad = 0;
  for (int64_t i = mine.begin; i < mine.end; ++i) {
    T expected = 0;
    for (int q = 0; q < comm.size(); ++q) expected += value<T>(i, q, modulus);
    bad += t.data()[i] != expected;
  }
  EXPECT_EQ(bad, 0) << "n = " << n << " wire " << toString(wire);
}

template <typename T>
void checkAllGather(Communicator& comm, int64_t n) {
  Tensor<T> t = Tensor<T>::full({n}, T(-12345));
  const Slice mine = comm.slice(n);
  for (int64_t i = mine.begin; i < mine.end; ++i) t.data()[i] = value<T>(i, 0) + T(comm.rank());
  comm.allGather(t);
  int64_t bad = 0;
  for (int q = 0; q < comm.size(); ++q) {
    const Slice s = sliceOf(n, q, comm.size());
    for (int64_t i = s.begin; i < s.end; ++i) bad += t.data()[i] != value<T>(i, 0) + T(q);
  }
  EXPECT_EQ(bad, 0) << "n = " << n;
}

TEST(MpiCommunicator, ReduceScatterLeavesEachRankItsSlice) {
  for (int64_t n : sizesFor(world().size())) {
    checkReduceScatter<float>(world(), n);
    checkReduceScatter<double>(world(), n);
    checkReduceScatter<float>(world(), n, WireFormat::kBf16);
    checkReduceScatter<float>(world(), n, WireFormat::kFp16);
  }
}

TEST(MpiCommunicator, AllGatherCollectsEverySlice) {
  for (int64_t n : sizesFor(world().size())) {
    checkAllGather<float>(world(), n);
    checkAllGather<double>(world(), n);
  }
  MpiCommunicator small(MpiOptions().segment(8).inFlight(1).timeout(60));
  for (int64_t n : {1, 3, 7, 50}) checkAllGather<double>(small, n);
}

TEST(MpiCommunicator, ReduceScatterThenAllGatherIsAnAllReduce) {
  // The sharded-optimizer pattern: sum, update the own slice, gather.
  const int64_t n = 12345;
  Tensor<float> t({n});
  for (int64_t i = 0; i < n; ++i) t.data()[i] = value<float>(i, world().rank());
  world().reduceScatter(t);
  world().allGather(t);
  int64_t bad = 0;
  for (int64_t i = 0; i < n; ++i) {
    float expected = 0;
    for (int q = 0; q < world().size(); ++q) expected += value<float>(i, q);
    bad += t.data()[i] != expected;
  }
  EXPECT_EQ(bad, 0);
}

TEST(MpiCommunicator, BroadcastFromEveryRoot) {
  const int p = world().size(), r = world().rank();
  for (int root = 0; root < p; ++root)
    for (int64_t n : {int64_t{0}, int64_t{5}, int64_t{1000003}}) {
      Tensor<double> d = Tensor<double>::full({n}, r == root ? 2.5 + root : -1.0);
      world().broadcast(d, root);
      int64_t bad = 0;
      for (int64_t i = 0; i < n; ++i) bad += d.data()[i] != 2.5 + root;
      EXPECT_EQ(bad, 0) << "root " << root << " n " << n;
      Tensor<float> f = Tensor<float>::full({n}, r == root ? 1.5f : 0.0f);
      world().broadcast(f, root);
      bad = 0;
      for (int64_t i = 0; i < n; ++i) bad += f.data()[i] != 1.5f;
      EXPECT_EQ(bad, 0) << "root " << root << " n " << n;
    }
  Tensor<float> t({3});
  EXPECT_THROW(world().broadcast(t, p), Error);
  EXPECT_THROW(world().broadcast(t, -1), Error);
}

TEST(MpiCommunicator, BarrierOrdersFileSystemEffects) {
  // Rank 0 writes a file before the barrier; after it, every rank must see it (one node, one file system).
  Tensor<double> id = Tensor<double>::full({1}, static_cast<double>(getpid()));
  world().broadcast(id, 0);
  const std::string path = "/tmp/ringdl_barrier_" + std::to_string(static_cast<long>(id.data()[0]));
  if (world().rank() == 0) {
    usleep(200000);  // rank 0 arrives late, so a barrier that does not wait would be seen
    std::ofstream(path) << "written before the barrier\n";
  }
  world().barrier();
  EXPECT_TRUE(std::ifstream(path).good()) << "rank " << world().rank();
  world().barrier();
  if (world().rank() == 0) std::remove(path.c_str());
  for (int i = 0; i < 50; ++i) world().barrier();
}

TEST(MpiCommunicator, DifferentSizesAreAnErrorNotAHang) {
  const int p = world().size(), r = world().rank();
  if (p == 1) GTEST_SKIP() << "needs two ranks";
  // Every rank ends with an error: a short segment, a truncated one, or (for ranks whose neighbours gave up)
  // the timeout. Small messages, so nothing is left half-sent.
  MpiCommunicator comm(MpiOptions().timeout(3));
  Tensor<float> t({r == 0 ? 2 * p : 3 * p});
  const std::string error = errorOf([&] { comm.allReduce(t); });
  EXPECT_NE(error, "(no error)");
  const bool named =
      error.find("same size") != std::string::npos || error.find("no progress") != std::string::npos;
  EXPECT_TRUE(named) << error;
  EXPECT_NE(errorOf([&] { comm.barrier(); }).find("failed earlier"), std::string::npos);
  world().barrier();
}

TEST(MpiCommunicator, AnAbsentPeerIsATimeoutNamingIt) {
  const int p = world().size(), r = world().rank();
  if (p == 1) GTEST_SKIP() << "needs two ranks";
  MpiCommunicator comm(MpiOptions().timeout(1));
  if (r == 0) {  // the others never call: rank 0 must give up after a second and say whom it waited for
    Tensor<float> t({4});
    const std::string error = errorOf([&] { comm.allReduce(t); });
    EXPECT_NE(error.find("no progress"), std::string::npos) << error;
    EXPECT_NE(error.find("rank " + std::to_string(p - 1)), std::string::npos) << error;
  }
  world().barrier();
}

}  // namespace
}  // namespace ringdl
