// LibSvmDecoder<T>: LibSVM lines tokenised in place, indices checked (range, strictly increasing), values
// parsed with from_chars into dense rows; the feature-count pass; loadLibSvm and writeLibSvm.
#include "ringdl/data/libsvm_decoder.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "detail/number_text.h"
#include "ringdl/data/load_records.h"
#include "ringdl/util/error.h"

namespace ringdl {

using detail::appendNumber;
using detail::numberError;
using detail::NumberStatus;
using detail::numberText;
using detail::parseNumber;

TextLineReaderOptions libSvmReaderOptions() { return TextLineReaderOptions().withComment('#'); }

namespace {

inline bool isSpace(char c) { return c == ' ' || c == '\t'; }

// Splits `line` into whitespace-separated tokens, calling f(token, number) for each (1-based number) until
// f returns false or a token starts with '#'.
template <typename F>
void forEachToken(std::string_view line, F&& f) {
  size_t i = 0, number = 0;
  const size_t n = line.size();
  for (;;) {
    while (i < n && isSpace(line[i])) ++i;
    if (i == n || line[i] == '#') return;
    const size_t start = i;
    while (i < n && !isSpace(line[i])) ++i;
    if (!f(line.substr(start, i - start), ++number)) return;
  }
}

std::string tokenPlace(const RecordView& record, const std::string& file, size_t number,
                       std::string_view token) {
  return linePlace(record, file) + "token " + std::to_string(number) + " " + quoteText(token, 60) + ": ";
}

// The index of an "index:value" token, checked to be a whole number; -1 (with `why`) if it is not.
int64_t tokenIndex(std::string_view token, std::string_view& value, std::string& why) {
  const size_t colon = token.find(':');
  if (colon == std::string_view::npos) {
    why = "not an index:value pair";
    return -1;
  }
  const std::string_view index = token.substr(0, colon);
  value = token.substr(colon + 1);
  if (index == "qid") {
    why = "qid (SVMlight's ranking query ids) is not supported; remove the qid tokens";
    return -1;
  }
  int64_t v = -1;
  const auto res = std::from_chars(index.data(), index.data() + index.size(), v);
  if (index.empty() || res.ec != std::errc() || res.ptr != index.data() + index.size() || v < 0) {
    why = "the index " + quoteText(index, 40) + " is not a whole number >= 0";
    return -1;
  }
  return v;
}

// The common case in one pass: a label and index:value pairs that from_chars takes whole, indices
// increasing within [base, base + d). false: anything else, for the general path to handle or report.
template <typename T>
bool decodeSimpleLine(std::string_view line, int64_t d, int64_t base, T* f, double& label) {
  const char* p = line.data();
  const char* const end = p + line.size();
  auto skipSpaces = [&] {
    while (p < end && isSpace(*p)) ++p;
  };
  auto skipPlus = [&] {
    if (p < end && *p == '+') {
      ++p;
      if (p == end || *p == '+' || *p == '-') return false;
    }
    return true;
  };
  skipSpaces();
  if (!skipPlus()) return false;
  auto r = std::from_chars(p, end, label);
  if (r.ec != std::errc() || (r.ptr != end && !isSpace(*r.ptr))) return false;
  p = r.ptr;
  int64_t previous = base - 1;
  for (;;) {
    skipSpaces();
    if (p == end || *p == '#') return true;
    int64_t index = 0;
    const auto ri = std::from_chars(p, end, index);
    if (ri.ec != std::errc() || ri.ptr == end || *ri.ptr != ':' || index <= previous || index < base ||
        index - base >= d)
      return false;
    p = ri.ptr + 1;
    if (!skipPlus()) return false;
    T& value = f[index - base];
    const auto rv = std::from_chars(p, end, value);
    if (rv.ec != std::errc() || !std::isfinite(value) || (rv.ptr != end && !isSpace(*rv.ptr))) return false;
    p = rv.ptr;
    previous = index;
  }
}

}  // namespace

template <typename T>
LibSvmDecoder<T>::LibSvmDecoder(LibSvmOptions options) : options_(std::move(options)) {
  RINGDL_CHECK(
      options_.numFeatures > 0, "LibSVM: the feature count (num_features) is ", options_.numFeatures,
      "; give it, or find it with inferLibSvmFeatureCount(files) (a pass over the files: a streaming "
      "decoder cannot know the largest index in advance)");
  RINGDL_CHECK(options_.shape.empty() || numelOf(options_.shape) == options_.numFeatures,
               "LibSVM: the shape ", shapeText(options_.shape), " holds ", numelOf(options_.shape),
               " values, but num_features is ", options_.numFeatures);
  RINGDL_CHECK(options_.labels != LabelMapping::kValue || options_.numClasses == 0, "LibSVM: num_classes ",
               options_.numClasses, " does not go with the label mapping value");
  RINGDL_CHECK(
      options_.labels != LabelMapping::kSigned || options_.numClasses == 0 || options_.numClasses == 2,
      "LibSVM: the signed label mapping has 2 classes, not ", options_.numClasses);
  RINGDL_CHECK(options_.numClasses >= 0, "LibSVM: num_classes ", options_.numClasses, " is negative");
  featureShape_ = options_.shape.empty() ? Shape{options_.numFeatures} : options_.shape;
}

template <typename T>
void LibSvmDecoder<T>::decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) {
  const int64_t d = options_.numFeatures;
  const int64_t base = options_.zeroBased ? 0 : 1;
  out.features.assign(static_cast<size_t>(d), T(0));
  T* f = out.features.data();
  {
    double written = 0, mapped = 0;
    if (decodeSimpleLine(record.value, d, base, f, written) &&
        mapLabel(written, options_.labels, options_.numClasses, mapped).empty()) {
      out.label = static_cast<T>(mapped);
      if (out.shape != featureShape_) out.shape = featureShape_;
      return;
    }
    out.features.assign(static_cast<size_t>(d),
                        T(0));  // the general path starts afresh and says what is wrong
  }
  int64_t previous = base - 1;
  bool labelSeen = false;
  forEachToken(record.value, [&](std::string_view token, size_t number) {
    if (!labelSeen) {
      labelSeen = true;
      double written = 0;
      const NumberStatus status = parseNumber(token, written);
      if (status != NumberStatus::kOk)
        RINGDL_FAIL(tokenPlace(record, file, number, token),
                    "the label: ", numberError(status, token, "double"),
                    token.find(':') != std::string_view::npos ? " (each line starts with its label)" : "");
      double mapped = 0;
      const std::string why = mapLabel(written, options_.labels, options_.numClasses, mapped);
      if (!why.empty()) RINGDL_FAIL(tokenPlace(record, file, number, token), why);
      out.label = static_cast<T>(mapped);
      return true;
    }
    std::string_view value;
    std::string why;
    const int64_t index = tokenIndex(token, value, why);
    if (index < 0) RINGDL_FAIL(tokenPlace(record, file, number, token), why);
    if (index < base)
      RINGDL_FAIL(tokenPlace(record, file, number, token),
                  "feature index 0 in a file read as 1-based (LibSVM's indices start at 1; for files whose "
                  "indices start at 0 set zero_based)");
    if (index <= previous)
      RINGDL_FAIL(tokenPlace(record, file, number, token), "feature index ", index,
                  " does not increase (the one before is ", previous,
                  "); LibSVM lines list indices in "
                  "increasing order, each once");
    if (index - base >= d)
      RINGDL_FAIL(tokenPlace(record, file, number, token), "feature index ", index, " is beyond the ", d,
                  " features (num_features; indices ", base, "..", d - 1 + base, ")");
    const NumberStatus status = parseNumber(value, f[index - base]);
    if (status != NumberStatus::kOk)
      RINGDL_FAIL(tokenPlace(record, file, number, token),
                  "the value: ", numberError(status, value, sizeof(T) == 4 ? "float" : "double"));
    previous = index;
    return true;
  });
  RINGDL_CHECK(labelSeen, linePlace(record, file), "the line holds no label");
  out.shape = featureShape_;
}

template <typename T>
std::string LibSvmDecoder<T>::describe() const {
  std::string s = "LibSVM lines, " + std::to_string(options_.numFeatures) + " features (" +
                  (options_.zeroBased ? "0-based" : "1-based") + " indices), labels " +
                  labelMappingName(options_.labels);
  if (options_.numClasses) s += ", " + std::to_string(options_.numClasses) + " classes";
  if (!options_.shape.empty()) s += ", features shaped " + shapeText(options_.shape);
  return s;
}

int64_t inferLibSvmFeatureCount(const std::vector<std::string>& files, bool zeroBased,
                                const TextLineReaderOptions& readerOptions) {
  RINGDL_CHECK(!files.empty(), "inferLibSvmFeatureCount: no files");
  int64_t largest = -1;
  Record record;
  for (const std::string& file : files) {
    TextLineReader reader(file, readerOptions);
    while (reader.next(record)) {
      forEachToken(record.value, [&](std::string_view token, size_t number) {
        if (number == 1) return true;  // the label
        std::string_view value;
        std::string why;
        const int64_t index = tokenIndex(token, value, why);
        if (index < 0) RINGDL_FAIL(tokenPlace(record, file, number, token), why);
        RINGDL_CHECK(zeroBased || index > 0, tokenPlace(record, file, number, token),
                     "feature index 0 in a file read as 1-based (for files whose indices start at 0 set "
                     "zero_based)");
        largest = std::max(largest, index);
        return true;
      });
    }
  }
  RINGDL_CHECK(largest >= 0,
               "inferLibSvmFeatureCount: ", files.size() == 1 ? "file " + files[0] : "the files",
               " hold no index:value pairs, so the feature count cannot be inferred; give num_features");
  return zeroBased ? largest + 1 : largest;
}

template <typename T>
LabeledData<T> loadLibSvm(const std::vector<std::string>& files, LibSvmOptions options) {
  if (options.numFeatures == 0) options.numFeatures = inferLibSvmFeatureCount(files, options.zeroBased);
  LibSvmDecoder<T> decoder(options);
  return loadRecords<T>(files, textRecordReaderFactory(libSvmReaderOptions()), decoder);
}

template <typename T>
void writeLibSvm(const std::string& path, const Tensor<T>& features, const Tensor<T>& labels,
                 const LibSvmWriteOptions& options) {
  RINGDL_CHECK(features.dim() >= 1 && labels.dim() == 1 && features.size(0) == labels.size(0), "writeLibSvm ",
               path, ": features ", toString(features.shape()), " and labels ", toString(labels.shape()),
               " must be [N, ...] and [N]");
  const int64_t n = features.size(0);
  const int64_t d = numelOf(Shape(features.shape().begin() + 1, features.shape().end()));
  const std::vector<T> x = features.contiguous().toVector();
  const std::vector<T> y = labels.contiguous().toVector();
  const int64_t base = options.zeroBased ? 0 : 1;
  TextLineWriter out(path, options.gzip);
  std::string line;
  for (int64_t i = 0; i < n; ++i) {
    const double label = unmapLabel(static_cast<double>(y[static_cast<size_t>(i)]), options.labels);
    line = options.labels == LabelMapping::kSigned && label > 0 ? "+1" : numberText(static_cast<T>(label));
    for (int64_t j = 0; j < d; ++j) {
      const T v = x[static_cast<size_t>(i * d + j)];
      if (v == T(0)) continue;
      line += ' ';
      line += std::to_string(j + base);
      line += ':';
      appendNumber(line, v);
    }
    out.writeLine(line);
  }
  out.close();
}

template class LibSvmDecoder<float>;
template class LibSvmDecoder<double>;
template LabeledData<float> loadLibSvm(const std::vector<std::string>&, LibSvmOptions);
template LabeledData<double> loadLibSvm(const std::vector<std::string>&, LibSvmOptions);
template void writeLibSvm(const std::string&, const Tensor<float>&, const Tensor<float>&,
                          const LibSvmWriteOptions&);
template void writeLibSvm(const std::string&, const Tensor<double>&, const Tensor<double>&,
                          const LibSvmWriteOptions&);

}  // namespace ringdl
