// Tokenizer: text (UTF-8) to tokens, by words and punctuation, by characters or by bytes, deterministic and
// independent of the process's locale.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ringdl {

/// How a Tokenizer cuts text.
enum class TokenizerMode {
  kWord,  ///< runs of letters, digits and marks; each punctuation character is a token of its own
  kChar,  ///< one token per UTF-8 character (code point), spaces included
  kByte,  ///< one token per byte; any bytes are accepted, UTF-8 or not
};

/// "word", "char", "byte"; and the inverse, an Error listing the names otherwise.
const char* tokenizerModeName(TokenizerMode mode);
TokenizerMode parseTokenizerMode(const std::string& name);

struct TokenizerOptions {
  TokenizerMode mode = TokenizerMode::kWord;
  /// Lower-cases letters before cutting (see Tokenizer for which scripts). Not available in byte mode.
  bool lowerCase = false;

  TokenizerOptions& withMode(TokenizerMode m) {
    mode = m;
    return *this;
  }
  TokenizerOptions& withLowerCase(bool on) {
    lowerCase = on;
    return *this;
  }
};

/// Cuts a line of UTF-8 text into tokens (BigDL's SentenceTokenizer, without OpenNLP models).
///
/// Word mode: whitespace separates tokens and is dropped (ASCII space, tab, CR, LF, VT, FF and the Unicode
/// spaces U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000); every punctuation
/// or symbol character is a token of its own (ASCII's !"#$%&'()*+,-./:;<=>?@[\]^`{|}~, Latin-1's
/// U+00A1-U+00BF except U+00AA, U+00B2, U+00B3, U+00B5, U+00B9, U+00BA, U+00BC-U+00BE, U+00D7, U+00F7,
/// General Punctuation U+2010-U+2027 and U+2030-U+205E, CJK punctuation U+3001-U+3003, U+3008-U+3011,
/// U+3014-U+301F, and the full-width forms U+FF01-U+FF0F, U+FF1A-U+FF20, U+FF3B-U+FF40, U+FF5B-U+FF65);
/// everything else (letters, digits, '_', marks, other scripts) joins the word it touches. So "Don't stop."
/// is
/// ["Don", "'", "t", "stop", "."] and "naïve café" is ["naïve", "café"]. A multi-byte character is never
/// split.
///
/// Char mode: every code point is a token, spaces included (a character language model needs them); "\r"
/// and "\n" are dropped (lines come without their breaks; a stray "\r" is line-break noise).
///
/// Byte mode: every byte is a token of one byte, "\r" and "\n" dropped likewise; no UTF-8 check.
///
/// Lower-casing (word and char modes) maps the capitals of ASCII, Latin-1, Latin Extended-A, Greek and
/// Cyrillic to their small letters by fixed tables (no locale, so every machine gives the same tokens);
/// other scripts are left as they are.
///
/// Word and char modes need valid UTF-8 (no overlong forms, surrogates or code points above U+10FFFF):
/// tokenize() throws ringdl::Error naming the byte offset of the first invalid sequence, which callers
/// prefix with the file and line.
class Tokenizer {
 public:
  explicit Tokenizer(TokenizerOptions options = {});

  /// Calls `visit` with each token of `text` in order, without storing them (a 10 MB line costs no more
  /// than its longest token); stops early when `visit` returns false. The view is valid during the call.
  void forEachToken(std::string_view text, const std::function<bool(std::string_view)>& visit) const;
  /// Appends the tokens of `text` to `tokens`.
  void tokenize(std::string_view text, std::vector<std::string>& tokens) const;
  std::vector<std::string> tokenize(std::string_view text) const;

  const TokenizerOptions& options() const { return options_; }
  /// "word", "word, lower-cased", "char", ...
  std::string describe() const;

 private:
  TokenizerOptions options_;
};

/// The byte offset of the first invalid UTF-8 sequence in `text`, or std::string_view::npos when it is all
/// valid. `reason` (if given) says what is wrong there ("byte 0xff cannot start a character", ...).
size_t findInvalidUtf8(std::string_view text, std::string* reason = nullptr);

}  // namespace ringdl
