// The ring all-reduce under mpirun: exact sums for every size class, float and double, segment and window
// settings, the 16-bit wires within their rounding bounds, views, shapes, and MPI_Allreduce as an option.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "ringdl/dist/mpi_communicator.h"
#include "ringdl/util/error.h"

namespace ringdl {
namespace {

MpiCommunicator& world() {
  static MpiCommunicator comm(MpiOptions().timeout(60));
  return comm;
}

// Integer-valued, so every partial sum is exact in float (|sum| <= 4 * 1000) whatever the order of additions.
template <typename T>
T value(int64_t i, int rank) {
  return static_cast<T>((i * 7919 + rank * 104729) % 2001 - 1000);
}

template <typename T>
Tensor<T> filled(int64_t n, int rank) {
  Tensor<T> t({n});
  T* d = t.data();
  for (int64_t i = 0; i < n; ++i) d[i] = value<T>(i, rank);
  return t;
}

// Counts the elements that differ from the exact sum over all ranks (reporting the first).
template <typename T>
int64_t mismatches(const T* d, int64_t begin, int64_t end, int size) {
  int64_t bad = 0;
  for (int64_t i = begin; i < end; ++i) {
    double expected = 0;
    for (int r = 0; r < size; ++r) expected += value<double>(i, r);
    if (d[i] != static_cast<T>(expected)) {
      if (bad == 0) ADD_FAILURE() << "element " << i << ": " << d[i] << " instead of " << expected;
      ++bad;
    }
  }
  return bad;
}

std::vector<int64_t> sizesFor(int p) { return {0, 1, std::max(p - 1, 2), p + 1, 2 * p + 3, 1000003}; }

template <typename T>
void checkAllReduce(Communicator& comm, int64_t n) {
  Tensor<T> t = filled<T>(n, comm.rank());
  comm.allReduce(t);
  EXPECT_EQ(mismatches(t.data(), 0, n, comm.size()), 0) << "n = " << n << ", rank " << comm.rank();
}

TEST(RingAllReduce, ExactForEverySizeClassFloat) {
  for (int64_t n : sizesFor(world().size())) checkAllReduce<float>(world(), n);
}

TEST(RingAllReduce, ExactForEverySizeClassDouble) {
  for (int64_t n : sizesFor(world().size())) checkAllReduce<double>(world(), n);
}

TEST(RingAllReduce, TenMillionElements) {
  checkAllReduce<float>(world(), 10000000);
  checkAllReduce<double>(world(), 10000000);
}

TEST(RingAllReduce, TinySegmentsAndWindows) {
  // One-element segments and a window of one put every message boundary and every dependency to work.
  for (int64_t segmentBytes : {4, 12, 40, 1024})
    for (int window : {1, 2, 3}) {
      MpiCommunicator comm(MpiOptions().segment(segmentBytes).inFlight(window).timeout(60));
      for (int64_t n : {1, 2, 3, 5, 8, 17, 64, 101, 1000})
        if (segmentBytes >= 40 || n <= 101) {
          checkAllReduce<float>(comm, n);
          checkAllReduce<double>(comm, n);
        }
    }
}

TEST(RingAllReduce, AnyShapeAndContiguousViews) {
  const int p = world().size(), r = world().rank();
  Tensor<float> matrix({7, 13});
  for (int64_t i = 0; i < matrix.numel(); ++i) matrix.data()[i] = value<float>(i, r);
  world().allReduce(matrix);
  EXPECT_EQ(mismatches(matrix.data(), 0, matrix.numel(), p), 0);

  // A narrow() of a flat buffer (a gradient bucket): only the view changes.
  Tensor<double> buffer = Tensor<double>::full({100}, -5.0);
  Tensor<double> view = buffer.narrow(0, 30, 41);
  for (int64_t i = 0; i < 41; ++i) view.data()[i] = value<double>(i, r);
  world().allReduce(view);
  EXPECT_EQ(mismatches(view.data(), 0, 41, p), 0);
  for (int64_t i = 0; i < 100; ++i)
    if (i < 30 || i >= 71) EXPECT_EQ(buffer.data()[i], -5.0) << i;
}

TEST(RingAllReduce, RejectsStridedViewsAndHalfWiresForDouble) {
  Tensor<float> m({4, 6});
  Tensor<float> columns = m.transpose(0, 1);
  EXPECT_THROW(world().allReduce(columns), Error);
  Tensor<double> d({10});
  EXPECT_THROW(world().allReduce(d, WireFormat::kBf16), Error);
  EXPECT_THROW(world().reduceScatter(d, WireFormat::kFp16), Error);
}

// The result of every rank equals rank 0's, bit for bit.
void expectSameOnAllRanks(Communicator& comm, const Tensor<float>& t) {
  Tensor<float> root = t.clone();
  comm.broadcast(root, 0);
  EXPECT_EQ(std::memcmp(root.data(), t.data(), sizeof(float) * t.numel()), 0) << "rank " << comm.rank();
}

TEST(RingAllReduce, HalfWiresAreExactOnSmallIntegers) {
  // |value| <= 60 and at most 4 ranks: every partial sum is an integer below 256, exact in bf16 and fp16.
  const int p = world().size(), r = world().rank();
  for (WireFormat wire : {WireFormat::kBf16, WireFormat::kFp16})
    for (int64_t n : {int64_t{0}, int64_t{1}, int64_t{p + 1}, int64_t{300001}}) {
      Tensor<float> t({n});
      for (int64_t i = 0; i < n; ++i) t.data()[i] = static_cast<float>((i + 17 * r) % 121 - 60);
      world().allReduce(t, wire);
      int64_t bad = 0;
      for (int64_t i = 0; i < n; ++i) {
        float expected = 0;
        for (int q = 0; q < p; ++q) expected += static_cast<float>((i + 17 * q) % 121 - 60);
        bad += t.data()[i] != expected;
      }
      EXPECT_EQ(bad, 0) << toString(wire) << " n = " << n;
    }
}

// Deterministic pseudo-random values in [-1, 1) with a spread of magnitudes.
float noise(int64_t i, int rank) {
  uint64_t x = static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ull +
               static_cast<uint64_t>(rank + 1) * 0xBF58476D1CE4E5B9ull;
  x ^= x >> 31;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 29;
  const double unit = static_cast<double>(x >> 11) * 0x1p-53 * 2 - 1;
  return static_cast<float>(unit * std::ldexp(1.0, -static_cast<int>((x >> 3) % 12)));
}

TEST(RingAllReduce, HalfWiresStayWithinTheirRoundingBound) {
  // Each of the p - 1 hops rounds a partial sum to the wire (relative error u), and the owner rounds the
  // total once more; every partial sum is bounded by sum |x|. So |error| <= (p + 1) u sum |x|, plus the
  // absolute error of subnormal fp16 values and float32 additions.
  const int p = world().size(), r = world().rank();
  const int64_t n = 1000003;
  for (WireFormat wire : {WireFormat::kBf16, WireFormat::kFp16}) {
    const double u = wire == WireFormat::kBf16 ? 0x1p-8 : 0x1p-11;
    Tensor<float> t({n});
    for (int64_t i = 0; i < n; ++i) t.data()[i] = noise(i, r);
    world().allReduce(t, wire);
    int64_t bad = 0;
    double worst = 0;
    for (int64_t i = 0; i < n; ++i) {
      double exact = 0, magnitude = 0;
      for (int q = 0; q < p; ++q) {
        exact += noise(i, q);
        magnitude += std::fabs(noise(i, q));
      }
      const double bound = (p + 1) * u * magnitude * 1.001 + p * 0x1p-24;
      const double error = std::fabs(t.data()[i] - exact);
      worst = std::max(worst, magnitude > 0 ? error / magnitude : 0);
      bad += error > bound;
    }
    EXPECT_EQ(bad, 0) << toString(wire) << ": worst relative error " << worst;
    if (p > 1) EXPECT_GT(worst, 0) << "the wire should round something";
    expectSameOnAllRanks(world(), t);
  }
}

TEST(RingAllReduce, Fp16WireOverflowsToInfinity) {
  const int p = world().size();
  Tensor<float> t = Tensor<float>::full({10}, 40000.0f);
  world().allReduce(t, WireFormat::kFp16);
  for (int64_t i = 0; i < 10; ++i) {
    if (p == 1)
      EXPECT_EQ(t.data()[i], 40000.0f);  // a one-rank world moves nothing, so rounds nothing
    else
      EXPECT_TRUE(std::isinf(t.data()[i]) && t.data()[i] > 0) << t.data()[i];
  }
}

TEST(RingAllReduce, MpiAllreduceOption) {
  MpiCommunicator comm(MpiOptions().allReduceAlgorithm(AllReduceAlgorithm::kMpi).timeout(60));
  for (int64_t n : sizesFor(comm.size())) {
    checkAllReduce<float>(comm, n);
    checkAllReduce<double>(comm, n);
  }
  Tensor<float> t({4});
  EXPECT_THROW(comm.allReduce(t, WireFormat::kBf16), Error);
}

TEST(RingAllReduce, RepeatedCallsReuseBuffers) {
  // A training loop calls allReduce on the same buffer every iteration.
  Tensor<float> t({4099});
  for (int iteration = 0; iteration < 20; ++iteration) {
    for (int64_t i = 0; i < t.numel(); ++i) t.data()[i] = value<float>(i, world().rank());
    world().allReduce(t);
    EXPECT_EQ(mismatches(t.data(), 0, t.numel(), world().size()), 0) << "iteration " << iteration;
  }
}

}  // namespace
}  // namespace ringdl
