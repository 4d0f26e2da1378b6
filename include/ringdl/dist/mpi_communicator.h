// MpiCommunicator: the Communicator over Open MPI, with RingDL's own segmented, pipelined ring all-reduce.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ringdl/dist/communicator.h"

namespace ringdl {

/// The thread support MPI granted (MPI_THREAD_SINGLE ... MPI_THREAD_MULTIPLE).
enum class MpiThreadLevel { kSingle, kFunneled, kSerialized, kMultiple };
std::string toString(MpiThreadLevel level);

/// kRing: RingDL's ring (the default). kMpi: the MPI library's own MPI_Allreduce, for comparison and as an
/// escape hatch; it is a blocking MPI call (no timeout) and takes no 16-bit wire.
enum class AllReduceAlgorithm { kRing, kMpi };

struct MpiOptions {
  /// Ring segment size in bytes of the tensor's own type: a chunk travels in segments of this size so that
  /// adding one received segment overlaps the transfer of the next. Smaller segments pipeline more finely but
  /// every message costs a rendezvous; 4 MiB with 2 in flight was the best trade-off measured over 2 and 4
  /// ranks (256 KiB to 64 MiB, 1 to 8 in flight; docs/distributed.md).
  int64_t segmentBytes = 4 * 1024 * 1024;
  /// Segments in flight per direction (receive slots and unanswered sends).
  int segmentsInFlight = 2;
  /// A wait that sees no progress for this long is a ringdl::Error naming the peer(s) waited for, so a dead
  /// or stuck rank never hangs the others. Must be positive.
  double timeoutSeconds = 600;
  AllReduceAlgorithm algorithm = AllReduceAlgorithm::kRing;

  MpiOptions& segment(int64_t bytes) {
    segmentBytes = bytes;
    return *this;
  }
  MpiOptions& inFlight(int segments) {
    segmentsInFlight = segments;
    return *this;
  }
  MpiOptions& timeout(double seconds) {
    timeoutSeconds = seconds;
    return *this;
  }
  MpiOptions& allReduceAlgorithm(AllReduceAlgorithm value) {
    algorithm = value;
    return *this;
  }
};

/// All ranks of MPI_COMM_WORLD, on a private duplicate of it (so RingDL's messages never meet the
/// application's) whose errors return codes: every MPI error becomes a ringdl::Error naming the MPI call and
/// the peer rank.
///
/// The first MpiCommunicator initialises MPI if the application has not (MPI_Init_thread asking for
/// MPI_THREAD_MULTIPLE; threadLevel() says what was granted) and RingDL then finalises it at process exit.
/// Rank and size come from MPI; the launcher's variables are cross-checked when set, and a disagreement is a
/// ringdl::Error: OMPI_COMM_WORLD_RANK/SIZE (mpirun), else PMI_RANK/PMI_SIZE (MPICH's Hydra), else
/// SLURM_PROCID/SLURM_NTASKS (srun). Slurm's variables are not checked under mpirun, where they describe the
/// allocation rather than the ranks (every rank that mpirun starts on a node inherits the batch step's
/// SLURM_PROCID).
class MpiCommunicator : public Communicator {
 public:
  explicit MpiCommunicator(const MpiOptions& options = {});
  ~MpiCommunicator() override;

  int rank() const override;
  int size() const override;
  std::string describe() const override;
  /// True when MPI granted MPI_THREAD_SERIALIZED or more.
  bool callableFromAnotherThread() const override;
  /// The thread support MPI_Init_thread granted (or MPI_Query_thread, when the application initialised MPI).
  /// A communication thread needs kSerialized at least (kMultiple if other threads call MPI too).
  MpiThreadLevel threadLevel() const;
  /// True if RingDL initialised MPI in this process (and so finalises it at exit).
  static bool initialisedByRingDL();
  const MpiOptions& options() const;

 protected:
  void doAllReduce(float* data, int64_t n, WireFormat wire) override;
  void doAllReduce(double* data, int64_t n, WireFormat wire) override;
  void doReduceScatter(float* data, int64_t n, WireFormat wire) override;
  void doReduceScatter(double* data, int64_t n, WireFormat wire) override;
  void doAllGather(float* data, int64_t n) override;
  void doAllGather(double* data, int64_t n) override;
  void doBroadcast(float* data, int64_t n, int root) override;
  void doBroadcast(double* data, int64_t n, int root) override;
  void doBarrier() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// True when a launcher started this process as one of its ranks: OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK
/// is set, or SLURM_NTASKS is above 1.
bool launchedAsRanks();
/// For a program's fatal error in a run of several ranks, whose peers would otherwise wait in their next
/// collective until the timeout: if MPI is running with more than one rank, writes "ringdl: error on rank R of
/// N: message" to stderr and calls MPI_Abort on MPI_COMM_WORLD, which ends every rank with exitCode and does not
/// return. Otherwise (no MPI, or one rank) it does nothing and returns.
void abortAllRanks(const std::string& message, int exitCode);
/// An MpiCommunicator when launchedAsRanks(), otherwise a LocalCommunicator (which needs no MPI start-up).
std::unique_ptr<Communicator> makeWorldCommunicator(const MpiOptions& options = {});

}  // namespace ringdl
