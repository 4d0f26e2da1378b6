// TextDecoder<T>: a line of text, or a CSV/TSV row "label,text", as a sequence of dictionary indices and a
// class label, for ShardDataSet with sequence batching.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ringdl/data/record_decoder.h"
#include "ringdl/data/text/dictionary.h"
#include "ringdl/data/text/tokenizer.h"
#include "ringdl/data/text_records.h"

namespace ringdl {

/// Where the text and the label are in a line.
struct TextLayout {
  /// '\0': the whole line is the text (one document per line, no label: prediction); ',' or '\t': a CSV or
  /// TSV row of two fields, the label and the text, RFC 4180 quoting (a text holding the delimiter must be
  /// quoted, as pandas' to_csv and Spark's df.write.csv do).
  char delimiter = ',';
  /// The label's field: 0 (first, "label,text") or 1 (last, "text,label").
  int64_t labelColumn = 0;

  static TextLayout lines() { return {'\0', 0}; }
  static TextLayout csv(char delimiter = ',', int64_t labelColumn = 0) { return {delimiter, labelColumn}; }
  bool labeled() const { return delimiter != '\0'; }
};

/// How written labels become class indices.
struct TextLabels {
  /// Class names: a label is its position in this list ("sports" -> 2). Empty: labels are numbers mapped by
  /// `mapping`.
  std::vector<std::string> names;
  LabelMapping mapping = LabelMapping::kZeroBased;
  int64_t numClasses = 0;  ///< numeric labels: the class count they must stay below (0: unchecked)
};

/// "a,b,c" -> {"a", "b", "c"} (spaces around names dropped; an Error for an empty or repeated name).
std::vector<std::string> parseLabelNames(const std::string& text);

/// Splits a line into its text and its label's text as `layout` says. Returns "" on success, else what is
/// wrong: not two fields (with the hint to quote the text), an empty label. `scratch` holds unquoted text.
std::string splitTextLine(std::string_view line, const TextLayout& layout, std::string_view& text,
                          std::string_view& label, std::vector<std::string_view>& fields,
                          std::string& scratch);

/// Decodes text lines (TextLineReader records) into features [L]: the dictionary index of each token (tokens
/// not in it read as its unknown index), L the number of tokens (or fewer, see maxTokens), and the label
/// (0 for unlabeled lines). Errors name the file, the line and its byte offset: invalid UTF-8 (with the
/// byte offset in the line), a row without two fields, an empty label, a label not among the names
/// ("unknown label 'sprots'; the labels are ..."), a numeric label its mapping refuses. These are the
/// records skip_corrupt skips.
template <typename T>
class TextDecoder : public RecordDecoder<T> {
 public:
  TextDecoder(Tokenizer tokenizer, std::shared_ptr<const Dictionary> dictionary, TextLayout layout = {},
              TextLabels labels = {});

  /// Tokens kept per record: the first maxTokens (0: all). With FixedLength padding truncating the end,
  /// set it to the fixed length so that a very long line is not held as indices beyond what the batch keeps.
  void setMaxTokens(int64_t n) { maxTokens_ = n; }

  void decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) override;
  std::string describe() const override;

 private:
  Tokenizer tokenizer_;
  std::shared_ptr<const Dictionary> dictionary_;
  TextLayout layout_;
  TextLabels labels_;
  std::unordered_map<std::string, int64_t> labelIndex_;
  int64_t maxTokens_ = 0;
  std::vector<std::string_view> fields_;
  std::string scratch_;
};

extern template class TextDecoder<float>;
extern template class TextDecoder<double>;

}  // namespace ringdl
