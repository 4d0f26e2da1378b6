// CSV, TSV and LibSVM lines written record by record, numbers in their shortest exact text.
#include "ringdl/data/text_record_writer.h"

#include <cmath>

#include "detail/number_text.h"
#include "ringdl/util/error.h"

namespace ringdl {

using detail::appendNumber;
using detail::numberText;

const char* textRecordFormatName(TextRecordFormat format) {
  switch (format) {
    case TextRecordFormat::kCsv:
      return "csv";
    case TextRecordFormat::kTsv:
      return "tsv";
    case TextRecordFormat::kLibSvm:
      return "libsvm";
  }
  return "unknown";
}

template <typename T>
TextRecordWriter<T>::TextRecordWriter(const std::string& path, TextRecordWriterOptions options)
    : options_(options), out_(path, options.gzip) {}

template <typename T>
void TextRecordWriter<T>::append(const T* features, int64_t n, T label) {
  const char* what = textRecordFormatName(options_.format);
  RINGDL_CHECK(n > 0, what, " file ", path(), ": record ", records_,
               " holds no features; a line needs at least one value after its label");
  if (records_ == 0) features_ = n;
  RINGDL_CHECK(n == features_, what, " file ", path(), ": record ", records_, " holds ", n,
               " feature values but the first record holds ", features_, "; every line of a ", what,
               " file has the same features (records of one shape)");
  RINGDL_CHECK(std::isfinite(label), what, " file ", path(), ": record ", records_, " has label ",
               numberText(label), ", which the readers refuse (NaN and infinities are not numbers in text)");
  if (options_.labels != LabelMapping::kValue) {
    RINGDL_CHECK(label >= 0 && std::floor(label) == label, what, " file ", path(), ": record ", records_,
                 " has label ", numberText(label),
                 ", which is not a class index (a whole number >= 0); write such targets with the label "
                 "mapping value (LabelMapping::kValue), and read them back with it");
  }
  if (options_.labels == LabelMapping::kSigned) {
    RINGDL_CHECK(label == 0 || label == 1, what, " file ", path(), ": record ", records_, " has label ",
                 numberText(label),
                 ", which the signed mapping cannot write: it holds only the classes 0 (written -1) and 1 "
                 "(+1); write more classes with the zero_based or one_based mapping");
  }
  const double written = unmapLabel(static_cast<double>(label), options_.labels);
  line_.clear();
  if (options_.labels == LabelMapping::kSigned && written > 0)
    line_ = "+1";
  else
    appendNumber(line_, static_cast<T>(written));
  for (int64_t j = 0; j < n; ++j) {
    const T v = features[j];
    if (!std::isfinite(v))
      RINGDL_FAIL(what, " file ", path(), ": record ", records_, " feature ", j, " is ", numberText(v),
                  ", which the readers refuse (NaN and infinities are not numbers in text)");
  }
  if (options_.format == TextRecordFormat::kLibSvm) {
    for (int64_t j = 0; j < n; ++j) {
      const T v = features[j];
      if (v == T(0) && j + 1 < n) continue;
      line_ += ' ';
      appendNumber(line_, j + 1);
      line_ += ':';
      appendNumber(line_, v == T(0) ? T(0) : v);  // -0 as 0
    }
  } else {
    const char delimiter = options_.format == TextRecordFormat::kTsv ? '\t' : ',';
    for (int64_t j = 0; j < n; ++j) {
      line_ += delimiter;
      appendNumber(line_, features[j]);
    }
  }
  out_.writeLine(line_);
  ++records_;
}

template <typename T>
void TextRecordWriter<T>::close() {
  out_.close();
}

template class TextRecordWriter<float>;
template class TextRecordWriter<double>;

}  // namespace ringdl
