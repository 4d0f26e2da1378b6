// Text data through the shard machinery: TextDecoder on CSV/TSV rows and plain lines built byte by byte,
// every bad-input error, padded batches (longest, fixed with both truncation sides) with lengths, length
// buckets, exact resume, two ranks' disjoint records, language-model windows and skip_corrupt, a 10 MB
// line, empty files, and real Debian text (GPL-3).
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/data/shard_data_set.h"
#include "ringdl/data/text/dictionary.h"
#include "ringdl/data/text/language_model_reader.h"
#include "ringdl/data/text/sequence_padding.h"
#include "ringdl/data/text/text_corpus.h"
#include "ringdl/data/text/text_decoder.h"
#include "ringdl/data/text/tokenizer.h"

namespace ringdl {
namespace {

using test::expectError;
using test::TempDir;
using test::writeBytes;

void writeText(const std::string& path, const std::string& text) {
  writeBytes(path, std::vector<uint8_t>(text.begin(), text.end()));
}

std::shared_ptr<const Dictionary> dictionaryOf(const std::vector<std::string>& files, TextLayout layout,
                                               DictionaryOptions options = {}) {
  TextCorpusOptions o;
  o.layout = layout;
  return std::make_shared<Dictionary>(
      Dictionary::build(scanTextCorpus(files, Tokenizer(), o).tokens, options));
}

DecodedRecord<float> decodeLine(TextDecoder<float>& d, const std::string& line, int64_t index = 4) {
  Record r;
  r.value = line;
  r.index = index;
  r.offset = 100;
  DecodedRecord<float> out;
  d.decode(r, "part-00000", out);
  return out;
}

std::vector<int64_t> asInts(const std::vector<float>& v) { return std::vector<int64_t>(v.begin(), v.end()); }

TEST(TextDecoder, CsvRowsWithQuotingAndNamedLabels) {
  TokenCounter c;
  c.add(Tokenizer().tokenize("good movie , great good"));
  auto dict = std::make_shared<Dictionary>(Dictionary::build(c));  // <pad> <unk> good , great movie
  TextLabels labels;
  labels.names = {"neg", "pos"};
  TextDecoder<float> d(Tokenizer(), dict, TextLayout::csv(), labels);
  DecodedRecord<float> r = decodeLine(d, "pos,\"good movie, great\"");
  EXPECT_EQ(r.label, 1);
  EXPECT_EQ(asInts(r.features), (std::vector<int64_t>{2, 5, 3, 4}));
  EXPECT_EQ(r.shape, (Shape{4}));
  r = decodeLine(d, " neg ,\"say \"\"good\"\"\"");  // "say ""good""" -> say "good"; unknown words -> 1
  EXPECT_EQ(r.label, 0);
  EXPECT_EQ(asInts(r.features), (std::vector<int64_t>{1, 1, 2, 1}));
  r = decodeLine(d, "neg,");  // an empty text is an empty sequence
  EXPECT_TRUE(r.features.empty());

  TextDecoder<float> tsvLast(Tokenizer(), dict, TextLayout::csv('\t', -1), labels);
  EXPECT_EQ(decodeLine(tsvLast, "great, good\tpos").label, 1);
  EXPECT_EQ(asInts(decodeLine(tsvLast, "great, good\tpos").features), (std::vector<int64_t>{4, 3, 2}));

  TextDecoder<float> numbers(Tokenizer(), dict, TextLayout::csv(),
                             TextLabels{{}, LabelMapping::kOneBased, 2});
  EXPECT_EQ(decodeLine(numbers, "2,good").label, 1);
  TextDecoder<float> lines(Tokenizer(), dict, TextLayout::lines());
  EXPECT_EQ(asInts(decodeLine(lines, "good, great").features), (std::vector<int64_t>{2, 3, 4}));
}

TEST(TextDecoder, BadRowsNameFileLineAndWhatIsWrong) {
  TokenCounter c;
  c.add("good");
  auto dict = std::make_shared<Dictionary>(Dictionary::build(c));
  TextLabels named;
  named.names = {"neg", "pos"};
  TextDecoder<float> d(Tokenizer(), dict, TextLayout::csv(), named);
  expectError([&] { decodeLine(d, "just some text"); },
              {"file part-00000: line 5 at byte 100", "1 field, expected 2 (label, text)", "comma missing"});
  expectError([&] { decodeLine(d, "pos,good,bad"); }, {"3 fields", "must be quoted"});
  expectError([&] { decodeLine(d, "sprots,good"); }, {"line 5", "unknown label \"sprots\"", "neg, pos"});
  expectError([&] { decodeLine(d, ",good"); }, {"the label (field 1) is empty"});
  expectError([&] { decodeLine(d, "pos,\"good"); }, {"is not closed on this line"});
  expectError([&] { decodeLine(d, "pos,go\xC3od"); },
              {"line 5 at byte 100", "the text field: invalid UTF-8 at byte 2 of the text"});
  TextDecoder<float> numbers(Tokenizer(), dict, TextLayout::csv(),
                             TextLabels{{}, LabelMapping::kZeroBased, 2});
  expectError([&] { decodeLine(numbers, "pos,good"); },
              {"label \"pos\" is not a number", "labels: name1,name2"});
  expectError([&] { decodeLine(numbers, "-1,good"); }, {"negative", "signed"});
  expectError([] { parseLabelNames("a,,b"); }, {"name 2 is empty"});
  expectError([] { parseLabelNames("a,b,a"); }, {"'a' is given twice"});
  EXPECT_EQ(parseLabelNames(" neg , pos"), (std::vector<std::string>{"neg", "pos"}));
}

TEST(SequencePadding, LongestFixedAndTruncationSides) {
  std::vector<Sample<float>> samples;
  samples.emplace_back(Tensor<float>::fromVector({3}, {5, 6, 7}), 1.f);
  samples.emplace_back(Tensor<float>::fromVector({1}, {8}), 0.f);
  MiniBatch<float> b = toPaddedMiniBatch(samples, SequencePadding::longest());
  EXPECT_EQ(b.input().shape(), (Shape{2, 3}));
  EXPECT_EQ(b.input().toVector(), (std::vector<float>{5, 6, 7, 8, 0, 0}));
  EXPECT_EQ(b.lengths().toVector(), (std::vector<float>{3, 1}));
  EXPECT_EQ(b.target().toVector(), (std::vector<float>{1, 0}));
  EXPECT_FALSE(b.lengthsInInput());
  b = toPaddedMiniBatch(samples, SequencePadding::fixed(2).withValue(9).withLengthsInInput(true));
  EXPECT_EQ(b.input().toVector(), (std::vector<float>{5, 6, 8, 9}));
  EXPECT_EQ(b.lengths().toVector(), (std::vector<float>{2, 1}));
  EXPECT_TRUE(b.lengthsInInput());
  b = toPaddedMiniBatch(samples, SequencePadding::fixed(2).withTruncate(TruncateSide::kStart));
  EXPECT_EQ(b.input().toVector(), (std::vector<float>{6, 7, 8, 0}));
  const MiniBatch<float> part = b.slice(1, 1);
  EXPECT_EQ(part.lengths().toVector(), (std::vector<float>{1}));
  // Sequence targets are padded with targetValue (-1: left out by TimeDistributedMaskCriterion).
  std::vector<Sample<float>> lm;
  lm.emplace_back(Tensor<float>::fromVector({2}, {1, 2}), Tensor<float>::fromVector({2}, {2, 3}));
  lm.emplace_back(Tensor<float>::fromVector({1}, {4}), Tensor<float>::fromVector({1}, {5}));
  b = toPaddedMiniBatch(lm, SequencePadding::longest());
  EXPECT_EQ(b.target().shape(), (Shape{2, 2}));
  EXPECT_EQ(b.target().toVector(), (std::vector<float>{2, 3, 5, -1}));
  std::vector<Sample<float>> empty(2, Sample<float>(Tensor<float>({0}), 0.f));
  EXPECT_EQ(toPaddedMiniBatch(empty, SequencePadding::longest()).input().shape(), (Shape{2, 1}));
  expectError([] { parseSequencePadding("fixed"); }, {"bad padding 'fixed'", "longest", "fixed N"});
  expectError([] { parseSequencePadding("fixed 0"); }, {"at least 1"});
  EXPECT_EQ(parseSequencePadding("fixed 64").length, 64);
  expectError([] { parseTruncateSide("middle"); }, {"'end'", "'start'"});
}

// A CSV set whose record i has label i (zero_based, unbounded) and 1 + (i * 7) % 13 tokens, in `parts` files.
std::vector<std::string> writeNumberedRows(const TempDir& dir, int64_t records, int parts) {
  std::vector<std::string> files;
  for (int p = 0; p < parts; ++p) {
    std::string text;
    for (int64_t i = p; i < records; i += parts) {
      text += std::to_string(i) + ",";
      for (int64_t k = 0; k < 1 + (i * 7) % 13; ++k) text += (k ? " w" : "w") + std::to_string(k % 5);
      text += "\n";
    }
    files.push_back(dir.file("part-0000" + std::to_string(p) + ".csv"));
    writeText(files.back(), text);
  }
  return files;
}

std::shared_ptr<ShardDataSet<float>> textSet(const std::vector<std::string>& files,
                                             ShardDataSetOptions options, SequenceBatching batching = {}) {
  auto dict = dictionaryOf(files, TextLayout::csv());
  auto decoder = std::make_shared<TextDecoder<float>>(Tokenizer(), dict, TextLayout::csv());
  return std::make_shared<ShardDataSet<float>>(files, textRecordReaderFactory(), decoder,
                                               options.withSequences(batching));
}

struct Seen {
  std::vector<std::vector<int64_t>> labels;  // per batch
  int64_t paddedCells = 0;                   // padding steps
};

Seen readEpoch(ShardDataSet<float>& set, int64_t batch, int rank = 0, int world = 1) {
  Seen seen;
  while (set.position() < set.size()) {
    const MiniBatch<float> b = world == 1 ? set.nextBatch(batch) : set.nextBatchPart(batch, rank, world);
    if (b.empty()) continue;
    EXPECT_TRUE(b.hasLengths());
    const std::vector<float> lengths = b.lengths().toVector(), input = b.input().toVector();
    const int64_t width = b.input().size(1);
    for (int64_t i = 0; i < b.size(); ++i) {
      // Every record keeps its tokens (dictionary indices >= 2) and is padded with 0 after them.
      for (int64_t t = 0; t < width; ++t)
        EXPECT_EQ(input[i * width + t] >= 2, t < lengths[i]) << "record " << i << " step " << t;
    }
    seen.paddedCells += b.input().numel();
    for (float l : lengths) seen.paddedCells -= static_cast<int64_t>(l);
    seen.labels.emplace_back(asInts(b.target().toVector()));
  }
  return seen;
}

TEST(TextDataSet, PaddedBatchesCarryLengthsAndEveryRecordOnce) {
  TempDir dir;
  const auto files = writeNumberedRows(dir, 50, 3);
  auto set = textSet(files, ShardDataSetOptions().withShuffleBuffer(0));
  set->reset();
  MiniBatch<float> first = set->nextBatch(4);
  ASSERT_EQ(first.size(), 4);
  // File order: part 0 holds records 0, 3, 6, 9 with 1, 9, 4, 12 tokens.
  EXPECT_EQ(asInts(first.target().toVector()), (std::vector<int64_t>{0, 3, 6, 9}));
  EXPECT_EQ(asInts(first.lengths().toVector()), (std::vector<int64_t>{1, 9, 4, 12}));
  EXPECT_EQ(first.input().shape(), (Shape{4, 12}));
  set->shuffle();
  const Seen seen = readEpoch(*set, 8);
  std::multiset<int64_t> all;
  for (const auto& b : seen.labels) all.insert(b.begin(), b.end());
  ASSERT_EQ(all.size(), 50u);
  for (int64_t i = 0; i < 50; ++i) EXPECT_EQ(all.count(i), 1u) << i;
}

TEST(TextDataSet, FixedLengthTruncatesAndPutsLengthsInTheInput) {
  TempDir dir;
  const auto files = writeNumberedRows(dir, 20, 1);
  SequenceBatching fixed;
  fixed.padding = SequencePadding::fixed(5).withLengthsInInput(true);
  auto set = textSet(files, ShardDataSetOptions().withShuffleBuffer(0), fixed);
  set->reset();
  const MiniBatch<float> b = set->nextBatch(20);
  EXPECT_EQ(b.input().shape(), (Shape{20, 5}));
  EXPECT_TRUE(b.lengthsInInput());
  for (int64_t i = 0; i < 20; ++i)
    EXPECT_EQ(b.lengths().toVector()[i], std::min<int64_t>(5, 1 + (i * 7) % 13));
}

TEST(TextDataSet, BucketsCutPaddingAndAreDeterministic) {
  TempDir dir;
  const auto files = writeNumberedRows(dir, 240, 2);
  auto plain = textSet(files, ShardDataSetOptions().withSeed(3).withShuffleBuffer(64));
  SequenceBatching buckets;
  buckets.withBuckets(80, 8);
  auto bucketed = textSet(files, ShardDataSetOptions().withSeed(3).withShuffleBuffer(64), buckets);
  auto again = textSet(files, ShardDataSetOptions().withSeed(3).withShuffleBuffer(64), buckets);
  plain->shuffle();
  bucketed->shuffle();
  again->shuffle();
  const Seen a = readEpoch(*plain, 8), b = readEpoch(*bucketed, 8), c = readEpoch(*again, 8);
  // Lengths 1..13: a batch of 8 random ones pads to about 12 steps (some 40 padding steps a batch); 8 of a
  // sorted window of 80 span about 2 lengths.
  EXPECT_LT(b.paddedCells * 3, a.paddedCells) << "buckets should cut the padding at least threefold here";
  EXPECT_EQ(b.labels, c.labels);
  bucketed->shuffle();
  EXPECT_NE(readEpoch(*bucketed, 8).labels, b.labels) << "a new epoch, a new order";
  // Unshuffled passes keep the file order (prediction output lines up with the input).
  bucketed->reset();
  EXPECT_EQ(asInts(bucketed->nextBatch(3).target().toVector()), (std::vector<int64_t>{0, 2, 4}));
}

TEST(TextDataSet, ResumeEqualsUninterrupted) {
  TempDir dir;
  const auto files = writeNumberedRows(dir, 97, 3);
  SequenceBatching buckets;
  buckets.withBuckets(32, 4);
  auto whole = textSet(files, ShardDataSetOptions().withSeed(11).withShuffleBuffer(16), buckets);
  whole->shuffle();
  whole->shuffle();  // epoch 2
  const Seen expected = readEpoch(*whole, 6);
  auto first = textSet(files, ShardDataSetOptions().withSeed(11).withShuffleBuffer(16), buckets);
  first->shuffle();
  first->shuffle();
  Seen got;
  for (int i = 0; i < 5; ++i) got.labels.push_back(asInts(first->nextBatch(6).target().toVector()));
  const std::string state = first->state();
  auto resumed = textSet(files, ShardDataSetOptions().withSeed(999).withShuffleBuffer(16), buckets);
  resumed->setState(state);
  const Seen rest = readEpoch(*resumed, 6);
  got.labels.insert(got.labels.end(), rest.labels.begin(), rest.labels.end());
  EXPECT_EQ(got.labels, expected.labels);
}

TEST(TextDataSet, TwoRanksSeeDisjointParts) {
  TempDir dir;
  const auto files = writeNumberedRows(dir, 61, 4);
  std::vector<std::set<int64_t>> perRank(2);
  for (int rank = 0; rank < 2; ++rank) {
    auto set = textSet(files, ShardDataSetOptions().withRank(rank, 2).withSeed(5).withShuffleBuffer(8));
    set->shuffle();
    for (const auto& b : readEpoch(*set, 10, rank, 2).labels) perRank[rank].insert(b.begin(), b.end());
    // Rank r reads the part files i with i mod 2 == r: records i with i mod 4 in {r, r + 2}.
    for (int64_t label : perRank[rank]) EXPECT_EQ(label % 2, rank) << label;
  }
  EXPECT_EQ(perRank[0].size() + perRank[1].size(), 61u);
}

TEST(TextDataSet, BadRowsStopOrAreSkipped) {
  TempDir dir;
  const std::string path = dir.file("bad.csv");
  writeText(path, "0,fine words\n1,bad \xFF byte\n2 no label column\n3,more words\n");
  TextLayout layout = TextLayout::csv();
  TextCorpusOptions o;
  o.skipCorrupt = true;
  const TextCorpus corpus = scanTextCorpus({path}, Tokenizer(), o);
  EXPECT_EQ(corpus.records, 2);
  EXPECT_EQ(corpus.corrupt, 2);
  expectError([&] { scanTextCorpus({path}, Tokenizer(), {}); },
              {"bad.csv: line 2 at byte 13", "invalid UTF-8 at byte 4"});
  auto dict = std::make_shared<Dictionary>(Dictionary::build(corpus.tokens));
  auto decoder = std::make_shared<TextDecoder<float>>(Tokenizer(), dict, layout);
  ShardDataSet<float> strict({path}, textRecordReaderFactory(), decoder,
                             ShardDataSetOptions().withShuffleBuffer(0).withSequences({}));
  strict.reset();
  expectError([&] { strict.nextBatch(4); }, {"line 2", "invalid UTF-8"});
  ShardDataSet<float> lenient(
      {path}, textRecordReaderFactory(), decoder,
      ShardDataSetOptions().withShuffleBuffer(0).withSkipCorrupt(true).withSequences({}));
  lenient.reset();
  const MiniBatch<float> b = lenient.nextBatch(4);
  EXPECT_EQ(asInts(b.target().toVector()), (std::vector<int64_t>{0, 3}));
  EXPECT_EQ(lenient.corruptRecords(), 2);
  EXPECT_NE(lenient.firstCorruptError().find("line 2"), std::string::npos);
}

TEST(TextDataSet, EmptyFilesAreErrors) {
  TempDir dir;
  writeText(dir.file("empty.csv"), "");
  writeText(dir.file("blank.txt"), "\n  \n\r\n");
  expectError([&] { Dictionary::build(scanTextCorpus({dir.file("empty.csv")}, Tokenizer()).tokens); },
              {"dictionary would be empty", "no tokens"});
  expectError([&] { Dictionary::build(scanTextCorpus({dir.file("blank.txt")}, Tokenizer()).tokens); },
              {"no tokens"});
  TokenCounter c;
  c.add("x");
  auto dict = std::make_shared<Dictionary>(Dictionary::build(c));
  expectError(
      [&] {
        ShardDataSet<float>({dir.file("empty.csv")}, textRecordReaderFactory(),
                            std::make_shared<TextDecoder<float>>(Tokenizer(), dict),
                            ShardDataSetOptions().withSequences({}));
      },
      {"holds no records"});
}

// The peak resident memory of this process so far, in bytes (Linux reports KiB).
int64_t peakResidentBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

TEST(TextDataSet, ATenMegabyteLineKeepsOnlyWhatTheBatchKeeps) {
  TempDir dir;
  const std::string path = dir.file("long.txt");
  const int64_t lineBytes = 10 << 20;
  {
    // Written in pieces, so that the test itself never holds the line and the peak below is the reader's.
    std::ofstream out(path, std::ios::binary);
    out << "short line\n";
    for (int64_t i = 0; i < lineBytes / 4; ++i) out << "tok ";
    out << "\nafter\n";
  }
  TokenCounter c;
  c.add("tok");
  auto dict = std::make_shared<Dictionary>(Dictionary::build(c));
  auto decoder = std::make_shared<TextDecoder<float>>(Tokenizer(), dict, TextLayout::lines());
  decoder->setMaxTokens(16);
  SequenceBatching fixed;
  fixed.padding = SequencePadding::fixed(16);
  const int64_t before = peakResidentBytes();
  ShardDataSet<float> set({path}, textRecordReaderFactory(), decoder,
                          ShardDataSetOptions().withShuffleBuffer(0).withSequences(fixed));
  set.reset();
  const MiniBatch<float> b = set.nextBatch(3);
  EXPECT_EQ(b.input().shape(), (Shape{3, 16}));
  EXPECT_EQ(asInts(b.lengths().toVector()), (std::vector<int64_t>{2, 16, 1}));
  EXPECT_EQ(b.input().toVector()[16], 2);  // "tok"
  // The line reader holds the line (its buffer grows by doubling: about 28 MB here, measured); 2.6 million
  // tokens held as strings would add some 85 MB more.
  const int64_t grown = peakResidentBytes() - before;
  EXPECT_LT(grown, 5 * lineBytes) << "reading a 10 MB line raised the peak memory by " << grown << " bytes";
  // The same line through the corpus scan (dictionary building, data inspect): one token's count.
  TextCorpusOptions o;
  o.layout = TextLayout::lines();
  const TextCorpus corpus = scanTextCorpus({path}, Tokenizer(), o);
  EXPECT_EQ(corpus.tokens.distinct(), 4);  // short, line, tok, after
  EXPECT_EQ(corpus.lengths.rbegin()->first, lineBytes / 4);
}

// A language-model stream of the words "a" .. and line ends.
TEST(LanguageModelReader, WindowsOverlapByOneTokenAndDropTheTail) {
  TempDir dir;
  const std::string path = dir.file("lm.txt");
  writeText(path, "a b c\r\n\nd e\nf g h i\n");  // stream: a b c <eos> d e <eos> f g h i <eos> (12 tokens)
  TokenCounter c;
  c.add(Tokenizer().tokenize("a b c d e f g h i"));
  auto dict = std::make_shared<Dictionary>(Dictionary::build(c, DictionaryOptions().withReserved({"<eos>"})));
  LanguageModelReader reader(path, Tokenizer(), dict, LanguageModelOptions().withSeqLen(3));
  LanguageModelDecoder<float> decoder(3);
  std::vector<std::vector<int64_t>> inputs, targets;
  std::vector<int64_t> offsets;
  Record r;
  while (reader.next(r)) {
    DecodedRecord<float> d;
    decoder.decode(r, path, d);
    inputs.push_back(asInts(d.features));
    targets.push_back(asInts(d.targets));
    offsets.push_back(r.offset);
  }
  // Indices: <pad> 0, <unk> 1, <eos> 2, a 3 ... i 11. Windows of 4 tokens at stream positions 0, 3, 6 (the 3
  // tokens from position 9 on make no window).
  ASSERT_EQ(inputs.size(), 3u);
  EXPECT_EQ(inputs[0], (std::vector<int64_t>{3, 4, 5}));
  EXPECT_EQ(targets[0], (std::vector<int64_t>{4, 5, 2}));
  EXPECT_EQ(inputs[1], (std::vector<int64_t>{2, 6, 7}));
  EXPECT_EQ(targets[1], (std::vector<int64_t>{6, 7, 2}));
  EXPECT_EQ(inputs[2], (std::vector<int64_t>{2, 8, 9}));
  // The lines holding each window's first token: line 1, line 1 (its <eos>), line 3 (its <eos>, byte 8).
  EXPECT_EQ(offsets, (std::vector<int64_t>{0, 0, 8}));
}

TEST(LanguageModelReader, BadLinesStopOrAreLeftOutOfTheStream) {
  TempDir dir;
  const std::string path = dir.file("lm.txt");
  writeText(path, "a b\nc \xE2\x82 d\ne f\ng h\n");
  TokenCounter c;
  c.add(Tokenizer().tokenize("a b c d e f g h"));
  auto dict = std::make_shared<Dictionary>(Dictionary::build(c, DictionaryOptions().withReserved({"<eos>"})));
  const auto factory = languageModelReaderFactory(Tokenizer(), dict, LanguageModelOptions().withSeqLen(2));
  auto decoder = std::make_shared<LanguageModelDecoder<float>>(2);
  expectError([&] { ShardDataSet<float>({path}, factory, decoder, ShardDataSetOptions().withSequences({})); },
              {"lm.txt: line 2 at byte 4", "invalid UTF-8 at byte 2", "cut short"});
  ShardDataSet<float> set({path}, factory, decoder,
                          ShardDataSetOptions().withSkipCorrupt(true).withShuffleBuffer(0).withSequences({}));
  // Stream without line 2: a b <eos> e f <eos> g h <eos> (9 tokens): windows at 0, 2, 4, 6.
  EXPECT_EQ(set.size(), 4);
  set.reset();
  const MiniBatch<float> b = set.nextBatch(4);
  EXPECT_EQ(b.input().shape(), (Shape{4, 2}));
  EXPECT_EQ(b.target().shape(), (Shape{4, 2}));
  EXPECT_EQ(asInts(b.input().toVector()), (std::vector<int64_t>{3, 4, 2, 7, 8, 2, 9, 10}));
  EXPECT_EQ(asInts(b.target().toVector()), (std::vector<int64_t>{4, 2, 7, 8, 2, 9, 10, 2}));
  EXPECT_EQ(set.corruptRecords(), 1);
}

TEST(TextDataSet, RealDebianText) {
  const std::string gpl = "/usr/share/common-licenses/GPL-3";
  if (!std::filesystem::exists(gpl)) GTEST_SKIP() << gpl << " is not installed";
  const Tokenizer lower(TokenizerOptions().withLowerCase(true));
  TextCorpusOptions o;
  o.layout = TextLayout::lines();
  const TextCorpus corpus = scanTextCorpus({gpl}, lower, o);
  const Dictionary dict = Dictionary::build(corpus.tokens, DictionaryOptions().withReserved({"<eos>"}));
  EXPECT_GT(dict.size(), 500);
  EXPECT_EQ(dict.token(3), "the");  // the most frequent word of the GPL
  EXPECT_TRUE(dict.contains(",") && dict.contains(".") && dict.contains("copyright"));
  EXPECT_GT(corpus.records, 500);
  EXPECT_GE(corpus.lengthQuantile(0.9), corpus.lengthQuantile(0.5));
  // The stream cut into windows: every window's targets are its inputs shifted by one, consecutive windows
  // share a token, and the windows cover the stream but its last partial window.
  auto shared = std::make_shared<Dictionary>(dict);
  const int64_t seqLen = 16;
  const int64_t stream = corpus.tokens.total() + corpus.records;  // each non-blank line ends with <eos>
  ShardDataSet<float> set(
      {gpl}, languageModelReaderFactory(lower, shared, LanguageModelOptions().withSeqLen(seqLen)),
      std::make_shared<LanguageModelDecoder<float>>(seqLen),
      ShardDataSetOptions().withShuffleBuffer(0).withSequences({}));
  EXPECT_EQ(set.size(), (stream - 1) / seqLen);
  set.reset();
  std::vector<float> previousTarget;
  while (set.position() < set.size()) {
    const MiniBatch<float> b = set.nextBatch(7);
    const std::vector<float> in = b.input().toVector(), out = b.target().toVector();
    for (int64_t i = 0; i < b.size(); ++i) {
      for (int64_t t = 1; t < seqLen; ++t) ASSERT_EQ(in[i * seqLen + t], out[i * seqLen + t - 1]);
      if (!previousTarget.empty()) ASSERT_EQ(in[i * seqLen], previousTarget.back());
      previousTarget.assign(out.begin() + i * seqLen, out.begin() + (i + 1) * seqLen);
    }
  }
}

}  // namespace
}  // namespace ringdl
