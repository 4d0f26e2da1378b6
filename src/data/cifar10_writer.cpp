// CIFAR-10 binary batches written record by record: shape, pixel and label checks with the record named.
#include "ringdl/data/cifar10_writer.h"

#include <cerrno>
#include <cmath>
#include <cstring>

#include "ringdl/data/cifar10.h"
#include "ringdl/data/pixel_bytes.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/util/error.h"

namespace ringdl {

Cifar10Writer::Cifar10Writer(const std::string& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "wb");
  RINGDL_CHECK(file_ != nullptr, "cannot create CIFAR-10 file ", path, ": ", std::strerror(errno));
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 18);
  record_.resize(static_cast<size_t>(kCifar10RecordBytes));
}

Cifar10Writer::~Cifar10Writer() {
  try {
    close();
  } catch (const Error&) {
  }
}

void Cifar10Writer::checkRecord(const Shape& shape, int64_t n, double label) const {
  RINGDL_CHECK(file_ != nullptr, "CIFAR-10 file ", path_, ": append after close()");
  RINGDL_CHECK(shape == Shape({3, 32, 32}) && n == kCifar10ImageBytes, "CIFAR-10 file ", path_, ": record ",
               records_, " is an image of shape [", shapeText(shape), "] (", n,
               " values); CIFAR-10 batches hold [3, 32, 32] images (R, G, B planes of 32x32 8-bit pixels): "
               "resize or crop the images to 32x32 with 3 channels first (ringdl data convert decodes image "
               "folders and image shards through --transforms, e.g. 'resize 32,32', with --image_channels "
               "rgb), or write another format");
  // The label byte would hold 10..255, but CIFAR-10's readers refuse them: such a file could not be read.
  RINGDL_CHECK(label >= 0 && label < kCifar10Classes && std::floor(label) == label, "CIFAR-10 file ", path_,
               ": record ", records_, " has label ", label,
               ", but a CIFAR-10 record's label is one byte holding one of CIFAR-10's classes 0..9 (the "
               "readers refuse others); write other labels to another format");
}

void Cifar10Writer::write(const char* data, size_t n) {
  if (std::fwrite(data, 1, n, file_) != n)
    RINGDL_FAIL("writing CIFAR-10 file ", path_, " failed at record ", records_, ": ", std::strerror(errno),
                " (disk full?)");
}

void Cifar10Writer::appendBytes(const Shape& shape, std::string_view pixels, int64_t label) {
  checkRecord(shape, static_cast<int64_t>(pixels.size()), static_cast<double>(label));
  record_[0] = static_cast<char>(static_cast<unsigned char>(label));
  std::memcpy(&record_[1], pixels.data(), pixels.size());
  write(record_.data(), record_.size());
  ++records_;
}

template <typename T>
void Cifar10Writer::append(const Shape& shape, const T* values, int64_t n, T label) {
  checkRecord(shape, n, static_cast<double>(label));
  unsigned char* pixels = reinterpret_cast<unsigned char*>(&record_[1]);
  if (!pixelBytes(values, static_cast<size_t>(n), pixels)) {
    const size_t at = firstNonPixel(values, static_cast<size_t>(n));
    RINGDL_FAIL("CIFAR-10 file ", path_, ": record ", records_, " value ", at, " is ",
                static_cast<double>(values[at]),
                ", not an 8-bit pixel scaled to [0, 1] (k / 255): CIFAR-10 batches hold bytes; "
                "write features that are not pixels to csv, libsvm, tfrecord or hdf5");
  }
  record_[0] = static_cast<char>(static_cast<unsigned char>(static_cast<int>(label)));
  write(record_.data(), record_.size());
  ++records_;
}

void Cifar10Writer::close() {
  if (!file_) return;
  const bool ok = std::fclose(file_) == 0;
  file_ = nullptr;
  RINGDL_CHECK(ok, "closing CIFAR-10 file ", path_, " failed: ", std::strerror(errno), " (disk full?)");
}

template void Cifar10Writer::append(const Shape&, const float*, int64_t, float);
template void Cifar10Writer::append(const Shape&, const double*, int64_t, double);

}  // namespace ringdl
