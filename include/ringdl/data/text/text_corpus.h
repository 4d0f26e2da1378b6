// scanTextCorpus: one pass over text files counting tokens (for a Dictionary), labels and record lengths
// (for ringdl data inspect and for choosing seq_len).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ringdl/data/text/dictionary.h"
#include "ringdl/data/text/text_decoder.h"
#include "ringdl/data/text/tokenizer.h"
#include "ringdl/data/text_records.h"

namespace ringdl {

struct TextCorpusOptions {
  TextLayout layout;            ///< where the text (and label) is in a line
  TextLineReaderOptions lines;  ///< header lines, compression, ...
  /// false: a line that cannot be read (invalid UTF-8, a row without two fields) is an Error naming the
  /// file and line; true: it is skipped and counted, as the data set will skip it.
  bool skipCorrupt = false;
};

/// What a pass over text files found.
struct TextCorpus {
  TokenCounter tokens;
  std::map<std::string, int64_t> labels;  ///< labeled layouts: each label's text and its records
  std::map<int64_t, int64_t> lengths;     ///< tokens per record -> records of that length
  int64_t records = 0;
  int64_t corrupt = 0;
  std::string firstCorrupt;  ///< the first skipped line's error

  /// The smallest length L such that at least `fraction` of the records have L tokens or fewer (0 for no
  /// records).
  int64_t lengthQuantile(double fraction) const;
  /// The label texts in sorted order (byte order), which is the class order ringdl train uses when no
  /// label names are given and the labels are not numbers.
  std::vector<std::string> labelNames() const;
};

/// Reads every line of `files` in order, with the same reader, splitting and tokenizer as TextDecoder, and
/// counts. Deterministic: the same files give the same counts, so every rank that scans the same files
/// builds the same Dictionary without exchanging anything.
TextCorpus scanTextCorpus(const std::vector<std::string>& files, const Tokenizer& tokenizer,
                          const TextCorpusOptions& options = {});

}  // namespace ringdl
