// Dictionary: tokens to 0-based indices for a LookupTable, built from training text (most frequent first),
// with the padding token at 0 and the unknown token at 1; saved and loaded as a plain text file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ringdl {

struct DictionaryOptions {
  /// The most tokens the dictionary holds, the reserved ones included, so it is the LookupTable's row count
  /// (0: no limit). The most frequent tokens are kept.
  int64_t maxSize = 0;
  /// Tokens seen fewer times than this in the training text are left out (they read as the unknown token).
  int64_t minCount = 1;
  std::string paddingToken = "<pad>";  ///< index 0
  std::string unknownToken = "<unk>";  ///< index 1
  /// More reserved tokens, at indices 2, 3, ... in this order (e.g. "<eos>" for a language model's line
  /// ends).
  std::vector<std::string> reserved;

  DictionaryOptions& withMaxSize(int64_t n) {
    maxSize = n;
    return *this;
  }
  DictionaryOptions& withMinCount(int64_t n) {
    minCount = n;
    return *this;
  }
  DictionaryOptions& withReserved(std::vector<std::string> tokens) {
    reserved = std::move(tokens);
    return *this;
  }
};

/// Counts tokens for a Dictionary. Counting is order-independent, so builders fed the same tokens in any
/// order (file by file, or merged) build the same dictionary.
class TokenCounter {
 public:
  void add(std::string_view token, int64_t count = 1);
  void add(const std::vector<std::string>& tokens);
  /// Adds another counter's counts.
  void merge(const TokenCounter& other);
  /// Tokens counted, each once.
  int64_t distinct() const { return static_cast<int64_t>(counts_.size()); }
  /// Tokens counted, with repeats.
  int64_t total() const { return total_; }
  const std::unordered_map<std::string, int64_t>& counts() const { return counts_; }

 private:
  std::unordered_map<std::string, int64_t> counts_;
  int64_t total_ = 0;
};

/// A vocabulary (BigDL's Dictionary): index 0 is the padding token, 1 the unknown token, then any further
/// reserved tokens, then the counted tokens from the most frequent down, ties in byte order of the tokens
/// (so the same text always gives the same indices, whatever the order it was counted in). Reserved tokens
/// found in the text are not counted as ordinary tokens (their occurrences keep their reserved index).
///
/// File format (save/load), UTF-8 text, one line per token in index order:
///
///     #ringdl-vocabulary 1
///     <pad>	0
///     <unk>	0
///     the	5012
///     ,	4710
///
/// The first line is the header (optional when loading: a file without it is read from its first line as
/// tokens). Each token line is the token, optionally followed by a tab and its count in the training text (a
/// whole number >= 0). In the token, a backslash is written "\\", a tab "\t", a carriage return "\r", a line
/// feed "\n", and a byte that is not UTF-8 (byte tokenizer) "\xHH"; a space is written as it is. The
/// first token is the padding token, the second the unknown token. A file any other tool writes with one
/// token per line and these two first reads as is.
class Dictionary {
 public:
  /// An empty dictionary (size() == 0); build() or load() make usable ones.
  Dictionary() = default;

  /// The dictionary of `counter`'s tokens under `options`. Throws ringdl::Error when no counted token
  /// reaches minCount (an empty dictionary: no text, or a min count above every token's), when maxSize is
  /// below the reserved tokens + 1, or when a reserved token is empty or given twice.
  static Dictionary build(const TokenCounter& counter, const DictionaryOptions& options = {});
  /// Reads a file in the format above. Throws ringdl::Error naming the file and the 1-based line for a
  /// duplicate token (and the line it first appeared on), an empty token, a bad escape or count, and for a
  /// file of fewer than the two reserved tokens.
  static Dictionary load(const std::string& path);
  /// Writes the format above, atomically (a temporary file renamed into place).
  void save(const std::string& path) const;

  /// Tokens, reserved ones included.
  int64_t size() const { return static_cast<int64_t>(tokens_.size()); }
  bool empty() const { return tokens_.empty(); }
  /// The index of `token`, or unknownIndex() when it is not in the dictionary.
  int64_t index(std::string_view token) const;
  /// Whether `token` has an index of its own.
  bool contains(std::string_view token) const;
  /// The token at `index`; throws ringdl::Error outside [0, size()).
  const std::string& token(int64_t index) const;
  /// The count recorded for the token at `index` (0 for reserved tokens and files without counts).
  int64_t count(int64_t index) const;
  static constexpr int64_t paddingIndex() { return 0; }
  static constexpr int64_t unknownIndex() { return 1; }
  /// Reserved tokens: padding, unknown and the further reserved ones.
  int64_t reservedCount() const { return reserved_; }
  /// Tokens of the training text that the size limit or the min count left out (build() only).
  int64_t droppedTokens() const { return dropped_; }
  /// Occurrences of those tokens in the training text, which read as the unknown token.
  int64_t droppedOccurrences() const { return droppedOccurrences_; }

 private:
  void add(std::string token, int64_t count);

  std::vector<std::string> tokens_;
  std::vector<int64_t> counts_;
  std::unordered_map<std::string, int64_t> index_;
  int64_t reserved_ = 0;
  int64_t dropped_ = 0;
  int64_t droppedOccurrences_ = 0;
};

/// A token as the dictionary file writes it (escapes above), and the inverse; the inverse returns "" on
/// success and what is wrong otherwise.
std::string escapeToken(std::string_view token);
std::string unescapeToken(std::string_view text, std::string& token);

}  // namespace ringdl
