// LanguageModelReader: a text file as a stream of tokens cut into windows of seqLen + 1 dictionary indices,
// one record each; LanguageModelDecoder<T> makes a window the input [seqLen] and next-token targets [seqLen].
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "ringdl/data/record_decoder.h"
#include "ringdl/data/shard_set.h"
#include "ringdl/data/text/dictionary.h"
#include "ringdl/data/text/tokenizer.h"
#include "ringdl/data/text_records.h"

namespace ringdl {

/// The value type of LanguageModelReader's records: seqLen + 1 token indices as native int32 (records live
/// in memory only, between the reader and LanguageModelDecoder).
inline constexpr const char* kTokenWindowType = "ringdl.TokenWindow";

struct LanguageModelOptions {
  int64_t seqLen = 35;  ///< steps per record: windows hold seqLen + 1 tokens
  /// Appends the end-of-line token after each line's tokens (a language model then learns where lines end;
  /// the dictionary must hold it: DictionaryOptions::reserved).
  bool lineEnds = true;
  std::string eosToken = "<eos>";
  TextLineReaderOptions lines;  ///< how the file's lines are read (header lines, compression, ...)

  LanguageModelOptions& withSeqLen(int64_t n) {
    seqLen = n;
    return *this;
  }
  LanguageModelOptions& withLineEnds(bool on) {
    lineEnds = on;
    return *this;
  }
};

/// Reads one text file as a language-model stream: the tokens of its lines in order (blank lines skipped,
/// each line followed by the end-of-line token with lineEnds), as dictionary indices, cut into windows of
/// seqLen + 1 tokens. Window k holds tokens [k seqLen, (k + 1) seqLen], so consecutive windows share one
/// token and every token after the first is a target exactly once. The tokens after the file's last whole
/// window are dropped (fewer than seqLen + 1 remain), so each part file loses less than a window.
///
/// Records: value = the window's indices (kTokenWindowType), index = the window's number in the file, offset
/// = the byte offset of the line holding its first token. Errors name the file, the line and its byte offset:
/// a line that is not valid UTF-8 (word and char tokenizers; with the byte offset inside the line), and the
/// line reader's own (an over-long line, a damaged gzip stream). recover() after a bad line leaves that
/// line's tokens out of the stream and goes on (what skip_corrupt does); after a line reader error it
/// recovers as TextLineReader does.
class LanguageModelReader : public RecordReader {
 public:
  LanguageModelReader(const std::string& path, Tokenizer tokenizer,
                      std::shared_ptr<const Dictionary> dictionary, const LanguageModelOptions& options = {});

  bool next(Record& record) override;
  bool recover() override;
  const std::string& path() const override { return lines_.path(); }

 private:
  struct LineStart {
    int64_t token;  // stream position of the line's first token
    int64_t index, offset;
  };
  TextLineReader lines_;
  Tokenizer tokenizer_;
  std::shared_ptr<const Dictionary> dictionary_;
  LanguageModelOptions options_;
  int32_t eos_ = -1;
  std::vector<int32_t> pending_;  // tokens [head_, ...) of the stream from position base_
  size_t head_ = 0;
  int64_t base_ = 0;  // stream position of pending_[0]
  std::deque<LineStart> starts_;
  int64_t window_ = 0;
  bool lineFailed_ = false;  // the last error was a bad line (already consumed)
};

/// A factory of LanguageModelReaders sharing one tokenizer and dictionary, for ShardDataSet.
RecordReaderFactory languageModelReaderFactory(Tokenizer tokenizer,
                                               std::shared_ptr<const Dictionary> dictionary,
                                               LanguageModelOptions options);

/// Decodes LanguageModelReader's windows: features [seqLen] = tokens 0 .. seqLen - 1 of the window, targets
/// [seqLen] = tokens 1 .. seqLen (the next token at each step), label 0. With sequence batching the batch is
/// input [B, seqLen] and target [B, seqLen], which TimeDistributedCriterion over ClassNLLCriterion takes.
template <typename T>
class LanguageModelDecoder : public RecordDecoder<T> {
 public:
  explicit LanguageModelDecoder(int64_t seqLen);
  void decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) override;
  std::string describe() const override;

 private:
  int64_t seqLen_;
};

extern template class LanguageModelDecoder<float>;
extern template class LanguageModelDecoder<double>;

}  // namespace ringdl
