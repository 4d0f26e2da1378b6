// Dictionary: frequency order and deterministic ties, size limit and min count, reserved tokens, lookups,
// the vocabulary file (round trips of awkward tokens, a file built by hand, every load error with its line).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/data/text/dictionary.h"
#include "ringdl/data/text/tokenizer.h"

namespace ringdl {
namespace {

using test::expectError;
using test::readBytes;
using test::TempDir;
using test::writeBytes;

void writeText(const std::string& path, const std::string& text) {
  writeBytes(path, std::vector<uint8_t>(text.begin(), text.end()));
}
std::string readText(const std::string& path) {
  const auto b = readBytes(path);
  return std::string(b.begin(), b.end());
}

TokenCounter countOf(const std::string& text) {
  TokenCounter c;
  c.add(Tokenizer().tokenize(text));
  return c;
}

TEST(Dictionary, MostFrequentFirstTiesInByteOrder) {
  const Dictionary d = Dictionary::build(countOf("b a c b a b d"));
  ASSERT_EQ(d.size(), 6);
  EXPECT_EQ(d.token(0), "<pad>");
  EXPECT_EQ(d.token(1), "<unk>");
  EXPECT_EQ(d.token(2), "b");  // 3
  EXPECT_EQ(d.token(3), "a");  // 2
  EXPECT_EQ(d.token(4), "c");  // 1, before d
  EXPECT_EQ(d.token(5), "d");
  EXPECT_EQ(d.count(2), 3);
  EXPECT_EQ(d.index("a"), 3);
  EXPECT_EQ(d.index("zebra"), Dictionary::unknownIndex());
  EXPECT_FALSE(d.contains("zebra"));
  expectError([&] { d.token(6); }, {"index 6 is outside the dictionary's 6 tokens"});
}

TEST(Dictionary, CountingOrderDoesNotMatter) {
  TokenCounter a, b, merged;
  a.add(std::vector<std::string>{"x", "y", "y", "z"});
  b.add(std::vector<std::string>{"z", "z", "y", "w"});
  merged.merge(b);
  merged.merge(a);
  TokenCounter whole = countOf("z z y w x y y z");
  const Dictionary d1 = Dictionary::build(merged), d2 = Dictionary::build(whole);
  ASSERT_EQ(d1.size(), d2.size());
  for (int64_t i = 0; i < d1.size(); ++i) EXPECT_EQ(d1.token(i), d2.token(i));
  EXPECT_EQ(merged.total(), 8);
}

TEST(Dictionary, SizeLimitMinCountAndReservedTokens) {
  TokenCounter c = countOf("a a a a b b b c c d");
  c.add("<unk>");  // a reserved token in the text
  const Dictionary limited = Dictionary::build(c, DictionaryOptions().withMaxSize(4));
  ASSERT_EQ(limited.size(), 4);  // <pad> <unk> a b
  EXPECT_EQ(limited.token(3), "b");
  EXPECT_EQ(limited.droppedTokens(), 2);       // c, d (the text's "<unk>" keeps its reserved index)
  EXPECT_EQ(limited.droppedOccurrences(), 3);  // c c d
  const Dictionary frequent = Dictionary::build(c, DictionaryOptions().withMinCount(2));
  EXPECT_EQ(frequent.size(), 5);  // <pad> <unk> a b c
  EXPECT_EQ(frequent.index("d"), 1);
  const Dictionary lm = Dictionary::build(c, DictionaryOptions().withReserved({"<eos>"}));
  EXPECT_EQ(lm.index("<eos>"), 2);
  EXPECT_EQ(lm.reservedCount(), 3);
  EXPECT_EQ(lm.token(3), "a");
}

TEST(Dictionary, BuildErrors) {
  expectError([] { Dictionary::build(TokenCounter()); }, {"would be empty", "holds no tokens"});
  expectError([] { Dictionary::build(countOf("a b"), DictionaryOptions().withMinCount(5)); },
              {"none of the 2 distinct tokens", "min_count = 5", "lower min_count"});
  expectError([] { Dictionary::build(countOf("a"), DictionaryOptions().withMaxSize(2)); },
              {"size limit of 2 leaves no room", "above 2"});
  expectError([] { Dictionary::build(countOf("a"), DictionaryOptions().withReserved({"<pad>"})); },
              {"\"<pad>\" is given twice"});
  expectError([] { Dictionary::build(countOf("a"), DictionaryOptions().withMinCount(0)); },
              {"min_count must be >= 1"});
}

TEST(Dictionary, SaveLoadRoundTripOfAwkwardTokens) {
  TempDir dir;
  TokenCounter c;
  for (const std::string t :
       {"a", " ", "\t", "\\", "\\t", "é", "😀", "\r", "\n", "#ringdl-vocabulary 1", "\xFF"})
    c.add(t);
  c.add("a", 4);
  const Dictionary d = Dictionary::build(c, DictionaryOptions().withReserved({"<eos>"}));
  d.save(dir.file("v.vocab"));
  const std::string text = readText(dir.file("v.vocab"));
  EXPECT_EQ(text.rfind("#ringdl-vocabulary 1 reserved 3\n<pad>\t0\n<unk>\t0\n<eos>\t0\na\t5\n", 0), 0u)
      << text;
  EXPECT_NE(text.find("\n\\xff\t1\n"), std::string::npos);
  EXPECT_NE(text.find("\n\\\\t\t1\n"), std::string::npos);
  const Dictionary back = Dictionary::load(dir.file("v.vocab"));
  ASSERT_EQ(back.size(), d.size());
  EXPECT_EQ(back.reservedCount(), 3);
  for (int64_t i = 0; i < d.size(); ++i) {
    EXPECT_EQ(back.token(i), d.token(i)) << i;
    EXPECT_EQ(back.count(i), d.count(i)) << i;
  }
}

TEST(Dictionary, LoadsAHandWrittenFileWithoutHeaderOrCounts) {
  TempDir dir;
  writeText(dir.file("v.txt"), "PAD\r\nUNK\r\nhello\r\nworld\r\n");
  const Dictionary d = Dictionary::load(dir.file("v.txt"));
  EXPECT_EQ(d.size(), 4);
  EXPECT_EQ(d.index("world"), 3);
  EXPECT_EQ(d.index("<unk>"), 1);
  EXPECT_EQ(d.count(2), 0);
}

TEST(Dictionary, LoadErrorsNameTheLine) {
  TempDir dir;
  const std::string p = dir.file("bad.vocab");
  auto loadText = [&](const std::string& text) {
    writeText(p, text);
    return [&] { Dictionary::load(p); };
  };
  expectError(loadText("<pad>\n<unk>\na\nb\na\n"), {p, "line 5", "\"a\" appears twice (first on line 3)"});
  expectError(loadText("#ringdl-vocabulary 1\n<pad>\t0\n<unk>\t0\n\nb\t1\n"),
              {"line 4", "the token is empty"});
  expectError(loadText("<pad>\n<unk>\nx\t-3\n"), {"line 3", "count \"-3\"", "whole number >= 0"});
  expectError(loadText("<pad>\n<unk>\nx\t1z\n"), {"line 3", "count \"1z\""});
  expectError(loadText("<pad>\n<unk>\na\\q\n"), {"line 3", "unknown escape \\q"});
  expectError(loadText("<pad>\n<unk>\na\\x4\n"), {"line 3", "two hex digits"});
  expectError(loadText("<pad>\n<unk>\nab\xC3\n"), {"line 3", "byte 2 of the line is not UTF-8"});
  expectError(loadText("#ringdl-vocabulary 2\n<pad>\n<unk>\na\n"), {"line 1", "unsupported header"});
  expectError(loadText(""), {"holds 0 tokens", "an empty or truncated file"});
  expectError(loadText("<pad>\n<unk>\n"), {"holds 2 tokens", "at least one text token"});
  expectError([&] { Dictionary::load(dir.file("missing.vocab")); },
              {"cannot open vocabulary file", "missing.vocab"});
}

}  // namespace
}  // namespace ringdl
