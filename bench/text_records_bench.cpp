// Text part file throughput (Google Benchmark): TextLineReader on a 44 MB CSV of 28x28 images (one row of
// 785 integers per image), plain and gzipped, against a raw read() that only finds the line breaks and
// against zlib's inflate alone; CsvDecoder and LibSvmDecoder on top. Bytes/s count the file's (decompressed)
// bytes. Nothing here asserts on time.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "ringdl/data/csv_decoder.h"
#include "ringdl/data/idx.h"
#include "ringdl/data/libsvm_decoder.h"
#include "ringdl/data/text_records.h"
#include "ringdl/util/error.h"

namespace ringdl {
namespace {

constexpr int64_t kRows = 20000;

// Fashion-MNIST's first images when installed (real sparsity: about half the pixels are 0), else synthetic.
Tensor<float> images() {
  try {
    Tensor<float> t = readIdx<float>(std::string(kFashionMnistDir) + "/train-images-idx3-ubyte.gz");
    std::fprintf(stderr, "text_records_bench: rows are Fashion-MNIST training images\n");
    return t.narrow(0, 0, kRows).reshape({kRows, 784}).contiguous();
  } catch (const Error&) {
    std::mt19937 rng(1);
    Tensor<float> t({kRows, 784});
    for (int64_t i = 0; i < t.numel(); ++i) t.data()[i] = (i / 97) % 2 == 0 ? 0.0f : float(rng() % 256);
    std::fprintf(stderr, "text_records_bench: Fashion-MNIST not installed, rows are synthetic\n");
    return t;
  }
}

struct Files {
  std::string csv, csvGz, libsvm;
  Files() {
    const char* dir = std::getenv("TMPDIR");
    const std::string base =
        std::string(dir && *dir ? dir : "/tmp") + "/ringdl_text_bench_" + std::to_string(::getpid());
    csv = base + ".csv";
    csvGz = base + ".csv.gz";
    libsvm = base + ".libsvm";
    const Tensor<float> x = images();
    Tensor<float> y({kRows});
    for (int64_t i = 0; i < kRows; ++i) y.data()[i] = float(i % 10);
    writeCsv(csv, x, y);
    CsvWriteOptions gz;
    gz.gzip = true;
    writeCsv(csvGz, x, y, gz);
    writeLibSvm(libsvm, x, y);
  }
  ~Files() {
    std::remove(csv.c_str());
    std::remove(csvGz.c_str());
    std::remove(libsvm.c_str());
  }
};

const Files& files() {
  static Files f;
  return f;
}

int64_t fileBytes(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  std::fseek(f, 0, SEEK_END);
  const int64_t n = std::ftell(f);
  std::fclose(f);
  return n;
}

// The floor: read() into a 256 KiB buffer and memchr for every line break.
void BM_RawRead_Lines(benchmark::State& state) {
  const std::string& path = files().csv;
  std::vector<char> buf(256 << 10);
  int64_t lines = 0;
  for (auto _ : state) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    lines = 0;
    for (ssize_t got; (got = ::read(fd, buf.data(), buf.size())) > 0;) {
      const char* p = buf.data();
      const char* end = p + got;
      while (const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p))) {
        ++lines;
        p = static_cast<const char*>(nl) + 1;
      }
    }
    ::close(fd);
  }
  if (lines != kRows) state.SkipWithError("wrong line count");
  state.SetBytesProcessed(state.iterations() * fileBytes(path));
}

void BM_Reader_Lines(benchmark::State& state) {
  const std::string& path = files().csv;
  Record rec;
  int64_t lines = 0;
  for (auto _ : state) {
    TextLineReader reader(path);
    lines = 0;
    while (reader.next(rec)) ++lines;
  }
  if (lines != kRows) state.SkipWithError("wrong line count");
  state.SetBytesProcessed(state.iterations() * fileBytes(path));
}

// The gzip floor: zlib's inflate alone into a 256 KiB buffer.
void BM_RawInflate_Gzip(benchmark::State& state) {
  std::vector<char> out(256 << 10);
  for (auto _ : state) {
    gzFile f = gzopen(files().csvGz.c_str(), "rb");
    gzbuffer(f, 128 << 10);
    while (gzread(f, out.data(), static_cast<unsigned>(out.size())) > 0) {
    }
    gzclose(f);
  }
  state.SetBytesProcessed(state.iterations() * fileBytes(files().csv));
}

void BM_Reader_Gzip(benchmark::State& state) {
  Record rec;
  int64_t lines = 0;
  for (auto _ : state) {
    TextLineReader reader(files().csvGz);
    lines = 0;
    while (reader.next(rec)) ++lines;
  }
  if (lines != kRows) state.SkipWithError("wrong line count");
  state.SetBytesProcessed(state.iterations() * fileBytes(files().csv));
}

void BM_CsvDecode(benchmark::State& state) {
  const std::string& path = files().csv;
  Record rec;
  DecodedRecord<float> out;
  CsvDecoder<float> decoder;
  for (auto _ : state) {
    TextLineReader reader(path);
    while (reader.next(rec)) decoder.decode(rec, path, out);
    benchmark::DoNotOptimize(out.features.data());
  }
  state.SetBytesProcessed(state.iterations() * fileBytes(path));
  state.counters["rows/s"] =
      benchmark::Counter(double(kRows) * double(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_LibSvmDecode(benchmark::State& state) {
  const std::string& path = files().libsvm;
  Record rec;
  DecodedRecord<float> out;
  LibSvmDecoder<float> decoder(LibSvmOptions().withNumFeatures(784));
  for (auto _ : state) {
    TextLineReader reader(path, libSvmReaderOptions());
    while (reader.next(rec)) decoder.decode(rec, path, out);
    benchmark::DoNotOptimize(out.features.data());
  }
  state.SetBytesProcessed(state.iterations() * fileBytes(path));
  state.counters["rows/s"] =
      benchmark::Counter(double(kRows) * double(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_RawRead_Lines)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Reader_Lines)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RawInflate_Gzip)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Reader_Gzip)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CsvDecode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LibSvmDecode)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ringdl

BENCHMARK_MAIN();
