// CIFAR-10 binary batches: a reader of whole records through a buffer (the size checked against the record
// length up front, archives and pickles recognised), the array loader and the writer.
#include "ringdl/data/cifar10.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "detail/byte_source.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {

// What a file that is not a CIFAR-10 batch most likely is, from its first bytes ("" if nothing known).
std::string recogniseArchive(const unsigned char* head, size_t n) {
  if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b)
    return "it is gzip-compressed: extract cifar-10-binary.tar.gz (tar xzf) and give the data_batch_*.bin "
           "and test_batch.bin files inside";
  if (n >= 262 && head[0] > 9 && std::memcmp(head + 257, "ustar", 5) == 0)
    return "it is a tar archive: extract it (tar xf) and give the data_batch_*.bin and test_batch.bin files";
  if (n >= 2 && head[0] == 0x80 && head[1] >= 2 && head[1] <= 5)
    return "it is a Python pickle (the batches of cifar-10-python.tar.gz): use the binary version, "
           "cifar-10-binary.tar.gz";
  return "";
}

}  // namespace

Cifar10Reader::Cifar10Reader(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    const int err = errno;
    RINGDL_FAIL("cannot open CIFAR-10 file ", path, ": ", std::strerror(err),
                err == ENOENT ? " (CIFAR-10's binary batches are data_batch_1.bin ... data_batch_5.bin and "
                                "test_batch.bin)"
                              : "");
  }
  struct stat st;
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    RINGDL_FAIL("CIFAR-10 file ", path, " is not a regular file (a directory? give the .bin files in it)");
  }
  const int64_t size = st.st_size;
  unsigned char head[512] = {};
  int err = 0;
  const size_t got = detail::preadFull(fd_, reinterpret_cast<char*>(head), sizeof head, 0, &err);
  const std::string archive = recogniseArchive(head, got);
  if (!archive.empty()) {
    ::close(fd_);
    fd_ = -1;
    RINGDL_FAIL("file ", path, " is not a CIFAR-10 binary batch: ", archive);
  }
  const int64_t trailing = size % kCifar10RecordBytes;
  if (trailing != 0) {
    ::close(fd_);
    fd_ = -1;
    const bool cifar100 = size % (kCifar10RecordBytes + 1) == 0;
    RINGDL_FAIL("CIFAR-10 file ", path, ": its ", size, " bytes are ", size / kCifar10RecordBytes,
                " records of 3073 bytes (1 label byte, 3072 pixel bytes) and ", trailing, " trailing ",
                trailing == 1 ? "byte" : "bytes",
                cifar100 ? "; the size fits CIFAR-100's 3074-byte records (coarse and fine label bytes), "
                           "which this reader does not read"
                         : "; the file is truncated or not a CIFAR-10 binary batch");
  }
  records_ = size / kCifar10RecordBytes;
  buf_.reset(new char[static_cast<size_t>(kBufferRecords * kCifar10RecordBytes)]);
}

Cifar10Reader::~Cifar10Reader() {
  if (fd_ >= 0) ::close(fd_);
}

bool Cifar10Reader::nextView(RecordView& record) {
  if (index_ >= records_) return false;
  if (index_ >= bufFirst_ + bufCount_) {
    const int64_t count = std::min(kBufferRecords, records_ - index_);
    const size_t want = static_cast<size_t>(count * kCifar10RecordBytes);
    int err = 0;
    const size_t got =
        detail::preadFull(fd_, buf_.get(), want, static_cast<off_t>(index_ * kCifar10RecordBytes), &err);
    if (got < want) {
      const int64_t at = index_ * kCifar10RecordBytes + static_cast<int64_t>(got);
      RINGDL_FAIL("CIFAR-10 file ", path_, ": record ",
                  index_ + static_cast<int64_t>(got) / kCifar10RecordBytes, " at byte ",
                  at - at % kCifar10RecordBytes, ": ",
                  err ? std::string("read failed: ") + std::strerror(err)
                      : std::string("the file ends at byte ") + std::to_string(at) +
                            " (it was shortened while being read)");
    }
    bufFirst_ = index_;
    bufCount_ = count;
  }
  const char* p = buf_.get() + (index_ - bufFirst_) * kCifar10RecordBytes;
  record.value = std::string_view(p, static_cast<size_t>(kCifar10RecordBytes));
  record.key = record.keyType = std::string_view();
  record.valueType = kCifar10RecordType;
  record.offset = index_ * kCifar10RecordBytes;
  record.index = index_++;
  return true;
}

bool Cifar10Reader::next(Record& record) {
  RecordView view;
  if (!nextView(view)) return false;
  view.copyTo(record);
  return true;
}

int cifar10Label(const RecordView& record, const std::string& file) {
  RINGDL_CHECK(static_cast<int64_t>(record.value.size()) == kCifar10RecordBytes, recordPlace(record, file),
               "a CIFAR-10 record is 3073 bytes (1 label byte, 3072 pixel bytes), this one ",
               record.value.size());
  const int label = static_cast<unsigned char>(record.value[0]);
  RINGDL_CHECK(label < kCifar10Classes, recordPlace(record, file), "label byte ", label,
               " is not a CIFAR-10 class (0..9); the file is damaged or not a CIFAR-10 binary batch");
  return label;
}

RecordReaderFactory cifar10ReaderFactory() {
  return [](const std::string& path) -> RecordReaderPtr { return std::make_unique<Cifar10Reader>(path); };
}

template <typename T>
LabeledData<T> loadCifar10(const std::vector<std::string>& paths) {
  RINGDL_CHECK(!paths.empty(), "loadCifar10: no files given");
  // Every file is opened (and its size checked) before any pixel is read.
  std::vector<std::unique_ptr<Cifar10Reader>> readers;
  int64_t n = 0;
  for (const std::string& path : paths) {
    readers.push_back(std::make_unique<Cifar10Reader>(path));
    n += readers.back()->records();
  }
  RINGDL_CHECK(n > 0,
               "loadCifar10: ", paths.size() == 1 ? "file " + paths[0] + " is empty" : "the files are empty");
  LabeledData<T> data;
  data.features = Tensor<T>({n, 3, 32, 32});
  data.labels = Tensor<T>({n});
  T* x = data.features.data();
  T* y = data.labels.data();
  Record record;
  for (auto& reader : readers) {
    while (reader->next(record)) {
      *y++ = static_cast<T>(cifar10Label(record, reader->path()));
      scalePixels(reinterpret_cast<const unsigned char*>(record.value.data()) + 1, kCifar10ImageBytes, x);
      x += kCifar10ImageBytes;
    }
  }
  return data;
}

template <typename T>
void writeCifar10(const std::string& path, const Tensor<T>& features, const Tensor<T>& labels) {
  RINGDL_CHECK(
      features.dim() == 4 && features.size(1) == 3 && features.size(2) == 32 && features.size(3) == 32,
      "writeCifar10 ", path, ": features must be [N, 3, 32, 32], not ", toString(features.shape()));
  RINGDL_CHECK(labels.dim() == 1 && labels.size(0) == features.size(0), "writeCifar10 ", path, ": labels ",
               toString(labels.shape()), " must be [", features.size(0), "]");
  const std::vector<T> x = features.contiguous().toVector();
  const std::vector<T> y = labels.contiguous().toVector();
  const int64_t n = features.size(0);
  std::string out(static_cast<size_t>(n * kCifar10RecordBytes), '\0');
  for (int64_t i = 0; i < n; ++i) {
    const T label = y[static_cast<size_t>(i)];
    RINGDL_CHECK(label >= 0 && label < kCifar10Classes && std::floor(label) == label, "writeCifar10 ", path,
                 ": label ", label, " of record ", i, " is not a class 0..9");
    char* rec = &out[static_cast<size_t>(i * kCifar10RecordBytes)];
    rec[0] = static_cast<char>(static_cast<int>(label));
    for (int64_t j = 0; j < kCifar10ImageBytes; ++j) {
      const T v = x[static_cast<size_t>(i * kCifar10ImageBytes + j)];
      RINGDL_CHECK(v >= 0 && v <= 1, "writeCifar10 ", path, ": value ", v, " of record ", i, " (element ", j,
                   ") is outside [0, 1]");
      rec[1 + j] = static_cast<char>(static_cast<unsigned>(std::lround(static_cast<double>(v) * 255)));
    }
  }
  FILE* f = std::fopen(path.c_str(), "wb");
  RINGDL_CHECK(f != nullptr, "writeCifar10: cannot create file ", path, ": ", std::strerror(errno));
  const bool ok = std::fwrite(out.data(), 1, out.size(), f) == out.size();
  const bool closed = std::fclose(f) == 0;
  RINGDL_CHECK(ok && closed, "writeCifar10: writing ", path, " failed: ", std::strerror(errno));
}

template LabeledData<float> loadCifar10(const std::vector<std::string>&);
template LabeledData<double> loadCifar10(const std::vector<std::string>&);
template void writeCifar10(const std::string&, const Tensor<float>&, const Tensor<float>&);
template void writeCifar10(const std::string&, const Tensor<double>&, const Tensor<double>&);

}  // namespace ringdl
