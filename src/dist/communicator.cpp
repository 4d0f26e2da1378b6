// Communicator's checked public entry points, the slice rule, and LocalCommunicator.
#include "ringdl/dist/communicator.h"

#include "ringdl/data/mini_batch.h"

#include <algorithm>

#include "ringdl/dist/local_communicator.h"
#include "ringdl/util/error.h"

namespace ringdl {

Slice sliceOf(int64_t n, int rank, int size) {
  RINGDL_CHECK(size >= 1, "sliceOf: world size must be positive, got ", size);
  RINGDL_CHECK(rank >= 0 && rank < size, "sliceOf: rank ", rank, " outside a world of ", size);
  RINGDL_CHECK(n >= 0, "sliceOf: negative element count ", n);
  const BatchPart part = batchPart(n, rank, size);  // one splitting rule for buffers and batches
  return {part.offset, part.offset + part.length};
}

template <typename T>
T* Communicator::checkedData(Tensor<T>& tensor, const char* operation, WireFormat wire) const {
  RINGDL_CHECK(tensor.isContiguous(), operation,
               " needs a contiguous tensor (a flat buffer); got a strided view of ", tensor.numel(),
               " elements: pass a contiguous tensor or a narrow() of one");
  RINGDL_CHECK(sizeof(T) == sizeof(float) || wire == WireFormat::kNative, operation, ": the ", toString(wire),
               " wire format applies to float tensors only; use WireFormat::kNative for double");
  return tensor.numel() == 0 ? nullptr : tensor.data();
}

void Communicator::allReduce(Tensor<float>& tensor, WireFormat wire) {
  float* data = checkedData(tensor, "allReduce", wire);
  doAllReduce(data, tensor.numel(), wire);
}
void Communicator::allReduce(Tensor<double>& tensor, WireFormat wire) {
  double* data = checkedData(tensor, "allReduce", wire);
  doAllReduce(data, tensor.numel(), wire);
}
void Communicator::reduceScatter(Tensor<float>& tensor, WireFormat wire) {
  float* data = checkedData(tensor, "reduceScatter", wire);
  doReduceScatter(data, tensor.numel(), wire);
}
void Communicator::reduceScatter(Tensor<double>& tensor, WireFormat wire) {
  double* data = checkedData(tensor, "reduceScatter", wire);
  doReduceScatter(data, tensor.numel(), wire);
}
void Communicator::allGather(Tensor<float>& tensor) {
  doAllGather(checkedData(tensor, "allGather", WireFormat::kNative), tensor.numel());
}
void Communicator::allGather(Tensor<double>& tensor) {
  doAllGather(checkedData(tensor, "allGather", WireFormat::kNative), tensor.numel());
}
void Communicator::broadcast(Tensor<float>& tensor, int root) {
  RINGDL_CHECK(root >= 0 && root < size(), "broadcast: root ", root, " outside a world of ", size(),
               " ranks");
  doBroadcast(checkedData(tensor, "broadcast", WireFormat::kNative), tensor.numel(), root);
}
void Communicator::broadcast(Tensor<double>& tensor, int root) {
  RINGDL_CHECK(root >= 0 && root < size(), "broadcast: root ", root, " outside a world of ", size(),
               " ranks");
  doBroadcast(checkedData(tensor, "broadcast", WireFormat::kNative), tensor.numel(), root);
}
void Communicator::barrier() { doBarrier(); }

std::string LocalCommunicator::describe() const { return "rank 0 of 1 (single process, no MPI)"; }

}  // namespace ringdl
