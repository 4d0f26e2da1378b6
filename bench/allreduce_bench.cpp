// RingDL's ring all-reduce against the MPI library's own MPI_Allreduce, side by side in one run: bus
// bandwidth 2(p-1)/p * bytes / time for float32 buffers from 1 KiB to 100 MiB, and the ratio.
// Run under mpirun (bench/allreduce.sh does it for 2 and 4 ranks).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ringdl/dist/mpi_communicator.h"
#include "ringdl/util/error.h"

using namespace ringdl;

namespace {

struct Args {
  std::vector<int64_t> bytes = {1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10,
                                1 << 20, 4 << 20, 16 << 20, 64 << 20, 100 << 20};
  int64_t segment = MpiOptions().segmentBytes;
  int inFlight = MpiOptions().segmentsInFlight;
  int rounds = 5;
  double seconds = 0.1;  // target time per measurement
  bool halfWires = true;
};

void usage() {
  std::printf(
      "usage: mpirun -np P allreduce_bench [--bytes B1,B2,...] [--segment BYTES] [--inflight N]\n"
      "                                     [--rounds R] [--seconds S] [--no-half]\n"
      "  --bytes     buffer sizes in bytes of float32 (default 1 KiB ... 100 MiB)\n"
      "  --segment   ring segment size in bytes (default %lld)\n"
      "  --inflight  ring segments in flight per direction (default %d)\n"
      "  --rounds    alternating ring/MPI measurements per size; the best of each is kept, which filters\n"
      "              out rounds in which another process took the CPU (default 5)\n"
      "  --seconds   target duration of one measurement (default 0.1)\n"
      "  --no-half   skip the bf16 and fp16 wire formats\n",
      static_cast<long long>(MpiOptions().segmentBytes), MpiOptions().segmentsInFlight);
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      RINGDL_CHECK(i + 1 < argc, arg, " needs a value");
      return argv[++i];
    };
    if (arg == "--bytes") {
      a.bytes.clear();
      std::string list = next();
      for (size_t pos = 0; pos <= list.size();) {
        const size_t comma = std::min(list.find(',', pos), list.size());
        a.bytes.push_back(std::stoll(list.substr(pos, comma - pos)));
        pos = comma + 1;
      }
    } else if (arg == "--segment") {
      a.segment = std::stoll(next());
    } else if (arg == "--inflight") {
      a.inFlight = std::stoi(next());
    } else if (arg == "--rounds") {
      a.rounds = std::stoi(next());
    } else if (arg == "--seconds") {
      a.seconds = std::stod(next());
    } else if (arg == "--no-half") {
      a.halfWires = false;
    } else if (arg == "--help" || arg == "-h") {
      usage();
      std::exit(0);
    } else {
      RINGDL_FAIL("unknown option ", arg, " (see --help)");
    }
  }
  return a;
}

using Clock = std::chrono::steady_clock;

// Seconds per call: `iterations` back-to-back calls between two barriers (rank 0's clock; the closing barrier
// makes every rank's interval end together).
double timeCalls(Communicator& comm, Tensor<float>& buffer, WireFormat wire, int iterations) {
  comm.barrier();
  const auto start = Clock::now();
  for (int i = 0; i < iterations; ++i) comm.allReduce(buffer, wire);
  comm.barrier();
  return std::chrono::duration<double>(Clock::now() - start).count() / iterations;
}

// One call on known data, checked, so a fast but wrong result cannot be reported.
void verify(Communicator& comm, Tensor<float>& buffer, WireFormat wire, const char* name) {
  const int64_t n = buffer.numel();
  for (int64_t i = 0; i < n; ++i) buffer.data()[i] = static_cast<float>((i + comm.rank()) % 7);
  comm.allReduce(buffer, wire);
  int64_t bad = 0;
  for (int64_t i = 0; i < n; ++i) {
    float expected = 0;
    for (int r = 0; r < comm.size(); ++r) expected += static_cast<float>((i + r) % 7);
    bad += buffer.data()[i] != expected;
  }
  RINGDL_CHECK(bad == 0, name, ": ", bad, " wrong elements of ", n, " on rank ", comm.rank());
  buffer.zero();  // the timed calls add zeros: no growth to infinity, no subnormals
}

std::string human(int64_t bytes) {
  char text[32];
  if (bytes >= (1 << 20))
    std::snprintf(text, sizeof text, "%g MiB", bytes / 1048576.0);
  else
    std::snprintf(text, sizeof text, "%g KiB", bytes / 1024.0);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = parse(argc, argv);
    MpiCommunicator ring(MpiOptions().segment(args.segment).inFlight(args.inFlight));
    MpiCommunicator mpi(MpiOptions().allReduceAlgorithm(AllReduceAlgorithm::kMpi));
    const int p = ring.size();
    const bool root = ring.rank() == 0;
    if (root) {
      std::printf(
          "# all-reduce of float32, %d ranks; busbw = 2(p-1)/p * bytes / time in GB/s; ring segment %s, "
          "%d in flight; MPI thread level %s\n",
          p, human(args.segment).c_str(), args.inFlight, toString(ring.threadLevel()).c_str());
      std::printf("%10s %11s %10s %11s %10s %7s", "size", "ring time", "ring busbw", "MPI time", "MPI busbw",
                  "ring/MPI");
      if (args.halfWires) std::printf(" %10s %10s", "bf16 busbw", "fp16 busbw");
      std::printf("\n");
    }
    for (int64_t bytes : args.bytes) {
      const int64_t n = std::max<int64_t>(1, bytes / 4);
      Tensor<float> buffer({n});
      verify(ring, buffer, WireFormat::kNative, "ring");
      verify(mpi, buffer, WireFormat::kNative, "MPI_Allreduce");
      if (args.halfWires) {
        verify(ring, buffer, WireFormat::kBf16, "ring bf16");
        verify(ring, buffer, WireFormat::kFp16, "ring fp16");
      }
      // Calibrate the iteration count on the ring, then alternate ring and MPI so both see the same machine.
      const double once = std::max(1e-7, timeCalls(ring, buffer, WireFormat::kNative, 2));
      Tensor<double> agreed = Tensor<double>::full({1}, std::clamp(args.seconds / once, 3.0, 20000.0));
      mpi.broadcast(agreed, 0);  // every rank must run the same number of calls
      const int iterations = static_cast<int>(agreed.data()[0]);
      double bestRing = 1e30, bestMpi = 1e30, bestBf16 = 1e30, bestFp16 = 1e30;
      for (int round = 0; round < args.rounds; ++round) {
        bestRing = std::min(bestRing, timeCalls(ring, buffer, WireFormat::kNative, iterations));
        bestMpi = std::min(bestMpi, timeCalls(mpi, buffer, WireFormat::kNative, iterations));
        if (args.halfWires) {
          bestBf16 = std::min(bestBf16, timeCalls(ring, buffer, WireFormat::kBf16, iterations));
          bestFp16 = std::min(bestFp16, timeCalls(ring, buffer, WireFormat::kFp16, iterations));
        }
      }
      const double moved = 2.0 * (p - 1) / p * static_cast<double>(n) * 4;
      auto busbw = [&](double t) { return p > 1 ? moved / t / 1e9 : 0.0; };
      auto ms = [](double t) {
        char text[32];
        std::snprintf(text, sizeof text, t < 1e-3 ? "%.1f us" : "%.3f ms", t < 1e-3 ? t * 1e6 : t * 1e3);
        return std::string(text);
      };
      if (root) {
        std::printf("%10s %11s %10.2f %11s %10.2f %7.2fx", human(bytes).c_str(), ms(bestRing).c_str(),
                    busbw(bestRing), ms(bestMpi).c_str(), busbw(bestMpi), bestMpi / bestRing);
        if (args.halfWires) std::printf(" %10.2f %10.2f", busbw(bestBf16), busbw(bestFp16));
        std::printf("\n");
        std::fflush(stdout);
      }
    }
  } catch (const Error& e) {
    std::fprintf(stderr, "allreduce_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
