// Cifar10Writer: records appended one at a time to a CIFAR-10 binary batch (1 label byte, then the R, G and B
// planes of a 32x32 image), the file Cifar10Reader and loadCifar10 read.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "ringdl/tensor/shape.h"

namespace ringdl {

/// Writes a CIFAR-10 binary batch record by record (through a buffer). Name the file as CIFAR's are
/// (data_batch_1.bin, test_batch.bin) for detectShardFormat to recognise it. Created (or truncated) by the
/// constructor, complete after close().
///
/// The format holds images of shape [3, 32, 32] (planes R, G, B, each 32 rows of 32 bytes) and a label of
/// one byte, one of CIFAR-10's classes 0..9 (kCifar10Classes): the byte would hold up to 255, but
/// Cifar10Decoder and loadCifar10 refuse labels above 9, so they are not written. Errors (ringdl::Error) name
/// the file and the record: another shape (saying what CIFAR-10 holds), values that are not 8-bit pixels, a
/// label outside 0..9 or not whole, a write failure.
class Cifar10Writer {
 public:
  explicit Cifar10Writer(const std::string& path);
  /// Closes the file if close() was not called, ignoring errors: call close() to see them.
  ~Cifar10Writer();
  Cifar10Writer(const Cifar10Writer&) = delete;
  Cifar10Writer& operator=(const Cifar10Writer&) = delete;

  /// Appends a record of `shape` ([3, 32, 32]) whose 3072 pixel bytes are R, G, B planes.
  void appendBytes(const Shape& shape, std::string_view pixels, int64_t label);
  /// Appends a record whose values are pixels scaled to [0, 1] (k / 255 in T, as the decoders give them).
  template <typename T>
  void append(const Shape& shape, const T* values, int64_t n, T label);
  /// Flushes and closes; a second close does nothing, appends after it are errors.
  void close();

  const std::string& path() const { return path_; }
  /// Records written so far.
  int64_t records() const { return records_; }

 private:
  void checkRecord(const Shape& shape, int64_t n, double label) const;
  void write(const char* data, size_t n);

  std::string path_;
  FILE* file_ = nullptr;
  int64_t records_ = 0;
  std::string record_;
};

extern template void Cifar10Writer::append(const Shape&, const float*, int64_t, float);
extern template void Cifar10Writer::append(const Shape&, const double*, int64_t, double);

}  // namespace ringdl
