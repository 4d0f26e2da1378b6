// Tokenizer: word, char and byte modes on ASCII, UTF-8 of 2, 3 and 4 bytes, punctuation, Unicode spaces,
// CRLF and empty lines, lower-casing tables, and every kind of invalid UTF-8 with its byte offset.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/data/text/tokenizer.h"

namespace ringdl {
namespace {

using test::expectError;
using Tokens = std::vector<std::string>;

Tokens words(const std::string& text, bool lower = false) {
  return Tokenizer(TokenizerOptions().withLowerCase(lower)).tokenize(text);
}
Tokens chars(const std::string& text, bool lower = false) {
  return Tokenizer(TokenizerOptions().withMode(TokenizerMode::kChar).withLowerCase(lower)).tokenize(text);
}

TEST(Tokenizer, WordsAndPunctuation) {
  EXPECT_EQ(words("Don't stop."), (Tokens{"Don", "'", "t", "stop", "."}));
  EXPECT_EQ(words("  a,b;;c  "), (Tokens{"a", ",", "b", ";", ";", "c"}));
  EXPECT_EQ(words("snake_case x2 3.14"), (Tokens{"snake_case", "x2", "3", ".", "14"}));
  EXPECT_EQ(words("(GPL-3)"), (Tokens{"(", "GPL", "-", "3", ")"}));
  EXPECT_EQ(words(""), Tokens{});
  EXPECT_EQ(words(" \t \r"), Tokens{});
}

TEST(Tokenizer, WordsKeepMultiByteCharactersWhole) {
  // é (2 bytes), 中 (3 bytes), 😀 (4 bytes); « » and the em dash are punctuation, NBSP and U+3000 spaces.
  EXPECT_EQ(words("naïve café"), (Tokens{"naïve", "café"}));
  EXPECT_EQ(words("中文\xE3\x80\x80😀ok"), (Tokens{"中文", "😀ok"}));
  EXPECT_EQ(words("«oui»\xC2\xA0non\xE2\x80\x94si"), (Tokens{"«", "oui", "»", "non", "—", "si"}));
  EXPECT_EQ(words("\xE3\x80\x82"
                  "end"
                  "\xEF\xBC\x81"),
            (Tokens{"。", "end", "！"}));
  for (const std::string& t : words("Ünïcödé wörds — 中文，日本語。😀!")) {
    std::string why;
    EXPECT_EQ(findInvalidUtf8(t, &why), std::string::npos) << "token \"" << t << "\" splits a character";
  }
}

TEST(Tokenizer, CrLfAndEmptyLines) {
  EXPECT_EQ(words("a b\r"), (Tokens{"a", "b"}));
  EXPECT_EQ(chars("ab\r\n"), (Tokens{"a", "b"}));
  EXPECT_EQ(chars(""), Tokens{});
  const Tokenizer bytes(TokenizerOptions().withMode(TokenizerMode::kByte));
  EXPECT_EQ(bytes.tokenize("a\r\n"), (Tokens{"a"}));
}

TEST(Tokenizer, CharsAreCodePointsAndBytesAreBytes) {
  EXPECT_EQ(chars("a é😀"), (Tokens{"a", " ", "é", "😀"}));
  const Tokenizer bytes(TokenizerOptions().withMode(TokenizerMode::kByte));
  EXPECT_EQ(bytes.tokenize("aé"), (Tokens{"a", "\xC3", "\xA9"}));
  EXPECT_EQ(bytes.tokenize("\xFF\x80"), (Tokens{"\xFF", "\x80"}));  // no UTF-8 check in byte mode
}

TEST(Tokenizer, LowerCasing) {
  EXPECT_EQ(words("The QUICK Brown", true), (Tokens{"the", "quick", "brown"}));
  EXPECT_EQ(words("ÀÉÎÕÜ ÆØÞ × Ÿ", true), (Tokens{"àéîõü", "æøþ", "×", "ÿ"}));
  EXPECT_EQ(words("ŁÓDŹ ĞİŞ", true), (Tokens{"łódź", "ğiş"}));
  EXPECT_EQ(words("ΑΘΗΝΑ Ωμέγα МОСКВА ЁЖ", true), (Tokens{"αθηνα", "ωμέγα", "москва", "ёж"}));
  EXPECT_EQ(words("中文", true), (Tokens{"中文"}));
  EXPECT_EQ(chars("AbÇ", true), (Tokens{"a", "b", "ç"}));
  expectError([] { Tokenizer(TokenizerOptions().withMode(TokenizerMode::kByte).withLowerCase(true)); },
              {"byte tokenizer cannot lower-case"});
}

TEST(Tokenizer, InvalidUtf8IsAnErrorWithItsOffset) {
  struct Case {
    std::string text;
    size_t offset;
    std::string why;
  };
  const std::vector<Case> cases = {
      {"ab\xFF", 2, "0xff cannot appear"},
      {"a\x80", 1, "stray continuation byte"},
      {"abc\xC3", 3, "ends inside a 2-byte character"},
      {"\xE4\xB8z", 0, "cut short"},
      {"x\xC0\xAF", 1, "overlong"},
      {"\xE0\x80\xAF", 0, "overlong encoding of U+002F"},
      {"\xED\xA0\x80", 0, "surrogate"},
      {"\xF4\x90\x80\x80", 0, "beyond U+10FFFF"},
  };
  for (const Case& c : cases) {
    std::string why;
    EXPECT_EQ(findInvalidUtf8(c.text, &why), c.offset) << c.why;
    EXPECT_NE(why.find(c.why), std::string::npos) << why;
    expectError([&] { words(c.text); }, {"invalid UTF-8 at byte " + std::to_string(c.offset), c.why});
    expectError([&] { chars(c.text); }, {"invalid UTF-8 at byte " + std::to_string(c.offset)});
  }
  EXPECT_EQ(findInvalidUtf8("plain ascii, é, 中, 😀"), std::string::npos);
}

TEST(Tokenizer, ModeNames) {
  EXPECT_EQ(parseTokenizerMode("char"), TokenizerMode::kChar);
  EXPECT_STREQ(tokenizerModeName(TokenizerMode::kByte), "byte");
  expectError([] { parseTokenizerMode("bpe"); }, {"unknown tokenizer 'bpe'", "word", "char", "byte"});
  EXPECT_EQ(Tokenizer(TokenizerOptions().withLowerCase(true)).describe(), "word, lower-cased");
}

}  // namespace
}  // namespace ringdl
