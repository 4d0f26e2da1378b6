// CIFAR-10 binary batches (data_batch_1.bin ... data_batch_5.bin, test_batch.bin): loading them into arrays,
// streaming them as shards of records, and writing them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ringdl/data/array_data_set.h"
#include "ringdl/data/record_reader.h"
#include "ringdl/data/shard_set.h"

namespace ringdl {

/// One record: 1 label byte (0..9), then 1024 red, 1024 green and 1024 blue bytes, each plane 32x32
/// row-major (the layout of cifar-10-binary.tar.gz).
inline constexpr int64_t kCifar10ImageBytes = 3 * 32 * 32;
inline constexpr int64_t kCifar10RecordBytes = 1 + kCifar10ImageBytes;
inline constexpr int64_t kCifar10Classes = 10;

/// Record::valueType of the records Cifar10Reader gives, so that decoders taking records of several formats
/// (ImageRecordDecoder) recognise a CIFAR-10 record by its class, as they do a SequenceFile's by its
/// Writables.
inline constexpr const char* kCifar10RecordType = "ringdl.Cifar10Record";

/// The class names in label order (batches.meta.txt).
inline constexpr const char* kCifar10ClassNames[kCifar10Classes] = {
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

/// Reads the records of one CIFAR-10 binary batch file in order, through a buffer of whole records. Each
/// record's value is its 3073 bytes (label byte first); key and keyType are empty, valueType is
/// kCifar10RecordType; Record::offset is index * 3073. A file whose size is not a multiple of 3073 is an
/// error at construction naming the file and the trailing byte count (and saying so when the size fits
/// CIFAR-100's 3074-byte records); so is a file that is a gzip or tar archive or a pickled batch of the
/// Python version. Labels are not checked here (Cifar10Decoder and loadCifar10 do). A read failure is an
/// error naming the record; recover() then returns false.
class Cifar10Reader : public RecordReader {
 public:
  explicit Cifar10Reader(const std::string& path);
  ~Cifar10Reader() override;

  bool next(Record& record) override;
  bool nextView(RecordView& record) override;
  bool recover() override { return false; }
  const std::string& path() const override { return path_; }

  /// Records in the file (its size / 3073).
  int64_t records() const { return records_; }

  /// Records read from the file at a time (about 256 KiB).
  static constexpr int64_t kBufferRecords = 85;

 private:
  std::string path_;
  int fd_ = -1;
  int64_t records_ = 0;
  int64_t index_ = 0;  // next record
  std::unique_ptr<char[]> buf_;
  int64_t bufFirst_ = 0;  // index of the record at buf_[0]
  int64_t bufCount_ = 0;  // records in buf_
};

/// The label of a CIFAR-10 record (its first byte), after checking that the record is 3073 bytes long and the
/// label is 0..9. Throws ringdl::Error naming the file, the record index and its byte offset otherwise.
int cifar10Label(const RecordView& record, const std::string& file);

/// A factory of Cifar10Readers, for ShardDataSet with Cifar10Decoder.
RecordReaderFactory cifar10ReaderFactory();

/// Reads CIFAR-10 binary batches, in the order given, into features [N, 3, 32, 32] = byte / 255 in T (the
/// values Cifar10Decoder and loadIdxDataSet's scaling give; planes R, G, B) and labels [N] (0..9, as stored:
/// CIFAR-10's labels are already 0-based). Errors name the file: a missing file, a size that is not a
/// multiple of 3073, a label above 9 (with the record index and byte offset), no records at all.
template <typename T>
LabeledData<T> loadCifar10(const std::vector<std::string>& paths);

/// Writes features [N, 3, 32, 32] in [0, 1] (each value rounded to the nearest k / 255) and labels [N]
/// (whole numbers 0..9) as a CIFAR-10 binary batch. Throws ringdl::Error naming the first value out of range
/// or a write failure.
template <typename T>
void writeCifar10(const std::string& path, const Tensor<T>& features, const Tensor<T>& labels);

extern template LabeledData<float> loadCifar10(const std::vector<std::string>&);
extern template LabeledData<double> loadCifar10(const std::vector<std::string>&);
extern template void writeCifar10(const std::string&, const Tensor<float>&, const Tensor<float>&);
extern template void writeCifar10(const std::string&, const Tensor<double>&, const Tensor<double>&);

}  // namespace ringdl
