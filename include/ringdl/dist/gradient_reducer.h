// GradientReducer<T>: sums a model's flat gradient across ranks in buckets, starting each bucket on a
// communication thread as soon as backward has finished the layers it covers (PyTorch DDP's Reducer).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ringdl/dist/communicator.h"
#include "ringdl/nn/module.h"

namespace ringdl {

struct GradientReducerOptions {
  /// Target bucket size in bytes of T. Buckets are runs of whole parameters taken from the end of the flat
  /// buffer (the layers backward reaches first); a bucket closes once it holds at least this many bytes, so
  /// a single large parameter makes a bucket of its own. 0 makes one bucket of the whole buffer.
  int64_t bucketBytes = 25 * 1024 * 1024;
  /// Reduce buckets on a communication thread while backward runs. Without it (or when the communicator
  /// cannot be called from another thread) finish() reduces every bucket on the calling thread.
  bool overlap = true;
  /// kAllReduce: every rank ends with the whole summed gradient. kReduceScatter: each rank ends with the sum
  /// of its own slice of every bucket only (ownedRanges()), for the sharded optimizer state.
  enum class Mode { kAllReduce, kReduceScatter } mode = Mode::kAllReduce;
  /// The wire format of the sums (float only; see Communicator::allReduce).
  WireFormat wire = WireFormat::kNative;
};

/// One iteration:
///
///   reducer.begin(scale);        // gradients zeroed, before backward
///   model.backward(...);         // each layer's backward hook marks its parameters ready
///   reducer.finish();            // reduces what is left, waits for every bucket, rethrows a failure
///
/// Every rank must build the reducer over the same model structure: buckets are reduced in the same fixed
/// order on every rank (from the end of the buffer), whatever order the hooks fire in, so the ranks'
/// collective calls always match. A rank that runs no backward (an empty part of a small batch) simply calls
/// finish().
///
/// Construction installs backward hooks on every module that has parameters (replacing any hook already
/// there); destruction removes them and stops the thread. The communicator must not be used by anyone else
/// between begin() and finish().
template <typename T>
class GradientReducer {
 public:
  /// grads is the model's flat gradient buffer (Module::getParameters().second).
  GradientReducer(Communicator& comm, Module<T>& model, Tensor<T> grads,
                  const GradientReducerOptions& options);
  ~GradientReducer();
  GradientReducer(const GradientReducer&) = delete;
  GradientReducer& operator=(const GradientReducer&) = delete;

  /// Starts an iteration: every bucket is multiplied by scale before it is summed (this rank's share of the
  /// global batch; 1 skips the pass).
  void begin(double scale);
  /// Marks every parameter ready, waits until every bucket is reduced and rethrows the first error.
  void finish();

  /// The buckets as [begin, end) ranges of the flat buffer, in reduction order.
  std::vector<Slice> buckets() const;
  /// With kReduceScatter: this rank's slice of every bucket, in flat-buffer coordinates, by increasing
  /// offset. Their total is the size of this rank's shard.
  std::vector<Slice> ownedRanges() const;
  /// Whether buckets are reduced on the communication thread.
  bool overlapping() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

extern template class GradientReducer<float>;
extern template class GradientReducer<double>;

}  // namespace ringdl
