// MpiContext: what the MPI collectives share (internal to src/dist): the private communicator, the one place
// MPI return codes become ringdl::Error, the bounded wait, and reusable scratch memory.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

namespace ringdl::detail {

/// Throws ringdl::Error if rc is not MPI_SUCCESS, naming the MPI call, the peer rank (if peer >= 0), `where`
/// (e.g. "on rank 2 of 4") and MPI's own description of the error. Every MPI return code in src/dist goes
/// through here.
void checkMpi(int rc, const char* call, int peer = -1, const std::string& where = std::string());

/// The MPI datatype of float and double.
template <typename T>
MPI_Datatype mpiTypeOf();
template <>
inline MPI_Datatype mpiTypeOf<float>() {
  return MPI_FLOAT;
}
template <>
inline MPI_Datatype mpiTypeOf<double>() {
  return MPI_DOUBLE;
}

class MpiContext {
 public:
  MPI_Comm comm = MPI_COMM_NULL;
  int rank = 0;
  int size = 1;
  double timeoutSeconds = 600;
  int64_t segmentBytes = 4 * 1024 * 1024;
  int segmentsInFlight = 2;

  /// checkMpi, saying which rank this is.
  void check(int rc, const char* call, int peer = -1) const;

  /// Waiting: spin for this many polls, then yield the core on every poll, and after this long sleep between
  /// polls (a peer that far behind is computing, not sending, and a wake-up 50-100 us late costs nothing).
  static constexpr uint64_t kSpinPolls = 2000;
  static constexpr double kYieldSeconds = 0.01;
  static constexpr int kSleepMicroseconds = 20;

  /// Waits until one of the count requests completes and returns its index (MPI_UNDEFINED if all are
  /// MPI_REQUEST_NULL). The wait is bounded: after timeoutSeconds without a completion it marks the context
  /// failed and throws ringdl::Error saying what was being waited for (`waitingFor`, e.g. "rank 2
  /// (receive)"). peers[i] is the rank request i talks to (named if it fails).
  int waitAny(int count, MPI_Request* requests, const int* peers, MPI_Status* status, const char* operation,
              const std::string& waitingFor);
  /// waitAny for a single request.
  void wait(MPI_Request* request, int peer, const char* operation, const std::string& waitingFor);

  /// Cancels pending receives and releases every request that is still active, after a failure: nothing may
  /// be left writing into memory that is about to be released.
  void abandon(int count, MPI_Request* requests, const bool* isReceive);

  /// At least `bytes` of 64-byte-aligned scratch memory, kept between calls. After a failure the old block is
  /// never freed (an abandoned request may still touch it).
  void* scratch(int64_t bytes);

  /// Marks the context unusable (an earlier error); ensureUsable() then throws.
  void fail(const std::string& why);
  void ensureUsable(const char* operation) const;
  bool failed() const { return !failure_.empty(); }

  ~MpiContext();

 private:
  void* scratch_ = nullptr;
  int64_t scratchBytes_ = 0;
  std::string failure_;
};

}  // namespace ringdl::detail
