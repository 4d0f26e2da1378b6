// SequencePadding: widths, truncation and padding of rows, the config's text forms, and SampleToMiniBatch
// with padding.
#include "ringdl/data/text/sequence_padding.h"

#include <algorithm>
#include <sstream>

#include "ringdl/util/error.h"

namespace ringdl {

int64_t SequencePadding::width(int64_t longest) const {
  if (mode == PaddingMode::kFixed) return length;
  return std::max<int64_t>(longest, 1);
}

std::string SequencePadding::describe() const {
  std::ostringstream os;
  if (mode == PaddingMode::kFixed)
    os << "fixed " << length << " (truncating the " << (truncate == TruncateSide::kEnd ? "end" : "start")
       << ")";
  else
    os << "longest";
  os << ", pad " << value;
  if (lengthsInInput) os << ", lengths in the input";
  return os.str();
}

SequencePadding parseSequencePadding(const std::string& text) {
  std::istringstream is(text);
  std::string mode, extra;
  long long n = 0;
  is >> mode;
  if (mode == "longest" && !(is >> extra)) return SequencePadding::longest();
  if (mode == "fixed" && (is >> n) && !(is >> extra)) {
    RINGDL_CHECK(n >= 1, "padding 'fixed ", n, "': the fixed length must be at least 1");
    return SequencePadding::fixed(n);
  }
  RINGDL_FAIL("bad padding '", text,
              "': expected 'longest' (pad to the longest record of each batch) or 'fixed N' "
              "(pad or truncate every record to N tokens)");
}

TruncateSide parseTruncateSide(const std::string& text) {
  if (text == "end") return TruncateSide::kEnd;
  if (text == "start") return TruncateSide::kStart;
  RINGDL_FAIL("bad truncate '", text,
              "': expected 'end' (keep the first N tokens) or 'start' (keep the last N)");
}

void SequenceBatching::validate(const std::string& what) const {
  RINGDL_CHECK(padding.mode != PaddingMode::kFixed || padding.length >= 1, what,
               ": the fixed length must be at least 1, got ", padding.length);
  RINGDL_CHECK(bucketWindow >= 0 && bucketRun >= 0, what, ": bucket_window and bucket_run must be >= 0, got ",
               bucketWindow, " and ", bucketRun);
  RINGDL_CHECK(bucketRun <= bucketWindow || bucketWindow == 0, what, ": bucket_run (", bucketRun,
               ") cannot exceed bucket_window (", bucketWindow, ")");
}

template <typename T>
int64_t padRow(const T* values, int64_t n, int64_t width, const SequencePadding& padding, T fill, T* row) {
  const int64_t kept = std::min(n, width);
  const T* from = padding.truncate == TruncateSide::kStart ? values + (n - kept) : values;
  std::copy(from, from + kept, row);
  std::fill(row + kept, row + width, fill);
  return kept;
}

template <typename T>
MiniBatch<T> toPaddedMiniBatch(const std::vector<Sample<T>>& samples, const SequencePadding& padding) {
  if (samples.empty()) return MiniBatch<T>();
  const int64_t b = static_cast<int64_t>(samples.size());
  const bool sequenceTargets = samples[0].label().dim() == 1;
  int64_t longest = 0;
  for (int64_t i = 0; i < b; ++i) {
    const Sample<T>& s = samples[static_cast<size_t>(i)];
    RINGDL_CHECK(s.feature().dim() == 1, "toPaddedMiniBatch: sample ", i, " has feature shape ",
                 toString(s.feature().shape()), "; padding applies to sequences [L]");
    RINGDL_CHECK(
        sequenceTargets ? (s.label().dim() == 1 && s.label().size(0) == s.feature().size(0))
                        : s.label().dim() == 0,
        "toPaddedMiniBatch: sample ", i, " has label shape ", toString(s.label().shape()),
        " and feature shape ", toString(s.feature().shape()), ", but sample 0's label is ",
        sequenceTargets ? "a sequence (every label must be as long as its features)" : "a class index (0-d)");
    longest = std::max(longest, s.feature().size(0));
  }
  const int64_t width = padding.width(longest);
  Tensor<T> input({b, width}), lengths({b});
  Tensor<T> target = sequenceTargets ? Tensor<T>({b, width}) : Tensor<T>({b});
  for (int64_t i = 0; i < b; ++i) {
    const Sample<T>& s = samples[static_cast<size_t>(i)];
    const std::vector<T> f = s.feature().toVector();
    const int64_t kept = padRow(f.data(), static_cast<int64_t>(f.size()), width, padding,
                                static_cast<T>(padding.value), input.data() + i * width);
    lengths.data()[i] = static_cast<T>(kept);
    const std::vector<T> l = s.label().toVector();
    if (sequenceTargets)
      padRow(l.data(), static_cast<int64_t>(l.size()), width, padding, static_cast<T>(padding.targetValue),
             target.data() + i * width);
    else
      target.data()[i] = l[0];
  }
  MiniBatch<T> batch(input, target);
  batch.setLengths(lengths, padding.lengthsInInput);
  return batch;
}

template int64_t padRow(const float*, int64_t, int64_t, const SequencePadding&, float, float*);
template int64_t padRow(const double*, int64_t, int64_t, const SequencePadding&, double, double*);
template MiniBatch<float> toPaddedMiniBatch(const std::vector<Sample<float>>&, const SequencePadding&);
template MiniBatch<double> toPaddedMiniBatch(const std::vector<Sample<double>>&, const SequencePadding&);

}  // namespace ringdl
