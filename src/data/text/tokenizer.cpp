// Tokenizer: UTF-8 decoding and validation, the whitespace and punctuation classes of word mode, and the
// fixed lower-casing tables.
#include "ringdl/data/text/tokenizer.h"

#include <cstdint>
#include <cstdio>

#include "ringdl/util/error.h"

namespace ringdl {

namespace {

// Decodes the character at text[pos]: its code point and byte length, or false for an invalid sequence (with
// why). Strict RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
bool decodeUtf8(std::string_view text, size_t pos, char32_t& cp, size_t& len, std::string* why) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byte(pos);
  char hex[8];
  if (b0 < 0x80) {
    cp = b0;
    len = 1;
    return true;
  }
  uint32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    if (why) {
      std::snprintf(hex, sizeof hex, "0x%02x", b0);
      *why =
          std::string("byte ") + hex +
          (b0 >= 0x80 && b0 < 0xC0 ? " continues a character that did not start (a stray continuation byte)"
           : b0 == 0xC0 || b0 == 0xC1 ? " starts an overlong encoding"
                                      : " cannot appear in UTF-8");
    }
    return false;
  }
  for (size_t i = 1; i < len; ++i) {
    if (pos + i >= text.size()) {
      if (why) *why = "the text ends inside a " + std::to_string(len) + "-byte character";
      return false;
    }
    const unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) {
      if (why) {
        std::snprintf(hex, sizeof hex, "0x%02x", b);
        *why = "a " + std::to_string(len) + "-byte character is cut short (byte " + std::to_string(i + 1) +
               " is " + hex + ", not a continuation byte)";
      }
      return false;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    if (why) {
      char u[16];
      std::snprintf(u, sizeof u, "U+%04X", static_cast<unsigned>(cp));
      *why = std::string(cp < min        ? "an overlong encoding of "
                         : cp > 0x10FFFF ? "a code point beyond U+10FFFF, "
                                         : "a UTF-16 surrogate, ") +
             u;
    }
    return false;
  }
  return true;
}

void appendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool isSpace(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

bool isPunctuation(char32_t c) {
  if (c < 0x80)
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60 && c != '_') ||
           (c >= 0x7B && c <= 0x7E);
  if (c >= 0xA1 && c <= 0xBF)  // Latin-1 punctuation and symbols; ª ² ³ µ ¹ º ¼ ½ ¾ are letters or numbers
    return !(c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 || c == 0xBA ||
             (c >= 0xBC && c <= 0xBE));
  if (c == 0xD7 || c == 0xF7) return true;  // × ÷
  if ((c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E)) return true;
  if ((c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301F))
    return true;
  return (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65);
}

char32_t toLower(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;  // Latin-1 capitals (not ×)
  if (c >= 0x100 && c <= 0x17F) {                          // Latin Extended-A: pairs, with a few exceptions
    if (c == 0x130) return 'i';                            // İ
    if (c == 0x178) return 0xFF;                           // Ÿ
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;  // Greek capitals
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 63;
  if (c >= 0x400 && c <= 0x40F) return c + 80;  // Cyrillic Ѐ..Џ
  if (c >= 0x410 && c <= 0x42F) return c + 32;  // Cyrillic А..Я
  return c;
}

}  // namespace

const char* tokenizerModeName(TokenizerMode mode) {
  switch (mode) {
    case TokenizerMode::kWord:
      return "word";
    case TokenizerMode::kChar:
      return "char";
    case TokenizerMode::kByte:
      return "byte";
  }
  return "?";
}

TokenizerMode parseTokenizerMode(const std::string& name) {
  if (name == "word") return TokenizerMode::kWord;
  if (name == "char") return TokenizerMode::kChar;
  if (name == "byte") return TokenizerMode::kByte;
  RINGDL_FAIL("unknown tokenizer '", name,
              "'; the tokenizers are word (words, each punctuation mark a token), char (one token per UTF-8 "
              "character) and byte (one token per byte)");
}

size_t findInvalidUtf8(std::string_view text, std::string* reason) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {  // the common case, without the call
      ++pos;
      continue;
    }
    char32_t cp;
    size_t len;
    if (!decodeUtf8(text, pos, cp, len, reason)) return pos;
    pos += len;
  }
  return std::string_view::npos;
}

Tokenizer::Tokenizer(TokenizerOptions options) : options_(options) {
  RINGDL_CHECK(!(options_.mode == TokenizerMode::kByte && options_.lowerCase),
               "the byte tokenizer cannot lower-case (a byte is not a character); use the char tokenizer, "
               "or turn lower-casing off");
}

std::string Tokenizer::describe() const {
  return std::string(tokenizerModeName(options_.mode)) + (options_.lowerCase ? ", lower-cased" : "");
}

std::vector<std::string> Tokenizer::tokenize(std::string_view text) const {
  std::vector<std::string> tokens;
  tokenize(text, tokens);
  return tokens;
}

void Tokenizer::tokenize(std::string_view text, std::vector<std::string>& tokens) const {
  forEachToken(text, [&](std::string_view t) {
    tokens.emplace_back(t);
    return true;
  });
}

void Tokenizer::forEachToken(std::string_view text,
                             const std::function<bool(std::string_view)>& visit) const {
  if (options_.mode == TokenizerMode::kByte) {
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] != '\r' && text[i] != '\n' && !visit(text.substr(i, 1))) return;
    return;
  }
  const bool word = options_.mode == TokenizerMode::kWord;
  std::string lowered;   // a lower-cased token
  size_t wordStart = 0;  // word mode, not lower-casing: the word is text[wordStart, pos)
  bool inWord = false;
  size_t pos = 0;
  auto endWord = [&](size_t end) {
    if (!inWord) return true;
    inWord = false;
    return visit(options_.lowerCase ? std::string_view(lowered) : text.substr(wordStart, end - wordStart));
  };
  while (pos < text.size()) {
    char32_t cp;
    size_t len;
    std::string why;
    if (!decodeUtf8(text, pos, cp, len, &why))
      RINGDL_FAIL("invalid UTF-8 at byte ", pos, " of the text: ", why,
                  " (re-encode the file as UTF-8, e.g. iconv -f LATIN1 -t UTF-8, or use the byte tokenizer)");
    const size_t start = pos;
    pos += len;
    if (!word) {
      if (cp == '\r' || cp == '\n') continue;
      if (options_.lowerCase) {
        lowered.clear();
        appendUtf8(toLower(cp), lowered);
        if (!visit(lowered)) return;
      } else if (!visit(text.substr(start, len))) {
        return;
      }
      continue;
    }
    const bool space = isSpace(cp);
    if (space || isPunctuation(cp)) {
      if (!endWord(start)) return;
      if (!space && !visit(text.substr(start, len))) return;
      continue;
    }
    if (!inWord) {
      inWord = true;
      wordStart = start;
      lowered.clear();
    }
    if (options_.lowerCase) appendUtf8(toLower(cp), lowered);
  }
  endWord(pos);
}

}  // namespace ringdl
