// MpiCommunicator: MPI start-up and shutdown, the launcher cross-check, MPI errors as ringdl::Error, bounded
// waits, and the collectives (the sums through RingDL's ring).
#include "ringdl/dist/mpi_communicator.h"

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "mpi_context.h"
#include "ring_all_reduce.h"
#include "ringdl/dist/local_communicator.h"
#include "ringdl/util/error.h"

namespace ringdl {
namespace detail {

// ---- the one place MPI return codes become exceptions ----

void checkMpi(int rc, const char* call, int peer, const std::string& where) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING + 1] = {0};
  int length = 0;
  if (MPI_Error_string(rc, text, &length) != MPI_SUCCESS)
    std::snprintf(text, sizeof text, "error code %d", rc);
  int errorClass = rc;
  if (MPI_Error_class(rc, &errorClass) != MPI_SUCCESS) errorClass = rc;
  const std::string withPeer = peer >= 0 ? " with rank " + std::to_string(peer) : std::string();
  const char* hint =
      errorClass == MPI_ERR_TRUNCATE ? " (did every rank pass a tensor of the same size?)" : "";
  RINGDL_FAIL(call, withPeer, " failed", where.empty() ? "" : " ", where, ": ", text, hint);
}

void MpiContext::check(int rc, const char* call, int peer) const {
  if (rc == MPI_SUCCESS) return;
  checkMpi(rc, call, peer, "on rank " + std::to_string(rank) + " of " + std::to_string(size));
}

int MpiContext::waitAny(int count, MPI_Request* requests, const int* peers, MPI_Status* status,
                        const char* operation, const std::string& waitingFor) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  double waited = 0;
  for (uint64_t polls = 1;; ++polls) {
    int index = MPI_UNDEFINED, done = 0;
    const int rc = MPI_Testany(count, requests, &index, &done, status);
    if (rc != MPI_SUCCESS) {
      const int peer = index >= 0 && index < count && peers ? peers[index] : -1;
      check(rc, "MPI_Testany", peer);
    }
    if (done) return index;
    // Spin first (a peer a few microseconds behind is the common case), then give the core away: ranks share
    // cores with each other, with their own communication thread and with other work, and a rank spinning
    // while the peer it waits for wants that core slowed 2-rank training on 2 busy cores fifteenfold.
    if (polls < kSpinPolls) continue;
    if (polls % 64 == 0) {
      // Reading the clock costs little next to an MPI progress call, but there is no need to do it each time.
      waited = std::chrono::duration<double>(Clock::now() - start).count();
      if (waited > timeoutSeconds) {
        const std::string why = std::string(operation) + ": no progress for " +
                                std::to_string(waited).substr(0, 6) + " s on rank " + std::to_string(rank) +
                                " waiting for " + waitingFor +
                                ": a rank has died, stopped answering, or called a different collective";
        fail(why);
        RINGDL_FAIL(why);
      }
    }
    if (waited < kYieldSeconds) {
      std::this_thread::yield();
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(kSleepMicroseconds));
    }
  }
}

void MpiContext::wait(MPI_Request* request, int peer, const char* operation, const std::string& waitingFor) {
  MPI_Status status;
  waitAny(1, request, &peer, &status, operation, waitingFor);
}

void MpiContext::abandon(int count, MPI_Request* requests, const bool* isReceive) {
  for (int i = 0; i < count; ++i) {
    if (requests[i] == MPI_REQUEST_NULL) continue;
    if (isReceive[i]) MPI_Cancel(&requests[i]);  // best effort: the context is failed either way
    MPI_Request_free(&requests[i]);
  }
}

void* MpiContext::scratch(int64_t bytes) {
  if (bytes <= scratchBytes_) return scratch_;
  if (!failed()) std::free(scratch_);
  const size_t rounded = static_cast<size_t>((bytes + 63) / 64 * 64);
  scratch_ = std::aligned_alloc(64, rounded);
  RINGDL_CHECK(scratch_ != nullptr, "out of memory for ", rounded, " bytes of communication buffers");
  scratchBytes_ = static_cast<int64_t>(rounded);
  return scratch_;
}

void MpiContext::fail(const std::string& why) {
  if (failure_.empty()) failure_ = why;
}

void MpiContext::ensureUsable(const char* operation) const {
  RINGDL_CHECK(failure_.empty(), operation, ": this communicator failed earlier and cannot be used again (",
               failure_, ")");
}

MpiContext::~MpiContext() {
  // An abandoned request may still write into the scratch block, so a failed context leaks it.
  if (!failed()) std::free(scratch_);
}

}  // namespace detail

namespace {

// ---- MPI start-up, once per process ----

class MpiRuntime {
 public:
  static MpiRuntime& instance() {
    static MpiRuntime runtime;
    return runtime;
  }

  // Initialises MPI unless the application already did. Returns the thread level granted.
  MpiThreadLevel start() {
    std::lock_guard<std::mutex> lock(mutex_);
    int initialised = 0, finalised = 0;
    detail::checkMpi(MPI_Initialized(&initialised), "MPI_Initialized");
    detail::checkMpi(MPI_Finalized(&finalised), "MPI_Finalized");
    RINGDL_CHECK(!finalised, "MpiCommunicator: MPI has already been finalised in this process");
    int provided = MPI_THREAD_SINGLE;
    if (!initialised) {
      // MPI_THREAD_MULTIPLE lets a communication thread and the training thread both use MPI; a library built
      // without it grants less (FUNNELED or SERIALIZED), which threadLevel() reports.
      detail::checkMpi(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_MULTIPLE, &provided), "MPI_Init_thread");
      // Ours now, so errors outside RingDL's own communicators return codes too instead of aborting.
      detail::checkMpi(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
      initialisedByUs_ = true;
    } else {
      detail::checkMpi(MPI_Query_thread(&provided), "MPI_Query_thread");
    }
    if (provided >= MPI_THREAD_MULTIPLE) return MpiThreadLevel::kMultiple;
    if (provided >= MPI_THREAD_SERIALIZED) return MpiThreadLevel::kSerialized;
    if (provided >= MPI_THREAD_FUNNELED) return MpiThreadLevel::kFunneled;
    return MpiThreadLevel::kSingle;
  }

  bool initialisedByUs() const { return initialisedByUs_; }

  ~MpiRuntime() {
    // Every RingDL wait is bounded, so a peer stuck inside RingDL reaches MPI_Finalize too; a dead peer makes
    // mpirun end the job.
    int finalised = 0;
    MPI_Finalized(&finalised);
    if (initialisedByUs_ && !finalised) MPI_Finalize();
  }

 private:
  std::mutex mutex_;
  bool initialisedByUs_ = false;
};

// ---- the launcher cross-check ----

// Reads an integer environment variable; returns false if it is unset. A set but malformed value is an error.
bool envInt(const char* name, long& value) {
  const char* text = std::getenv(name);
  if (!text || !*text) return false;
  char* end = nullptr;
  value = std::strtol(text, &end, 10);
  RINGDL_CHECK(end && *end == '\0', "environment variable ", name, "='", text, "' is not an integer");
  return true;
}

// Compares MPI's rank and size with the first launcher whose variables are set; returns where they came from.
std::string crossCheckLauncher(int rank, int size) {
  struct Source {
    const char* rankVar;
    const char* sizeVar;
    const char* launcher;
  };
  // mpirun first: under mpirun inside a Slurm allocation, SLURM_PROCID/SLURM_NTASKS describe the batch step
  // (every rank on a node inherits the same SLURM_PROCID), not the MPI ranks.
  const Source sources[] = {{"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "Open MPI's mpirun"},
                            {"PMI_RANK", "PMI_SIZE", "a PMI launcher"},
                            {"SLURM_PROCID", "SLURM_NTASKS", "Slurm"}};
  for (const Source& s : sources) {
    long envRank = -1, envSize = -1;
    const bool hasRank = envInt(s.rankVar, envRank);
    const bool hasSize = envInt(s.sizeVar, envSize);
    if (!hasRank && !hasSize) continue;
    RINGDL_CHECK(
        !hasSize || envSize == size, "MPI reports a world of ", size, " rank(s) but ", s.sizeVar, "=",
        envSize, " (set by ", s.launcher,
        "): ", size == 1 ? "the program was started directly instead of through srun or mpirun, or " : "",
        "this MPI library does not belong to the launcher (use the mpirun/srun --mpi=pmix of the Open MPI "
        "RingDL was built with)");
    RINGDL_CHECK(!hasRank || envRank == rank, "MPI reports rank ", rank, " but ", s.rankVar, "=", envRank,
                 " (set by ", s.launcher, "): this MPI library does not belong to the launcher");
    return std::string("checked against ") + (hasRank ? s.rankVar : "") + (hasRank && hasSize ? "/" : "") +
           (hasSize ? s.sizeVar : "");
  }
  return "no launcher variables set";
}

// MPI counts are ints; longer buffers go in pieces of this many elements.
constexpr int64_t kMaxPiece = int64_t{1} << 30;

}  // namespace

std::string toString(MpiThreadLevel level) {
  switch (level) {
    case MpiThreadLevel::kSingle:
      return "single";
    case MpiThreadLevel::kFunneled:
      return "funneled";
    case MpiThreadLevel::kSerialized:
      return "serialized";
    case MpiThreadLevel::kMultiple:
      return "multiple";
  }
  return "unknown";
}

struct MpiCommunicator::Impl {
  detail::MpiContext ctx;
  MpiOptions options;
  MpiThreadLevel threadLevel = MpiThreadLevel::kSingle;
  std::string origin;

  template <typename T>
  void allReduce(T* data, int64_t n, WireFormat wire) {
    ctx.ensureUsable("allReduce");
    if (options.algorithm == AllReduceAlgorithm::kRing)
      return detail::ringCollective(ctx, data, n, detail::RingPart::kAllReduce, wire, "allReduce");
    RINGDL_CHECK(wire == WireFormat::kNative,
                 "allReduce: AllReduceAlgorithm::kMpi takes no 16-bit wire format (", toString(wire), ")");
    for (int64_t done = 0; done < n; done += kMaxPiece) {
      const int count = static_cast<int>(std::min(kMaxPiece, n - done));
      ctx.check(MPI_Allreduce(MPI_IN_PLACE, data + done, count, detail::mpiTypeOf<T>(), MPI_SUM, ctx.comm),
                "MPI_Allreduce");
    }
  }

  template <typename T>
  void broadcast(T* data, int64_t n, int root) {
    ctx.ensureUsable("broadcast");
    const std::string waitingFor = "rank " + std::to_string(root) + " (the root) and the ranks between";
    for (int64_t done = 0; done < n; done += kMaxPiece) {
      const int count = static_cast<int>(std::min(kMaxPiece, n - done));
      MPI_Request request = MPI_REQUEST_NULL;
      ctx.check(MPI_Ibcast(data + done, count, detail::mpiTypeOf<T>(), root, ctx.comm, &request),
                "MPI_Ibcast", root);
      waitOrAbandon(&request, root, "broadcast", waitingFor);
    }
  }

  void waitOrAbandon(MPI_Request* request, int peer, const char* operation, const std::string& waitingFor) {
    try {
      ctx.wait(request, peer, operation, waitingFor);
    } catch (const Error& e) {
      const bool receive = true;  // a collective's request may be receiving into the caller's buffer
      ctx.abandon(1, request, &receive);
      ctx.fail(e.message());
      throw;
    }
  }
};

MpiCommunicator::MpiCommunicator(const MpiOptions& options) : impl_(std::make_unique<Impl>()) {
  RINGDL_CHECK(options.segmentBytes > 0, "MpiOptions: segmentBytes must be positive, got ",
               options.segmentBytes);
  RINGDL_CHECK(options.segmentsInFlight > 0, "MpiOptions: segmentsInFlight must be positive, got ",
               options.segmentsInFlight);
  RINGDL_CHECK(options.timeoutSeconds > 0, "MpiOptions: timeoutSeconds must be positive, got ",
               options.timeoutSeconds);
  impl_->options = options;
  impl_->threadLevel = MpiRuntime::instance().start();
  detail::MpiContext& ctx = impl_->ctx;
  ctx.timeoutSeconds = options.timeoutSeconds;
  ctx.segmentBytes = options.segmentBytes;
  ctx.segmentsInFlight = options.segmentsInFlight;
  detail::checkMpi(MPI_Comm_rank(MPI_COMM_WORLD, &ctx.rank), "MPI_Comm_rank");
  detail::checkMpi(MPI_Comm_size(MPI_COMM_WORLD, &ctx.size), "MPI_Comm_size");
  // Before the (collective) duplication, so that a launch problem leaves nothing behind.
  impl_->origin = crossCheckLauncher(ctx.rank, ctx.size);
  // A private duplicate: RingDL's tags never meet the application's messages, and its error handler is ours.
  // Non-blocking, so that a rank that never gets here (it failed before) is a timeout, not a hang.
  MPI_Comm comm = MPI_COMM_NULL;
  MPI_Request request = MPI_REQUEST_NULL;
  detail::checkMpi(MPI_Comm_idup(MPI_COMM_WORLD, &comm, &request), "MPI_Comm_idup(MPI_COMM_WORLD)");
  ctx.wait(&request, -1, "MpiCommunicator", "the other ranks to create their MpiCommunicator");
  ctx.comm = comm;
  ctx.check(MPI_Comm_set_errhandler(ctx.comm, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
}

MpiCommunicator::~MpiCommunicator() {
  int finalised = 0;
  MPI_Finalized(&finalised);
  // A failed communicator may still have requests in flight; freeing it could wait on them.
  if (impl_ && impl_->ctx.comm != MPI_COMM_NULL && !finalised && !impl_->ctx.failed())
    MPI_Comm_free(&impl_->ctx.comm);
}

int MpiCommunicator::rank() const { return impl_->ctx.rank; }
int MpiCommunicator::size() const { return impl_->ctx.size; }
MpiThreadLevel MpiCommunicator::threadLevel() const { return impl_->threadLevel; }
bool MpiCommunicator::callableFromAnotherThread() const {
  return impl_->threadLevel == MpiThreadLevel::kSerialized || impl_->threadLevel == MpiThreadLevel::kMultiple;
}
bool MpiCommunicator::initialisedByRingDL() { return MpiRuntime::instance().initialisedByUs(); }
const MpiOptions& MpiCommunicator::options() const { return impl_->options; }

std::string MpiCommunicator::describe() const {
  return "rank " + std::to_string(rank()) + " of " + std::to_string(size()) + " (MPI_COMM_WORLD; " +
         impl_->origin + "; thread level " + toString(impl_->threadLevel) + ")";
}

void MpiCommunicator::doAllReduce(float* data, int64_t n, WireFormat wire) {
  impl_->allReduce(data, n, wire);
}
void MpiCommunicator::doAllReduce(double* data, int64_t n, WireFormat wire) {
  impl_->allReduce(data, n, wire);
}

void MpiCommunicator::doReduceScatter(float* data, int64_t n, WireFormat wire) {
  impl_->ctx.ensureUsable("reduceScatter");
  detail::ringCollective(impl_->ctx, data, n, detail::RingPart::kReduceScatter, wire, "reduceScatter");
}
void MpiCommunicator::doReduceScatter(double* data, int64_t n, WireFormat wire) {
  impl_->ctx.ensureUsable("reduceScatter");
  detail::ringCollective(impl_->ctx, data, n, detail::RingPart::kReduceScatter, wire, "reduceScatter");
}
void MpiCommunicator::doAllGather(float* data, int64_t n) {
  impl_->ctx.ensureUsable("allGather");
  detail::ringCollective(impl_->ctx, data, n, detail::RingPart::kAllGather, WireFormat::kNative, "allGather");
}
void MpiCommunicator::doAllGather(double* data, int64_t n) {
  impl_->ctx.ensureUsable("allGather");
  detail::ringCollective(impl_->ctx, data, n, detail::RingPart::kAllGather, WireFormat::kNative, "allGather");
}
void MpiCommunicator::doBroadcast(float* data, int64_t n, int root) { impl_->broadcast(data, n, root); }
void MpiCommunicator::doBroadcast(double* data, int64_t n, int root) { impl_->broadcast(data, n, root); }

void MpiCommunicator::doBarrier() {
  impl_->ctx.ensureUsable("barrier");
  MPI_Request request = MPI_REQUEST_NULL;
  impl_->ctx.check(MPI_Ibarrier(impl_->ctx.comm, &request), "MPI_Ibarrier");
  impl_->waitOrAbandon(&request, -1, "barrier", "the other ranks to enter the barrier");
}

bool launchedAsRanks() {
  long value = 0;
  if (envInt("OMPI_COMM_WORLD_SIZE", value) || envInt("PMI_SIZE", value) || envInt("PMIX_RANK", value))
    return true;
  return envInt("SLURM_NTASKS", value) && value > 1;
}

void abortAllRanks(const std::string& message, int exitCode) {
  int initialised = 0, finalised = 0, size = 1, rank = 0;
  if (MPI_Initialized(&initialised) != MPI_SUCCESS || !initialised) return;
  if (MPI_Finalized(&finalised) != MPI_SUCCESS || finalised) return;
  if (MPI_Comm_size(MPI_COMM_WORLD, &size) != MPI_SUCCESS || size <= 1) return;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  std::fprintf(stderr, "ringdl: error on rank %d of %d: %s\n", rank, size, message.c_str());
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, exitCode);
}

std::unique_ptr<Communicator> makeWorldCommunicator(const MpiOptions& options) {
  if (launchedAsRanks()) return std::make_unique<MpiCommunicator>(options);
  return std::make_unique<LocalCommunicator>();
}

}  // namespace ringdl
