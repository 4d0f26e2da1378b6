// CsvDecoder<T>: RFC 4180 field splitting, numbers parsed with from_chars (correctly rounded into T), label
// columns counted from either end, errors naming line, column and text; writeCsv.
#include "ringdl/data/csv_decoder.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "detail/number_text.h"
#include "ringdl/util/error.h"

namespace ringdl {

using detail::appendNumber;
using detail::numberError;
using detail::NumberStatus;
using detail::numberText;
using detail::parseNumber;

int64_t parseLabelColumn(const std::string& text) {
  if (text == "first") return 0;
  if (text == "last") return -1;
  int64_t v = 0;
  const char* end = text.data() + text.size();
  const auto res = std::from_chars(text.data(), end, v);
  RINGDL_CHECK(!text.empty() && res.ec == std::errc() && res.ptr == end, "label column '", text,
               "' is not first, last or a column index (0-based; negative counts from the end)");
  return v;
}

std::string splitCsvLine(std::string_view line, char delimiter, std::vector<std::string_view>& fields,
                         std::string& unquoted) {
  fields.clear();
  unquoted.clear();
  unquoted.reserve(line.size());  // views into it stay valid: it never grows past this
  const size_t n = line.size();
  size_t pos = 0;
  for (;;) {
    const size_t column = fields.size() + 1;
    size_t start = pos;
    while (start < n && line[start] == ' ') ++start;
    if (start < n && line[start] == '"') {
      const size_t from = unquoted.size();
      size_t i = start + 1;
      for (;;) {
        if (i >= n)
          return "column " + std::to_string(column) + ": the quote opened at character " +
                 std::to_string(start + 1) +
                 " is not closed on this line (fields spanning lines, Spark's multiLine, are not supported)";
        if (line[i] == '"') {
          if (i + 1 < n && line[i + 1] == '"') {  // "" is one quote
            unquoted += '"';
            i += 2;
            continue;
          }
          break;
        }
        unquoted += line[i++];
      }
      fields.emplace_back(unquoted.data() + from, unquoted.size() - from);
      ++i;  // past the closing quote
      while (i < n && line[i] == ' ') ++i;
      if (i == n) return "";
      if (line[i] != delimiter)
        return "column " + std::to_string(column) + ": text after the closing quote at character " +
               std::to_string(i + 1) + " (a quote inside a quoted field is written \"\")";
      pos = i + 1;
      continue;
    }
    const void* d = pos < n ? std::memchr(line.data() + pos, delimiter, n - pos) : nullptr;
    const size_t stop = d ? static_cast<size_t>(static_cast<const char*>(d) - line.data()) : n;
    fields.push_back(line.substr(pos, stop - pos));
    if (!d) return "";
    pos = stop + 1;
  }
}

template <typename T>
CsvDecoder<T>::CsvDecoder(CsvOptions options) : options_(std::move(options)) {
  RINGDL_CHECK(options_.delimiter != '"' && options_.delimiter != '\n' && options_.delimiter != '\r',
               "CSV delimiter '", options_.delimiter, "' cannot be a quote or a line break");
  RINGDL_CHECK(options_.columns == 0 || options_.columns >= 2, "CSV columns ", options_.columns,
               ": a row needs a label and at least one feature");
  RINGDL_CHECK(options_.labels != LabelMapping::kValue || options_.numClasses == 0, "CSV: num_classes ",
               options_.numClasses, " does not go with the label mapping value");
  RINGDL_CHECK(
      options_.labels != LabelMapping::kSigned || options_.numClasses == 0 || options_.numClasses == 2,
      "CSV: the signed label mapping has 2 classes, not ", options_.numClasses);
  RINGDL_CHECK(options_.numClasses >= 0, "CSV: num_classes ", options_.numClasses, " is negative");
  columns_ = options_.columns;
}

template <typename T>
void CsvDecoder<T>::beginShard(const RecordReader& reader) {
  header_.clear();
  const auto* text = dynamic_cast<const TextLineReader*>(&reader);
  if (!text || text->header().empty()) return;
  const std::string error = splitCsvLine(text->header(), options_.delimiter, fields_, unquoted_);
  RINGDL_CHECK(error.empty(), "file ", reader.path(), ": header line: ", error, ": ",
               quoteText(text->header()));
  for (std::string_view f : fields_) header_.emplace_back(f);
  const int64_t n = static_cast<int64_t>(header_.size());
  if (columns_ == 0) {
    RINGDL_CHECK(n >= 2, "file ", reader.path(), ": the header ", quoteText(text->header()), " names ", n,
                 " column; a row needs a label and at least one feature",
                 options_.delimiter == ',' ? " (a TSV file? the delimiter is ',')" : "");
    columns_ = n;
  }
  RINGDL_CHECK(n == columns_, "file ", reader.path(), ": the header names ", n, " columns, expected ",
               columns_, options_.columns ? " (the configured count)" : " (as in the files before)", ": ",
               quoteText(text->header()));
}

template <typename T>
std::string CsvDecoder<T>::columnName(int64_t column) const {
  std::string s = "column " + std::to_string(column + 1);
  if (column < static_cast<int64_t>(header_.size())) s += " (" + quoteText(header_[column], 40) + ")";
  return s;
}

namespace {

// The common case in one pass, without splitting first: `columns` unquoted fields, each a number that
// from_chars takes whole (spaces around allowed), the label parsed as double. false: anything else (quotes,
// empty fields, text, NaN, a value out of range, another column count), for the general path to handle or
// report.
template <typename T>
bool decodeSimpleRow(std::string_view line, char delimiter, int64_t columns, int64_t labelColumn, T* f,
                     double& label) {
  const char* p = line.data();
  const char* const end = p + line.size();
  const bool tabIsSpace = delimiter != '\t';
  auto skipSpaces = [&] {
    while (p < end && (*p == ' ' || (tabIsSpace && *p == '\t'))) ++p;
  };
  for (int64_t c = 0; c < columns; ++c) {
    skipSpaces();
    if (p < end && *p == '+') {  // from_chars takes no '+'; parseNumber allows one
      ++p;
      if (p == end || *p == '+' || *p == '-') return false;
    }
    std::from_chars_result r;
    if (c == labelColumn) {
      r = std::from_chars(p, end, label);
    } else {
      r = std::from_chars(p, end, *f);
      if (r.ec == std::errc() && !std::isfinite(*f)) return false;
      ++f;
    }
    if (r.ec != std::errc()) return false;
    p = r.ptr;
    skipSpaces();
    if (c + 1 < columns) {
      if (p == end || *p != delimiter) return false;
      ++p;
    } else if (p != end) {
      return false;
    }
  }
  return true;
}

}  // namespace

template <typename T>
void CsvDecoder<T>::decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) {
  if (columns_ > 0 && simpleReady_) {
    out.features.resize(static_cast<size_t>(columns_ - 1));
    double written = 0, mapped = 0;
    if (decodeSimpleRow(record.value, options_.delimiter, columns_, labelColumn_, out.features.data(),
                        written) &&
        mapLabel(written, options_.labels, options_.numClasses, mapped).empty()) {
      out.label = static_cast<T>(mapped);
      if (out.shape != featureShape_) out.shape = featureShape_;
      return;
    }
  }
  const std::string error = splitCsvLine(record.value, options_.delimiter, fields_, unquoted_);
  if (!error.empty()) RINGDL_FAIL(linePlace(record, file), error, ": ", quoteText(record.value));
  const int64_t n = static_cast<int64_t>(fields_.size());
  if (columns_ == 0) {
    RINGDL_CHECK(n >= 2, linePlace(record, file), "the row has ", n,
                 " column; a row needs a label and at least one feature",
                 options_.delimiter == ',' && record.value.find('\t') != std::string::npos
                     ? " (a TSV file? the delimiter is ',')"
                     : "",
                 ": ", quoteText(record.value));
    columns_ = n;
  }
  if (n != columns_)
    RINGDL_FAIL(linePlace(record, file), "the row has ", n,
                n == 1 ? " column, expected " : " columns, expected ", columns_,
                options_.columns  ? " (the configured count)"
                : header_.empty() ? " (as in the first row)"
                                  : " (as in the header)",
                ": ", quoteText(record.value));
  const int64_t labelColumn =
      options_.labelColumn < 0 ? columns_ + options_.labelColumn : options_.labelColumn;
  RINGDL_CHECK(labelColumn >= 0 && labelColumn < columns_, linePlace(record, file), "label column ",
               options_.labelColumn, " is outside the ", columns_, " columns (0-based; -1 is the last)");
  const int64_t d = columns_ - 1;
  if (!options_.shape.empty())
    RINGDL_CHECK(numelOf(options_.shape) == d, linePlace(record, file), "the rows hold ", d,
                 " features, but the configured shape ", shapeText(options_.shape), " holds ",
                 numelOf(options_.shape));
  out.features.resize(static_cast<size_t>(d));
  T* f = out.features.data();
  for (int64_t c = 0; c < columns_; ++c) {
    const std::string_view field = fields_[static_cast<size_t>(c)];
    if (c == labelColumn) {
      double written = 0;
      const NumberStatus status = parseNumber(field, written);
      if (status != NumberStatus::kOk)
        RINGDL_FAIL(linePlace(record, file), columnName(c),
                    ", the label: ", numberError(status, field, "double"));
      double mapped = 0;
      const std::string why = mapLabel(written, options_.labels, options_.numClasses, mapped);
      if (!why.empty()) RINGDL_FAIL(linePlace(record, file), columnName(c), ": ", why);
      out.label = static_cast<T>(mapped);
      continue;
    }
    const NumberStatus status = parseNumber(field, *f++);
    if (status != NumberStatus::kOk)
      RINGDL_FAIL(linePlace(record, file), columnName(c), ": ",
                  numberError(status, field, sizeof(T) == 4 ? "float" : "double"));
  }
  out.shape = options_.shape.empty() ? Shape{d} : options_.shape;
  // The checks above hold for every later row of this column count: the simple path may take them.
  labelColumn_ = labelColumn;
  featureShape_ = out.shape;
  simpleReady_ = true;
}

template <typename T>
std::string CsvDecoder<T>::describe() const {
  std::string s = options_.delimiter == '\t' ? "TSV" : "CSV";
  if (options_.delimiter != ',' && options_.delimiter != '\t')
    s += std::string(" (delimiter '") + options_.delimiter + "')";
  s += " rows, label in column " + std::to_string(options_.labelColumn) + " (" +
       labelMappingName(options_.labels);
  if (options_.numClasses) s += ", " + std::to_string(options_.numClasses) + " classes";
  s += ")";
  if (columns_) s += ", " + std::to_string(columns_) + " columns";
  if (!options_.shape.empty()) s += ", features shaped " + shapeText(options_.shape);
  return s;
}

template <typename T>
void writeCsv(const std::string& path, const Tensor<T>& features, const Tensor<T>& labels,
              const CsvWriteOptions& options) {
  RINGDL_CHECK(features.dim() >= 1 && labels.dim() == 1 && features.size(0) == labels.size(0), "writeCsv ",
               path, ": features ", toString(features.shape()), " and labels ", toString(labels.shape()),
               " must be [N, ...] and [N]");
  RINGDL_CHECK(options.labelColumn == 0 || options.labelColumn == -1, "writeCsv ", path,
               ": the label column is 0 (first) or -1 (last), not ", options.labelColumn);
  const int64_t n = features.size(0);
  const int64_t d = numelOf(Shape(features.shape().begin() + 1, features.shape().end()));
  const std::vector<T> x = features.contiguous().toVector();
  const std::vector<T> y = labels.contiguous().toVector();
  TextLineWriter out(path, options.gzip);
  std::string line;
  if (options.header) {
    std::vector<std::string> names;
    for (int64_t j = 0; j < d; ++j) names.push_back("f" + std::to_string(j));
    if (options.labelColumn == 0)
      names.insert(names.begin(), "label");
    else
      names.push_back("label");
    for (size_t i = 0; i < names.size(); ++i) line += (i ? std::string(1, options.delimiter) : "") + names[i];
    out.writeLine(line);
  }
  for (int64_t i = 0; i < n; ++i) {
    line.clear();
    const std::string label =
        numberText(static_cast<T>(unmapLabel(static_cast<double>(y[i]), options.labels)));
    if (options.labelColumn == 0) line += label;
    for (int64_t j = 0; j < d; ++j) {
      if (!line.empty() || j > 0) line += options.delimiter;
      appendNumber(line, x[static_cast<size_t>(i * d + j)]);
    }
    if (options.labelColumn != 0) (line += options.delimiter) += label;
    out.writeLine(line);
  }
  out.close();
}

template class CsvDecoder<float>;
template class CsvDecoder<double>;
template void writeCsv(const std::string&, const Tensor<float>&, const Tensor<float>&,
                       const CsvWriteOptions&);
template void writeCsv(const std::string&, const Tensor<double>&, const Tensor<double>&,
                       const CsvWriteOptions&);

}  // namespace ringdl
