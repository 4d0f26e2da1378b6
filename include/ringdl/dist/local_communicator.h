// LocalCommunicator: a world of one rank, so code written against Communicator runs without MPI.
#pragma once

#include "ringdl/dist/communicator.h"

namespace ringdl {

/// Rank 0 of 1. Every collective is the identity on a one-rank world, so every operation only checks its
/// arguments and returns: allReduce leaves the tensor unchanged (nothing is rounded, whatever the wire
/// format), broadcast accepts root 0 only.
class LocalCommunicator : public Communicator {
 public:
  LocalCommunicator() = default;
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::string describe() const override;

 protected:
  void doAllReduce(float*, int64_t, WireFormat) override {}
  void doAllReduce(double*, int64_t, WireFormat) override {}
  void doReduceScatter(float*, int64_t, WireFormat) override {}
  void doReduceScatter(double*, int64_t, WireFormat) override {}
  void doAllGather(float*, int64_t) override {}
  void doAllGather(double*, int64_t) override {}
  void doBroadcast(float*, int64_t, int) override {}
  void doBroadcast(double*, int64_t, int) override {}
  void doBarrier() override {}
};

}  // namespace ringdl
