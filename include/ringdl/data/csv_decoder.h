// CsvDecoder<T>: CSV/TSV rows (Spark's df.write.csv, pandas' to_csv, Kaggle-style files) as features [D]
// and a label, with RFC 4180 quoting; and writeCsv, which writes such files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ringdl/data/array_data_set.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/data/text_records.h"

namespace ringdl {

struct CsvOptions {
  char delimiter = ',';  ///< ',' for CSV, '\t' for TSV
  /// The label's column, 0-based; negative counts from the end (-1: the last column). The other columns,
  /// in order, are the features.
  int64_t labelColumn = 0;
  /// Columns per row, label included (0: the header's count, else the first row's; then every row must
  /// match).
  int64_t columns = 0;
  LabelMapping labels = LabelMapping::kZeroBased;
  /// Class count (0: unchecked); a label beyond it is an error.
  int64_t numClasses = 0;
  /// The features' shape (empty: [D]); its size must be D.
  Shape shape;

  CsvOptions& withDelimiter(char c) {
    delimiter = c;
    return *this;
  }
  CsvOptions& withLabelColumn(int64_t c) {
    labelColumn = c;
    return *this;
  }
  CsvOptions& withColumns(int64_t n) {
    columns = n;
    return *this;
  }
  CsvOptions& withLabels(LabelMapping m, int64_t classes = 0) {
    labels = m;
    numClasses = classes;
    return *this;
  }
  CsvOptions& withShape(Shape s) {
    shape = std::move(s);
    return *this;
  }
};

/// "first" -> 0, "last" -> -1, or a (possibly negative) column index; an Error otherwise.
int64_t parseLabelColumn(const std::string& text);

/// Splits one CSV line into fields as RFC 4180 says: fields separated by `delimiter`; a field that starts
/// with '"' is quoted, runs to the next lone '"' and may hold the delimiter and "" (one '"'); spaces around a
/// quoted field are allowed. Returns "" on success, else what is wrong (a quote left open, text after a
/// closing quote) with the 1-based column. Unquoted fields are taken as they are.
std::string splitCsvLine(std::string_view line, char delimiter, std::vector<std::string_view>& fields,
                         std::string& unquoted);

/// Decodes lines of CSV/TSV part files (read by TextLineReader, header skipped by its skipHeader) into
/// features [D] (or options.shape) and a label mapped by options.labels. Every field is a decimal number
/// (spaces around it allowed; "+1", "1e-3", ".5" fine); empty fields, NaN and infinities are errors.
/// Errors name the file, the 1-based line, its byte offset, the 1-based column (and its header name, when
/// the reader kept a header) and the text: a row with another number of columns, a field that is not a
/// number, a label its mapping refuses, a quote left open (fields spanning lines are not supported).
template <typename T>
class CsvDecoder : public RecordDecoder<T> {
 public:
  explicit CsvDecoder(CsvOptions options = {});
  void beginShard(const RecordReader& reader) override;
  void decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) override;
  std::string describe() const override;

  /// Columns per row: the option, else learnt from the first header or row (0 before).
  int64_t columns() const { return columns_; }

 private:
  std::string columnName(int64_t column) const;

  CsvOptions options_;
  int64_t columns_ = 0;
  std::vector<std::string> header_;  // the current shard's column names, if it has a header
  bool simpleReady_ = false;         // a row decoded: labelColumn_ and featureShape_ are set
  int64_t labelColumn_ = 0;
  Shape featureShape_;
  std::vector<std::string_view> fields_;
  std::string unquoted_;
};

/// How writeCsv writes.
struct CsvWriteOptions {
  char delimiter = ',';
  int64_t labelColumn = 0;  ///< 0 (first) or -1 (last)
  LabelMapping labels = LabelMapping::kZeroBased;
  bool header = false;  ///< a first line "label,f0,f1,..."
  bool gzip = false;
};

/// Writes features [N, ...] (flattened per row) and labels [N] as CSV, each number in the shortest text that
/// reads back to the same T. Throws ringdl::Error on mismatched sizes or a write failure.
template <typename T>
void writeCsv(const std::string& path, const Tensor<T>& features, const Tensor<T>& labels,
              const CsvWriteOptions& options = {});

extern template class CsvDecoder<float>;
extern template class CsvDecoder<double>;
extern template void writeCsv(const std::string&, const Tensor<float>&, const Tensor<float>&,
                              const CsvWriteOptions&);
extern template void writeCsv(const std::string&, const Tensor<double>&, const Tensor<double>&,
                              const CsvWriteOptions&);

}  // namespace ringdl
