// LocalCommunicator (a one-rank world) and the slice rule every communicator shares.
#include "ringdl/dist/local_communicator.h"

#include <gtest/gtest.h>

#include "ringdl/util/error.h"

namespace ringdl {
namespace {

TEST(Slice, CoversTheBufferInRankOrder) {
  for (int size = 1; size <= 9; ++size)
    for (int64_t n : {0, 1, 2, 5, 8, 9, 10, 17, 1000003}) {
      int64_t next = 0;
      for (int r = 0; r < size; ++r) {
        const Slice s = sliceOf(n, r, size);
        EXPECT_EQ(s.begin, next) << n << " " << r << " " << size;
        EXPECT_EQ(s.size(), n / size + (r < n % size ? 1 : 0));
        next = s.end;
      }
      EXPECT_EQ(next, n);
    }
  // Fewer elements than ranks: the first n ranks own one each, the rest own nothing (at the end).
  EXPECT_EQ(sliceOf(2, 1, 4).begin, 1);
  EXPECT_TRUE(sliceOf(2, 3, 4).empty());
  EXPECT_EQ(sliceOf(2, 3, 4).begin, 2);
  EXPECT_TRUE(sliceOf(0, 0, 3).empty());
  EXPECT_THROW(sliceOf(5, 2, 2), Error);
  EXPECT_THROW(sliceOf(5, 0, 0), Error);
  EXPECT_THROW(sliceOf(-1, 0, 1), Error);
}

TEST(LocalCommunicator, IsAWorldOfOne) {
  LocalCommunicator comm;
  EXPECT_EQ(comm.rank(), 0);
  EXPECT_EQ(comm.size(), 1);
  EXPECT_NE(comm.describe().find("rank 0 of 1"), std::string::npos);
  Tensor<float> f = Tensor<float>::fromVector({3}, {1.5f, -2.0f, 1.0f + 0x1p-20f});
  comm.allReduce(f);
  comm.allReduce(f, WireFormat::kBf16);  // nothing travels, so nothing is rounded
  comm.reduceScatter(f);
  comm.allGather(f);
  comm.broadcast(f, 0);
  comm.barrier();
  EXPECT_EQ(f.toVector(), (std::vector<float>{1.5f, -2.0f, 1.0f + 0x1p-20f}));
  Tensor<double> d = Tensor<double>::fromVector({2, 2}, {1, 2, 3, 4});
  comm.allReduce(d);
  comm.broadcast(d, 0);
  EXPECT_EQ(d.toVector(), (std::vector<double>{1, 2, 3, 4}));
  Tensor<float> empty;
  comm.allReduce(empty);
  EXPECT_EQ(comm.slice(7).size(), 7);
}

TEST(LocalCommunicator, ChecksArgumentsLikeEveryCommunicator) {
  LocalCommunicator comm;
  Tensor<float> m({3, 4});
  Tensor<float> t = m.transpose(0, 1);
  try {
    comm.allReduce(t);
    FAIL() << "a strided view was accepted";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("contiguous"), std::string::npos) << e.message();
  }
  EXPECT_THROW(comm.allGather(t), Error);
  Tensor<float> f({2});
  EXPECT_THROW(comm.broadcast(f, 1), Error);
  Tensor<double> d({2});
  EXPECT_THROW(comm.allReduce(d, WireFormat::kFp16), Error);
}

}  // namespace
}  // namespace ringdl
