// LanguageModelReader: lines to a token stream cut into overlapping windows; LanguageModelDecoder.
#include "ringdl/data/text/language_model_reader.h"

#include <cstring>

#include "ringdl/util/error.h"

namespace ringdl {

LanguageModelReader::LanguageModelReader(const std::string& path, Tokenizer tokenizer,
                                         std::shared_ptr<const Dictionary> dictionary,
                                         const LanguageModelOptions& options)
    : lines_(path, options.lines),
      tokenizer_(std::move(tokenizer)),
      dictionary_(std::move(dictionary)),
      options_(options) {
  RINGDL_CHECK(options_.seqLen >= 1, "language model: seq_len must be at least 1, got ", options_.seqLen);
  RINGDL_CHECK(dictionary_ && !dictionary_->empty(), "LanguageModelReader needs a dictionary");
  if (options_.lineEnds) {
    RINGDL_CHECK(dictionary_->contains(options_.eosToken),
                 "language model: the dictionary has no end-of-line token \"", options_.eosToken,
                 "\" (build it with that token reserved, or turn line ends off)");
    eos_ = static_cast<int32_t>(dictionary_->index(options_.eosToken));
  }
}

bool LanguageModelReader::next(Record& record) {
  lineFailed_ = false;
  const size_t need = static_cast<size_t>(options_.seqLen + 1);
  RecordView line;
  while (pending_.size() - head_ < need) {
    if (!lines_.nextView(line)) return false;  // the tail shorter than a window is dropped
    const size_t before = pending_.size();
    try {
      tokenizer_.forEachToken(line.value, [&](std::string_view token) {
        pending_.push_back(static_cast<int32_t>(dictionary_->index(token)));
        return true;
      });
    } catch (const Error& e) {
      pending_.resize(before);  // none of a bad line's tokens enter the stream
      lineFailed_ = true;
      RINGDL_FAIL(linePlace(line, lines_.path()), e.message());
    }
    if (eos_ >= 0) pending_.push_back(eos_);
    if (pending_.size() > before)
      starts_.push_back({base_ + static_cast<int64_t>(before), line.index, line.offset});
  }
  const int64_t first = base_ + static_cast<int64_t>(head_);
  while (starts_.size() > 1 && starts_[1].token <= first) starts_.pop_front();
  record.key.clear();
  record.keyType.clear();
  record.valueType = kTokenWindowType;
  record.value.assign(reinterpret_cast<const char*>(pending_.data() + head_), need * sizeof(int32_t));
  record.index = window_++;
  record.offset = starts_.empty() ? 0 : starts_.front().offset;
  head_ += static_cast<size_t>(options_.seqLen);  // the window's last token starts the next one
  if (head_ > pending_.size() / 2 && head_ > 4096) {
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(head_));
    base_ += static_cast<int64_t>(head_);
    head_ = 0;
  }
  return true;
}

bool LanguageModelReader::recover() {
  if (lineFailed_) {
    lineFailed_ = false;
    return true;  // the bad line is consumed and left out; the stream goes on with the next line
  }
  return lines_.recover();
}

RecordReaderFactory languageModelReaderFactory(Tokenizer tokenizer,
                                               std::shared_ptr<const Dictionary> dictionary,
                                               LanguageModelOptions options) {
  return [tokenizer, dictionary, options](const std::string& path) -> RecordReaderPtr {
    return std::make_unique<LanguageModelReader>(path, tokenizer, dictionary, options);
  };
}

template <typename T>
LanguageModelDecoder<T>::LanguageModelDecoder(int64_t seqLen) : seqLen_(seqLen) {
  RINGDL_CHECK(seqLen_ >= 1, "language model: seq_len must be at least 1, got ", seqLen_);
}

template <typename T>
void LanguageModelDecoder<T>::decode(const RecordView& record, const std::string& file,
                                     DecodedRecord<T>& out) {
  const size_t n = static_cast<size_t>(seqLen_ + 1);
  RINGDL_CHECK(record.valueType == kTokenWindowType && record.value.size() == n * sizeof(int32_t),
               recordPlace(record, file), "expected a window of ", n,
               " tokens from LanguageModelReader, got ", record.value.size(), " bytes of type '",
               record.valueType, "' (read text_lm files with its factory)");
  std::vector<int32_t> tokens(n);
  std::memcpy(tokens.data(), record.value.data(), n * sizeof(int32_t));
  out.features.assign(tokens.begin(), tokens.end() - 1);
  out.targets.assign(tokens.begin() + 1, tokens.end());
  out.shape = {seqLen_};
  out.label = 0;
}

template <typename T>
std::string LanguageModelDecoder<T>::describe() const {
  return "language model windows (" + std::to_string(seqLen_) + " steps, next-token targets)";
}

template class LanguageModelDecoder<float>;
template class LanguageModelDecoder<double>;

}  // namespace ringdl
