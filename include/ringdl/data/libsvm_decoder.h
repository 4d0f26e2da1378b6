// LibSvmDecoder<T>: LibSVM / SVMlight lines ("label idx:val idx:val ...", what LIBSVM, scikit-learn's
// dump_svmlight_file and Spark MLlib's saveAsLibSVMFile write) as dense features [D] and a label; the feature
// count from a pass over the files; loadLibSvm and writeLibSvm.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ringdl/data/array_data_set.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/data/text_records.h"

namespace ringdl {

struct LibSvmOptions {
  /// D, the dense feature count (0: unknown; the decoder needs it, inferLibSvmFeatureCount finds it).
  int64_t numFeatures = 0;
  /// Indices count from 0 instead of LibSVM's 1 (files some tools write, e.g. XGBoost's by default).
  bool zeroBased = false;
  LabelMapping labels = LabelMapping::kZeroBased;
  /// Class count (0: unchecked); a label beyond it is an error.
  int64_t numClasses = 0;
  /// The features' shape (empty: [D]); its size must be D.
  Shape shape;

  LibSvmOptions& withNumFeatures(int64_t d) {
    numFeatures = d;
    return *this;
  }
  LibSvmOptions& withZeroBased(bool on) {
    zeroBased = on;
    return *this;
  }
  LibSvmOptions& withLabels(LabelMapping m, int64_t classes = 0) {
    labels = m;
    numClasses = classes;
    return *this;
  }
  LibSvmOptions& withShape(Shape s) {
    shape = std::move(s);
    return *this;
  }
};

/// TextLineReader options for LibSVM files: blank lines and lines starting with '#' skipped.
TextLineReaderOptions libSvmReaderOptions();

/// Decodes one LibSVM line: the label, then "index:value" pairs separated by spaces or tabs, indices
/// 1-based (or 0-based with zeroBased) and strictly increasing, into dense features [D] (missing indices are
/// 0) and the label mapped by options.labels. A "#" token ends the line (SVMlight comments); "qid:" tokens
/// (ranking) are refused. Errors name the file, the 1-based line, its byte offset, the token (1-based) and
/// its text: a token without ':', an index that is not a whole number, does not increase, is 0 in a 1-based
/// file or beyond D, a value that is not a finite number, a label its mapping refuses.
template <typename T>
class LibSvmDecoder : public RecordDecoder<T> {
 public:
  /// Throws ringdl::Error if options.numFeatures is not positive (see inferLibSvmFeatureCount).
  explicit LibSvmDecoder(LibSvmOptions options);
  void decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) override;
  std::string describe() const override;

 private:
  LibSvmOptions options_;
  Shape featureShape_;
};

/// D for LibSVM files: the largest index in them (plus 1 when zeroBased), from a pass that reads every line
/// of every file (as Spark MLlib's loadLibSVMFile does when numFeatures is not given). Throws ringdl::Error
/// naming the file, line and token for a malformed index, or when the files hold no index at all.
int64_t inferLibSvmFeatureCount(const std::vector<std::string>& files, bool zeroBased = false,
                                const TextLineReaderOptions& readerOptions = libSvmReaderOptions());

/// Every line of `files` in memory: features [N, D] (or [N, shape...]) and labels [N]; D inferred when
/// options.numFeatures is 0.
template <typename T>
LabeledData<T> loadLibSvm(const std::vector<std::string>& files, LibSvmOptions options = {});

/// How writeLibSvm writes.
struct LibSvmWriteOptions {
  bool zeroBased = false;
  LabelMapping labels = LabelMapping::kZeroBased;  ///< kSigned writes 0/1 as -1/+1, kOneBased adds 1
  bool gzip = false;
};

/// Writes features [N, ...] (flattened per row; zeros left out) and labels [N] as LibSVM lines, each number
/// in the shortest text that reads back to the same T.
template <typename T>
void writeLibSvm(const std::string& path, const Tensor<T>& features, const Tensor<T>& labels,
                 const LibSvmWriteOptions& options = {});

extern template class LibSvmDecoder<float>;
extern template class LibSvmDecoder<double>;
extern template LabeledData<float> loadLibSvm(const std::vector<std::string>&, LibSvmOptions);
extern template LabeledData<double> loadLibSvm(const std::vector<std::string>&, LibSvmOptions);
extern template void writeLibSvm(const std::string&, const Tensor<float>&, const Tensor<float>&,
                                 const LibSvmWriteOptions&);
extern template void writeLibSvm(const std::string&, const Tensor<double>&, const Tensor<double>&,
                                 const LibSvmWriteOptions&);

}  // namespace ringdl
