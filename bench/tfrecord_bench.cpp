// TFRecord reading throughput (Google Benchmark): the reader with both CRCs checked on ~200 MB of 784-byte
// records, plain and gzipped, against a raw sequential read() of the same file in the same run; CRC-32C alone
// per implementation. Prints the reader/raw ratios at the end. Nothing here asserts on time; see
// docs/performance.md.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "data/detail/inflate.h"
#include "ringdl/data/idx.h"
#include "ringdl/data/tfrecord.h"
#include "ringdl/util/error.h"

namespace ringdl {
namespace {

constexpr size_t kRecordBytes = 784;  // one 28x28 image
constexpr size_t kRecords = 262144;   // 262,144 x (784 + 16) bytes = 200 MiB on disk

// The images: Fashion-MNIST's when installed (so gzip compresses real pixels), else a synthetic stand-in.
std::vector<uint8_t> images() {
  std::vector<uint8_t> pixels;
  try {
    const Tensor<float> t = readIdx<float>(std::string(kFashionMnistDir) + "/train-images-idx3-ubyte.gz");
    pixels.resize(static_cast<size_t>(t.numel()));
    const float* p = t.data();
    for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<uint8_t>(p[i]);
    std::fprintf(stderr, "tfrecord_bench: records are Fashion-MNIST training images\n");
  } catch (const Error&) {
    std::mt19937 rng(1);
    pixels.resize(60000 * kRecordBytes);
    for (size_t i = 0; i < pixels.size(); ++i)  // blobs of zeros and noisy grey, roughly as compressible
      pixels[i] = (i / 97) % 3 == 0 ? 0 : static_cast<uint8_t>(128 + rng() % 64);
    std::fprintf(stderr, "tfrecord_bench: Fashion-MNIST not installed, records are synthetic\n");
  }
  return pixels;
}

// The two files, written once per process in $TMPDIR (or /tmp) and removed at exit.
struct Files {
  std::string plain, gzip;
  Files() {
    const char* dir = std::getenv("TMPDIR");
    const std::string base =
        std::string(dir && *dir ? dir : "/tmp") + "/ringdl_tfrecord_bench_" + std::to_string(::getpid());
    plain = base + ".tfrecord";
    gzip = base + ".tfrecord.gz";
    const std::vector<uint8_t> pixels = images();
    const size_t count = pixels.size() / kRecordBytes;
    TFRecordWriter plainWriter(plain), gzipWriter(gzip, true);
    for (size_t i = 0; i < kRecords; ++i) {
      const uint8_t* image = pixels.data() + (i % count) * kRecordBytes;
      plainWriter.write(image, kRecordBytes);
      gzipWriter.write(image, kRecordBytes);
    }
    plainWriter.close();
    gzipWriter.close();
  }
  ~Files() {
    std::remove(plain.c_str());
    std::remove(gzip.c_str());
  }
};

const Files& files() {
  static Files f;
  return f;
}

int64_t fileBytes(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  const int64_t size = ::lseek(fd, 0, SEEK_END);
  ::close(fd);
  return size;
}

// read() in pieces of the reader's buffer size (arg: KiB), touching nothing.
void rawRead(benchmark::State& state, const std::string& path) {
  const size_t piece = static_cast<size_t>(state.range(0)) * 1024;
  std::unique_ptr<char[]> buf(new char[piece]);
  int64_t bytes = 0;
  for (auto _ : state) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    ssize_t got;
    while ((got = ::read(fd, buf.get(), piece)) > 0) bytes += got;
    ::close(fd);
    benchmark::DoNotOptimize(buf.get());
  }
  state.SetBytesProcessed(bytes);
}

// Every record with both CRCs checked, as owned strings (next) or as views into the read buffer (nextView,
// what the shard data set uses); arg: bufferBytes in KiB.
void readRecords(benchmark::State& state, const std::string& path, bool views) {
  TFRecordReaderOptions options;
  options.bufferBytes = static_cast<size_t>(state.range(0)) * 1024;
  Record record;
  RecordView view;
  int64_t records = 0;
  for (auto _ : state) {
    TFRecordReader reader(path, options);
    if (views) {
      while (reader.nextView(view)) ++records;
      benchmark::DoNotOptimize(view.value.data());
    } else {
      while (reader.next(record)) ++records;
      benchmark::DoNotOptimize(record.value.data());
    }
  }
  // Bytes of the (decompressed) stream, framing included, so the plain figure compares with rawRead's.
  state.SetBytesProcessed(records * int64_t(kRecordBytes + 16));
  state.counters["records/s"] = benchmark::Counter(double(records), benchmark::Counter::kIsRate);
}

// rawRead, calling piece(data, n, offsetInRecord) for the data bytes of every record overlapping each read
// (a record's data may straddle two reads): the skeleton of the two floors below.
template <typename Piece>
void rawReadRecordData(benchmark::State& state, const std::string& path, Piece&& piece) {
  const size_t size = static_cast<size_t>(state.range(0)) * 1024;
  const int64_t frame = kRecordBytes + 16;
  std::unique_ptr<char[]> buf(new char[size]);
  int64_t bytes = 0;
  for (auto _ : state) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    int64_t base = 0;  // stream offset of buf[0]
    ssize_t got;
    while ((got = ::read(fd, buf.get(), size)) > 0) {
      for (int64_t r = base / frame; r * frame < base + got; ++r) {
        const int64_t from = std::max(r * frame + 12, base),
                      to = std::min(r * frame + 12 + int64_t(kRecordBytes), base + got);
        if (from < to) piece(buf.get() + (from - base), size_t(to - from), size_t(from - r * frame - 12));
      }
      base += got;
    }
    ::close(fd);
    bytes += base;
  }
  state.SetBytesProcessed(bytes);
}

// rawRead plus a memcpy of every record's data into one std::string, as a reader must hand it out: what any
// reader with Record's interface costs before it checks or decodes anything.
void rawReadCopy(benchmark::State& state, const std::string& path) {
  std::string value(kRecordBytes, '\0');
  rawReadRecordData(state, path, [&](const char* data, size_t n, size_t at) {
    std::memcpy(&value[at], data, n);
    benchmark::DoNotOptimize(value.data());
  });
}

// rawRead plus the CRC-32C of every record's data, computed in place (chained across read boundaries): what
// any reader that checks the data checksums costs before it parses or hands out anything. The floor for a
// checking reader.
void rawReadCrc(benchmark::State& state, const std::string& path) {
  uint32_t crc = 0;
  rawReadRecordData(state, path, [&](const char* data, size_t n, size_t at) {
    crc = crc32c(data, n, at == 0 ? 0 : crc);
    benchmark::DoNotOptimize(crc);
  });
}

// zlib alone inflating the gzip file (gzread in pieces of the reader's buffer size): the floor for any gzip
// reader.
void rawInflate(benchmark::State& state, const std::string& path) {
  const size_t piece = static_cast<size_t>(state.range(0)) * 1024;
  std::unique_ptr<char[]> buf(new char[piece]);
  int64_t bytes = 0;
  for (auto _ : state) {
    gzFile gz = gzopen(path.c_str(), "rb");
    gzbuffer(gz, 128 * 1024);
    int got;
    while ((got = gzread(gz, buf.get(), static_cast<unsigned>(piece))) > 0) bytes += got;
    gzclose(gz);
    benchmark::DoNotOptimize(buf.get());
  }
  state.SetBytesProcessed(bytes);
}

// The library's inflate engine alone (detail::Inflater; arg: 0 zlib, 1 ISA-L, each when this build has it)
// over the gzip file read in 128 KiB pieces into 256 KiB of room, as ByteSource drives it under the gzip
// reader.
void BM_EngineInflate_Gzip(benchmark::State& state) {
  const auto engine = static_cast<detail::InflateEngine>(state.range(0));
  if (!detail::inflateEngineAvailable(engine)) {
    state.SkipWithError("engine not in this build");
    return;
  }
  state.SetLabel(detail::inflateEngineName(engine));
  std::vector<char> in(128 * 1024), out(256 * 1024);
  int64_t bytes = 0;
  for (auto _ : state) {
    detail::Inflater inflater(detail::InflateFormat::kGzip, true, engine);
    const int fd = ::open(files().gzip.c_str(), O_RDONLY);
    detail::Inflater::Status st = detail::Inflater::Status::kOk;
    ssize_t got;
    while (st == detail::Inflater::Status::kOk && (got = ::read(fd, in.data(), in.size())) > 0) {
      for (size_t pos = 0; st == detail::Inflater::Status::kOk && pos < size_t(got);) {
        size_t used = 0, made = 0;
        st = inflater.inflate(in.data() + pos, size_t(got) - pos, used, out.data(), out.size(), made);
        pos += used;
        bytes += int64_t(made);
      }
    }
    while (st == detail::Inflater::Status::kOk) {  // the input has ended: what the inflater still holds
      size_t made = 0;
      st = inflater.finish(out.data(), out.size(), made);
      bytes += int64_t(made);
    }
    ::close(fd);
    if (st != detail::Inflater::Status::kEnd) state.SkipWithError(inflater.error().detail.c_str());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_EngineInflate_Gzip)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_RawRead_Plain(benchmark::State& state) { rawRead(state, files().plain); }
void BM_RawReadCopy_Plain(benchmark::State& state) { rawReadCopy(state, files().plain); }
void BM_RawReadCrc_Plain(benchmark::State& state) { rawReadCrc(state, files().plain); }
void BM_Reader_Plain(benchmark::State& state) { readRecords(state, files().plain, false); }
void BM_ReaderViews_Plain(benchmark::State& state) { readRecords(state, files().plain, true); }
void BM_RawInflate_Gzip(benchmark::State& state) {
  rawInflate(state, files().gzip);
  state.counters["compressed MB"] = double(fileBytes(files().gzip)) / 1e6;
}
void BM_Reader_Gzip(benchmark::State& state) { readRecords(state, files().gzip, false); }
void BM_ReaderViews_Gzip(benchmark::State& state) { readRecords(state, files().gzip, true); }
BENCHMARK(BM_RawRead_Plain)->Arg(256)->Arg(64)->Arg(1024)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RawReadCopy_Plain)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RawReadCrc_Plain)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Reader_Plain)->Arg(256)->Arg(64)->Arg(1024)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReaderViews_Plain)->Arg(256)->Arg(64)->Arg(1024)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RawInflate_Gzip)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Reader_Gzip)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReaderViews_Gzip)->Arg(256)->Unit(benchmark::kMillisecond);

// CRC-32C alone, args: kernel (detail::Crc32cKernel), bytes.
void BM_Crc32c(benchmark::State& state) {
  const auto kernel = static_cast<detail::Crc32cKernel>(state.range(0));
  if (!detail::crc32cKernelAvailable(kernel)) {
    state.SkipWithError("kernel not available on this CPU");
    return;
  }
  state.SetLabel(detail::crc32cKernelName(kernel));
  std::vector<uint8_t> data(static_cast<size_t>(state.range(1)), 0x5a);
  uint32_t crc = 0;
  for (auto _ : state) {
    crc = detail::crc32cWith(kernel, data.data(), data.size(), crc);
    benchmark::DoNotOptimize(crc);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * state.range(1));
}
BENCHMARK(BM_Crc32c)->ArgsProduct({{0, 1, 2, 3}, {100, 784, 1 << 16}});

// Console output as usual, and each benchmark's bytes/s kept by name ("BM_Reader_Plain/256"): the median
// when repeated, else the single run.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      const auto it = run.counters.find("bytes_per_second");
      if (it == run.counters.end() || run.error_occurred) continue;
      const std::string name = run.run_name.function_name + "/" + run.run_name.args;
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median")
        median_[name] = it->second.value;
      else if (run.run_type == Run::RT_Iteration)
        single_[name] = it->second.value;
    }
  }
  double bytesPerSecond(const std::string& name) const {
    const auto m = median_.find(name);
    if (m != median_.end()) return m->second;
    const auto s = single_.find(name);
    return s != single_.end() ? s->second : 0.0;
  }

 private:
  std::map<std::string, double> median_, single_;
};

}  // namespace
}  // namespace ringdl

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  std::fprintf(stderr, "tfrecord_bench: crc32c() runs the %s kernel\n",
               ringdl::detail::crc32cKernelName(ringdl::detail::crc32cKernel()));
  ringdl::files();  // written before any timing starts
  ringdl::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  for (const char* kib : {"64", "256", "1024"}) {
    const double raw = reporter.bytesPerSecond(std::string("BM_RawRead_Plain/") + kib);
    const double reader = reporter.bytesPerSecond(std::string("BM_Reader_Plain/") + kib);
    const double views = reporter.bytesPerSecond(std::string("BM_ReaderViews_Plain/") + kib);
    if (raw > 0 && views > 0)
      std::printf("plain, %s KiB reads: reader (views) / raw read = %.2f (%.0f MB/s against %.0f MB/s)\n",
                  kib, views / raw, views / 1e6, raw / 1e6);
    if (raw > 0 && reader > 0)
      std::printf("plain, %s KiB reads: reader (owned records) / raw read = %.2f\n", kib, reader / raw);
  }
  const double raw = reporter.bytesPerSecond("BM_RawRead_Plain/256");
  const double copy = reporter.bytesPerSecond("BM_RawReadCopy_Plain/256");
  if (raw > 0 && copy > 0)
    std::printf(
        "plain, 256 KiB reads: raw read + a copy of each record / raw read = %.2f (the floor above)\n",
        copy / raw);
  const double crcFloor = reporter.bytesPerSecond("BM_RawReadCrc_Plain/256");
  const double views = reporter.bytesPerSecond("BM_ReaderViews_Plain/256");
  if (raw > 0 && crcFloor > 0)
    std::printf(
        "plain, 256 KiB reads: raw read + the CRC of each record / raw read = %.2f (a checking reader's "
        "floor)\n",
        crcFloor / raw);
  if (crcFloor > 0 && views > 0)
    std::printf("plain, 256 KiB reads: reader (views) / that floor = %.2f\n", views / crcFloor);
  const double inflate = reporter.bytesPerSecond("BM_RawInflate_Gzip/256");
  const double gzip = reporter.bytesPerSecond("BM_Reader_Gzip/256");
  if (inflate > 0 && gzip > 0)
    std::printf("gzip: reader / zlib inflating alone = %.2f (%.0f MB/s against %.0f MB/s, decompressed)\n",
                gzip / inflate, gzip / 1e6, inflate / 1e6);
  const double zlibEngine = reporter.bytesPerSecond("BM_EngineInflate_Gzip/0");
  const double isalEngine = reporter.bytesPerSecond("BM_EngineInflate_Gzip/1");
  if (zlibEngine > 0 && isalEngine > 0)
    std::printf("gzip: inflate engine ISA-L / zlib = %.2f (%.0f MB/s against %.0f MB/s, decompressed)\n",
                isalEngine / zlibEngine, isalEngine / 1e6, zlibEngine / 1e6);
  std::printf("gzip reader inflates with %s\n",
              ringdl::detail::inflateEngineName(ringdl::detail::defaultInflateEngine()));
  benchmark::Shutdown();
  return 0;
}
