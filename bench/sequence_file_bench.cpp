// SequenceFile decode throughput (Google Benchmark): SequenceFileReader on a ~200 MB uncompressed file of
// 28x28 grey images (Text label keys, BytesWritable pixel values) and on the same records block-compressed
// with zlib, each against a raw sequential fread of the same file in the same run. Nothing here asserts on
// time; see docs/performance.md.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "ringdl/data/idx.h"
#include "ringdl/data/sequence_file.h"

namespace ringdl {
namespace {

constexpr int64_t kTargetBytes = 200 * 1000 * 1000;

// Fashion-MNIST's training images when installed (real pixels compress as real data does), else a synthetic
// pattern; repeated until the file holds ~200 MB.
struct Files {
  std::string dir, uncompressed, block;
  int64_t records = 0;

  Files() {
    const char* tmp = std::getenv("TMPDIR");
    dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/ringdl_seqfile_bench_" + std::to_string(::getpid());
    std::filesystem::create_directories(dir);
    uncompressed = dir + "/uncompressed.seq";
    block = dir + "/block-zlib.seq";
    std::vector<std::string> images;
    std::vector<int> labels;
    const std::string idx = std::string(kFashionMnistDir) + "/train-images-idx3-ubyte.gz";
    if (std::filesystem::exists(idx)) {
      const Tensor<float> t = readIdx<float>(idx);
      const Tensor<float> l = readIdx<float>(std::string(kFashionMnistDir) + "/train-labels-idx1-ubyte.gz");
      const int64_t n = t.size(0);
      const float* p = t.data();
      for (int64_t i = 0; i < n; ++i) {
        std::string px(28 * 28, '\0');
        for (int j = 0; j < 28 * 28; ++j) px[j] = char(int(p[i * 784 + j]));
        images.push_back(px);
        labels.push_back(int(l.data()[i]));
      }
    } else {
      for (int i = 0; i < 10000; ++i) {
        std::string px(28 * 28, '\0');
        for (int j = 0; j < 28 * 28; ++j) px[j] = char(((j % 28) * (j / 28) + i) % 256);
        images.push_back(px);
        labels.push_back(i % 10);
      }
    }
    SequenceFileWriter plain(uncompressed, kTextClass, kBytesWritableClass);
    SequenceFileWriter zlib(block, kTextClass, kBytesWritableClass,
                            SequenceFileWriterOptions().withCompression(SequenceFileCompression::kBlock));
    for (size_t i = 0; plain.bytes() < kTargetBytes; ++i) {
      const size_t k = i % images.size();
      const std::string key = std::to_string(labels[k]);
      plain.append(key, images[k]);
      zlib.append(key, images[k]);
      ++records;
    }
    plain.close();
    zlib.close();
  }
  ~Files() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

const Files& files() {
  static const Files f;
  return f;
}

// A page-aligned buffer: the kernel's copy into a malloc'd buffer (16 bytes off a page) is ~20% slower, and
// the raw read should be the fastest there is.
struct AlignedBuffer {
  explicit AlignedBuffer(size_t n) : size(n), data(static_cast<char*>(std::aligned_alloc(4096, n))) {
    if (!data) std::abort();
  }
  ~AlignedBuffer() { std::free(data); }
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  size_t size;
  char* data;
};

// One sequential pass over the file with fread into the buffer; returns the bytes read.
int64_t rawRead(const std::string& path, AlignedBuffer& buffer) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) std::abort();
  std::setvbuf(f, nullptr, _IONBF, 0);  // straight into the buffer
  int64_t total = 0;
  for (size_t n; (n = std::fread(buffer.data, 1, buffer.size, f)) > 0;) {
    benchmark::DoNotOptimize(buffer.data[n - 1]);
    total += int64_t(n);
  }
  std::fclose(f);
  return total;
}

// The floor for any reader that hands out records as owned bytes: the raw read plus one memcpy of each
// 784-byte image out of the buffer (records are 798 bytes: lengths 8, Text key 2, BytesWritable 4 + 784;
// sync markers and records across chunk ends are ignored, so this is a little cheaper than exact).
int64_t rawReadAndCopy(const std::string& path, AlignedBuffer& buffer, std::string& image) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) std::abort();
  std::setvbuf(f, nullptr, _IONBF, 0);
  int64_t total = 0;
  image.resize(784);
  for (size_t n; (n = std::fread(buffer.data, 1, buffer.size, f)) > 0;) {
    for (size_t at = 0; at + 798 <= n; at += 798) {
      std::memcpy(&image[0], buffer.data + at + 14, 784);
      benchmark::DoNotOptimize(image.data());
    }
    total += int64_t(n);
  }
  std::fclose(f);
  return total;
}

// Wall time and this thread's CPU time since construction: on a shared machine the CPU time is the steadier
// of the two (another job's time slices do not count), so both ratios are reported.
struct Stopwatch {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu = threadCpu();
  static double threadCpu() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
  }
  void addTo(double& wallSeconds, double& cpuSeconds) const {
    cpuSeconds += threadCpu() - cpu;
    wallSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
  }
};

// The raw read alone, with buffers from 64 KiB to 4 MiB (arg: KiB).
void BM_RawFread(benchmark::State& state) {
  const std::string& path = files().uncompressed;
  AlignedBuffer buffer(size_t(state.range(0)) << 10);
  int64_t bytes = 0;
  for (auto _ : state) bytes += rawRead(path, buffer);
  state.counters["MB/s"] = benchmark::Counter(double(bytes) / 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RawFread)->RangeMultiplier(4)->Range(64, 4096)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Each iteration times a raw fread pass with the reader's buffer size, one with a 4 MiB buffer (the fastest
// raw read here) and a reader pass over the same file, back to back, so the ratios compare them under the
// same load. The iteration time reported is the reader's. views: records read with nextView() (views into the
// reader's buffer, what the shard data set uses) instead of next() (owned copies).
void readerAgainstRaw(benchmark::State& state, const std::string& path, bool withFloor, bool views) {
  AlignedBuffer buffer(SequenceFileReader::kBufferBytes), bigBuffer(size_t(4) << 20);
  const int64_t fileBytes = int64_t(std::filesystem::file_size(path));
  double raw = 0, rawCpu = 0, bigRaw = 0, bigRawCpu = 0, reader = 0, readerCpu = 0, copy = 0, copyCpu = 0;
  int64_t records = 0, payload = 0;
  Record r;
  RecordView v;
  std::string image;
  for (auto _ : state) {
    if (withFloor) {
      Stopwatch copyWatch;
      rawReadAndCopy(path, buffer, image);
      copyWatch.addTo(copy, copyCpu);
    }
    Stopwatch rawWatch;
    rawRead(path, buffer);
    rawWatch.addTo(raw, rawCpu);
    Stopwatch bigWatch;
    rawRead(path, bigBuffer);
    bigWatch.addTo(bigRaw, bigRawCpu);
    Stopwatch readerWatch;
    SequenceFileReader sequenceFile(path);
    if (views) {
      while (sequenceFile.nextView(v)) {
        ++records;
        payload += int64_t(v.key.size() + v.value.size());
      }
    } else {
      while (sequenceFile.next(r)) {
        ++records;
        payload += int64_t(r.key.size() + r.value.size());
      }
    }
    const double before = reader;
    readerWatch.addTo(reader, readerCpu);
    state.SetIterationTime(reader - before);
  }
  const double n = double(state.iterations());
  state.counters["file_MB"] = double(fileBytes) / 1e6;
  state.counters["file_records"] = double(files().records);
  state.counters["file_MB/s"] = double(fileBytes) * n / 1e6 / reader;
  state.counters["decoded_MB/s"] = double(payload) / 1e6 / reader;
  state.counters["records/s"] = double(records) / reader;
  state.counters["raw_MB/s"] = double(fileBytes) * n / 1e6 / raw;
  // reader throughput / raw fread throughput, by wall time and by CPU time
  state.counters["vs_raw"] = raw / reader;
  state.counters["vs_raw_cpu"] = rawCpu / readerCpu;
  state.counters["vs_raw_4MiB"] = bigRaw / reader;
  state.counters["vs_raw_4MiB_cpu"] = bigRawCpu / readerCpu;
  // the floor (raw read + one copy per image) against the raw read, and the reader against the floor
  if (withFloor) {
    state.counters["floor_vs_raw_cpu"] = rawCpu / copyCpu;
    state.counters["vs_floor_cpu"] = copyCpu / readerCpu;
  }
}

void BM_SequenceFileUncompressed(benchmark::State& state) {
  readerAgainstRaw(state, files().uncompressed, true, false);
}
BENCHMARK(BM_SequenceFileUncompressed)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_SequenceFileUncompressedViews(benchmark::State& state) {
  readerAgainstRaw(state, files().uncompressed, false, true);
}
BENCHMARK(BM_SequenceFileUncompressedViews)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_SequenceFileBlockZlib(benchmark::State& state) {
  readerAgainstRaw(state, files().block, false, false);
}
BENCHMARK(BM_SequenceFileBlockZlib)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_SequenceFileBlockZlibViews(benchmark::State& state) {
  readerAgainstRaw(state, files().block, false, true);
}
BENCHMARK(BM_SequenceFileBlockZlibViews)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(3.0);

}  // namespace
}  // namespace ringdl

BENCHMARK_MAIN();
