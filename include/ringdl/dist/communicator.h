// Communicator: the collectives data-parallel training needs (sum, reduce-scatter, all-gather, broadcast,
// barrier) on flat float and double tensors, whatever carries them (MPI, or nothing in a one-rank world).
#pragma once

#include <cstdint>
#include <string>

#include "ringdl/dist/wire_format.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl {

/// The part [begin, end) of a flat buffer of n elements that one rank owns in a world of `size` ranks.
///
/// Every rank gets n / size elements and the first n % size ranks one more, in rank order, so the slices are
/// consecutive, disjoint and cover the buffer: rank r begins at r * (n / size) + min(r, n % size). When n is
/// smaller than the world, ranks 0..n-1 own one element each and the others an empty slice (begin == end, at
/// n); n == 0 gives every rank the empty slice [0, 0). reduceScatter and allGather use exactly these slices,
/// and so does the ring all-reduce internally.
struct Slice {
  int64_t begin = 0;
  int64_t end = 0;
  int64_t size() const { return end - begin; }
  bool empty() const { return end == begin; }
};
Slice sliceOf(int64_t n, int rank, int size);

/// A group of `size()` ranks that call the same collectives in the same order with tensors of the same number
/// of elements (the MPI contract). Every operation works in place on a contiguous tensor of any shape, read
/// as a flat buffer of numel() elements; a non-contiguous view is a ringdl::Error.
///
/// Not thread-safe: calls on one communicator must not overlap. A failed operation (a peer error or timeout)
/// throws ringdl::Error, and the communicator then refuses further calls.
class Communicator {
 public:
  virtual ~Communicator() = default;
  Communicator() = default;
  Communicator(const Communicator&) = delete;
  Communicator& operator=(const Communicator&) = delete;

  /// This process's rank, 0 <= rank() < size().
  virtual int rank() const = 0;
  /// The number of ranks in the world.
  virtual int size() const = 0;
  /// One line saying which rank this is and where that came from, for logs.
  virtual std::string describe() const = 0;
  /// Whether collectives may be called from a thread other than the one that created the communicator (one
  /// thread at a time, never overlapping), which a communication thread needs. MPI needs
  /// MPI_THREAD_SERIALIZED for it.
  virtual bool callableFromAnotherThread() const { return true; }

  /// Every rank's tensor becomes the elementwise sum over all ranks. All ranks end with bit-identical values.
  /// With a 16-bit wire (float only; kNative for double, otherwise a ringdl::Error) partial sums are rounded
  /// to 16 bits between ranks but added in float32, and the result is a 16-bit value on every rank.
  void allReduce(Tensor<float>& tensor, WireFormat wire = WireFormat::kNative);
  void allReduce(Tensor<double>& tensor, WireFormat wire = WireFormat::kNative);

  /// Sums as allReduce does, but each rank only receives its own slice: afterwards
  /// tensor[slice(numel)] on rank r holds the sum of that slice over all ranks, and the rest of the tensor
  /// holds unspecified partial sums. The wire format applies as in allReduce (the slice stays float32).
  void reduceScatter(Tensor<float>& tensor, WireFormat wire = WireFormat::kNative);
  void reduceScatter(Tensor<double>& tensor, WireFormat wire = WireFormat::kNative);

  /// The reverse: on entry only tensor[slice(numel)] of each rank matters; afterwards every rank's whole
  /// tensor holds every rank's slice. Data moves exactly (there is no 16-bit wire for gathers).
  void allGather(Tensor<float>& tensor);
  void allGather(Tensor<double>& tensor);

  /// Every rank's tensor becomes root's tensor.
  void broadcast(Tensor<float>& tensor, int root);
  void broadcast(Tensor<double>& tensor, int root);

  /// Returns once every rank has entered the barrier.
  void barrier();

  /// This rank's slice of a flat buffer of n elements (see sliceOf).
  Slice slice(int64_t n) const { return sliceOf(n, rank(), size()); }

 protected:
  // The hooks an implementation writes. Arguments are already checked: data is contiguous (possibly null
  // when n == 0), 0 <= root < size(), and the wire is kNative for double.
  virtual void doAllReduce(float* data, int64_t n, WireFormat wire) = 0;
  virtual void doAllReduce(double* data, int64_t n, WireFormat wire) = 0;
  virtual void doReduceScatter(float* data, int64_t n, WireFormat wire) = 0;
  virtual void doReduceScatter(double* data, int64_t n, WireFormat wire) = 0;
  virtual void doAllGather(float* data, int64_t n) = 0;
  virtual void doAllGather(double* data, int64_t n) = 0;
  virtual void doBroadcast(float* data, int64_t n, int root) = 0;
  virtual void doBroadcast(double* data, int64_t n, int root) = 0;
  virtual void doBarrier() = 0;

 private:
  template <typename T>
  T* checkedData(Tensor<T>& tensor, const char* operation, WireFormat wire) const;
};

}  // namespace ringdl
