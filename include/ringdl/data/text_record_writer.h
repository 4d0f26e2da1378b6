// TextRecordWriter<T>: records (flattened features and a label) appended one at a time as CSV, TSV or LibSVM
// lines that CsvDecoder and LibSvmDecoder read back to the same values; what `ringdl data convert` writes.
#pragma once

#include <cstdint>
#include <string>

#include "ringdl/data/text_records.h"

namespace ringdl {

/// The text layouts of a record.
enum class TextRecordFormat {
  kCsv,     ///< "label,f0,f1,...": every feature, comma-separated
  kTsv,     ///< the same with tabs
  kLibSvm,  ///< "label i:v i:v ...": 1-based indices, zeros left out but for the last feature (see below)
};

/// "csv", "tsv", "libsvm".
const char* textRecordFormatName(TextRecordFormat format);

struct TextRecordWriterOptions {
  TextRecordFormat format = TextRecordFormat::kCsv;
  /// One gzip member (read back by TextLineReader's kAuto; name the file ".gz").
  bool gzip = false;
  /// How labels are written: kZeroBased (RingDL's class indices as they are, the readers' default) and
  /// kValue (any finite number) are taken as they are; kOneBased adds 1, kSigned writes 0/1 as -1/+1.
  LabelMapping labels = LabelMapping::kZeroBased;

  TextRecordWriterOptions& withFormat(TextRecordFormat f) {
    format = f;
    return *this;
  }
  TextRecordWriterOptions& withGzip(bool on) {
    gzip = on;
    return *this;
  }
  TextRecordWriterOptions& withLabels(LabelMapping m) {
    labels = m;
    return *this;
  }
};

/// Writes records to one text file, the label first, every number in the shortest text that reads back to
/// exactly the same T (std::to_chars), so CsvDecoder<T> / LibSvmDecoder<T> with their default options
/// (label column first, labels zero_based) give back identical features and labels.
///
/// LibSVM lines leave zero values out, as LibSVM writes them, except the last feature, which every line holds
/// (as "D:0" when it is zero): readers that infer the feature count from the largest index (RingDL's, Spark
/// MLlib's, scikit-learn's) then find D even when the last features are zero in every record.
///
/// Every record must hold the first record's feature count. Errors (ringdl::Error) name the file and the
/// record (0-based): another feature count, no features, a NaN or infinite value (the readers refuse them),
/// a label the mapping cannot write (a class label that is not a whole number >= 0; for regression targets
/// use kValue), a write failure.
template <typename T>
class TextRecordWriter {
 public:
  explicit TextRecordWriter(const std::string& path, TextRecordWriterOptions options = {});

  /// Appends one record: `n` feature values (row-major) and its label.
  void append(const T* features, int64_t n, T label);
  /// Flushes and closes the file; a second close does nothing.
  void close();

  const std::string& path() const { return out_.path(); }
  /// Records written so far.
  int64_t records() const { return records_; }
  /// Features per record (0 before the first).
  int64_t features() const { return features_; }

 private:
  TextRecordWriterOptions options_;
  TextLineWriter out_;
  int64_t records_ = 0;
  int64_t features_ = 0;
  std::string line_;
};

extern template class TextRecordWriter<float>;
extern template class TextRecordWriter<double>;

}  // namespace ringdl
