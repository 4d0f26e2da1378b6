// gtest main for the tests run under mpirun: every rank runs every test; rank 0 prints gtest's report, the
// other ranks print their own failures tagged with their rank, and every rank exits non-zero if any failed.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cstdio>
#include <vector>

#include "ringdl/dist/mpi_communicator.h"
#include "ringdl/util/error.h"

namespace {

// Failures on ranks other than 0 would otherwise be lost in (or interleaved with) rank 0's report.
class RankFailurePrinter : public testing::EmptyTestEventListener {
 public:
  explicit RankFailurePrinter(int rank) : rank_(rank) {}
  void OnTestPartResult(const testing::TestPartResult& result) override {
    if (!result.failed()) return;
    std::fprintf(stderr, "[rank %d] %s:%d: Failure\n%s\n", rank_,
                 result.file_name() ? result.file_name() : "?", result.line_number(), result.summary());
  }
  void OnTestEnd(const testing::TestInfo& info) override {
    if (info.result()->Failed())
      std::fprintf(stderr, "[rank %d] [  FAILED  ] %s.%s\n", rank_, info.test_suite_name(), info.name());
  }

 private:
  int rank_;
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  int rank = 0, size = 1;
  try {
    // Start MPI the way an application does: through the first MpiCommunicator.
    ringdl::MpiCommunicator world;
    rank = world.rank();
    size = world.size();
  } catch (const ringdl::Error& e) {
    std::fprintf(stderr, "cannot start MPI: %s\n", e.what());
    return 1;
  }
  if (rank != 0) {
    testing::TestEventListeners& listeners = testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new RankFailurePrinter(rank));
  }
  const int failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
  // Every rank gets here whatever its tests did, so these two blocking calls always meet their peers.
  std::vector<int> flags(size, 0);
  int anyFailed = failed;
  if (MPI_Gather(&failed, 1, MPI_INT, flags.data(), 1, MPI_INT, 0, MPI_COMM_WORLD) != MPI_SUCCESS ||
      MPI_Allreduce(&failed, &anyFailed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD) != MPI_SUCCESS) {
    std::fprintf(stderr, "[rank %d] could not collect the test results\n", rank);
    return 1;
  }
  if (rank == 0) {
    if (anyFailed) {
      std::fprintf(stderr, "FAILED on rank(s):");
      for (int r = 0; r < size; ++r)
        if (flags[r]) std::fprintf(stderr, " %d", r);
      std::fprintf(stderr, " of %d\n", size);
    } else {
      std::printf("all %d rank(s) passed\n", size);
    }
  }
  return anyFailed ? 1 : 0;
}
