// Text part files: TextLineReader on byte-built files (line breaks, CR LF, BOM, headers, blank and comment
// lines, buffers smaller than a line, gzip members, zlib, truncation and damage, foreign codecs, binary
// files), TextLineWriter, CSV splitting and decoding, LibSVM decoding, label mappings, the writers' round
// trips, and ShardDataSet over CSV part files.
#include "ringdl/data/text_records.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "data/record_reading.h"
#include "data/temp_dir.h"
#include "ringdl/data/csv_decoder.h"
#include "ringdl/data/libsvm_decoder.h"
#include "ringdl/data/load_records.h"
#include "ringdl/data/shard_data_set.h"

namespace ringdl {
namespace {

using test::expectError;
using test::readBytes;
using test::TempDir;
using test::writeBytes;
using Bytes = std::vector<uint8_t>;

Bytes bytesOf(const std::string& s) { return Bytes(s.begin(), s.end()); }

void writeText(const std::string& path, const std::string& text) { writeBytes(path, bytesOf(text)); }

Bytes gzipBytes(const std::string& text, int level = Z_DEFAULT_COMPRESSION, bool gzip = true) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, gzip ? 15 + 16 : 15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  Bytes out(deflateBound(&zs, text.size()) + 64);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = static_cast<uInt>(text.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

struct Line {
  std::string value;
  int64_t offset;
  int64_t index;
};

std::vector<Line> readLines(const std::string& path, const TextLineReaderOptions& o = {}) {
  TextLineReader r(path, o);
  std::vector<Line> lines;
  Record rec;
  while (r.next(rec)) {
    EXPECT_TRUE(rec.key.empty());
    lines.push_back({rec.value, rec.offset, rec.index});
  }
  EXPECT_FALSE(r.next(rec)) << "next() after the end";
  return lines;
}

std::vector<std::string> values(const std::vector<Line>& lines) {
  std::vector<std::string> v;
  for (const auto& l : lines) v.push_back(l.value);
  return v;
}

// ---------------------------------------------------------------------------------------------------------
// TextLineReader

TEST(TextLineReader, LinesOffsetsAndLineNumbers) {
  TempDir dir;
  const std::string path = dir.file("part-00000");
  writeText(path, "1,2\n\n  \nabc\r\nlast");
  const auto lines = readLines(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].value, "1,2");
  EXPECT_EQ(lines[0].offset, 0);
  EXPECT_EQ(lines[0].index, 0);
  EXPECT_EQ(lines[1].value, "abc");  // CR LF: the CR goes too
  EXPECT_EQ(lines[1].offset, 8);
  EXPECT_EQ(lines[1].index, 3);       // blank lines count
  EXPECT_EQ(lines[2].value, "last");  // no final line break
  EXPECT_EQ(lines[2].offset, 13);
  EXPECT_EQ(lines[2].index, 4);

  const auto all = readLines(path, TextLineReaderOptions().withSkipBlankLines(false));
  EXPECT_EQ(values(all), (std::vector<std::string>{"1,2", "", "  ", "abc", "last"}));
}

TEST(TextLineReader, EmptyFilesAndLoneLineBreaks) {
  TempDir dir;
  writeText(dir.file("empty"), "");
  EXPECT_TRUE(readLines(dir.file("empty")).empty());
  EXPECT_TRUE(readLines(dir.file("empty"), TextLineReaderOptions().withSkipHeader(true)).empty());
  writeText(dir.file("nl"), "\n");
  EXPECT_TRUE(readLines(dir.file("nl")).empty());
  EXPECT_EQ(readLines(dir.file("nl"), TextLineReaderOptions().withSkipBlankLines(false)).size(), 1u);
  writeText(dir.file("two"), "a\n\n");
  EXPECT_EQ(readLines(dir.file("two"), TextLineReaderOptions().withSkipBlankLines(false)).size(), 2u);
}

TEST(TextLineReader, HeaderByteOrderMarkAndComments) {
  TempDir dir;
  const std::string path = dir.file("with-header.csv");
  writeText(path, "\xEF\xBB\xBFlabel,x\r\n1,2\n# note\n  #indented\n3,4\n");
  TextLineReader r(path, TextLineReaderOptions().withSkipHeader(true).withComment('#'));
  EXPECT_EQ(r.header(), "label,x");  // read by the constructor, BOM and CR dropped
  Record rec;
  ASSERT_TRUE(r.next(rec));
  EXPECT_EQ(rec.value, "1,2");
  EXPECT_EQ(rec.index, 1);
  EXPECT_EQ(rec.offset, 12);
  ASSERT_TRUE(r.next(rec));
  EXPECT_EQ(rec.value, "3,4");
  EXPECT_EQ(rec.index, 4);
  EXPECT_FALSE(r.next(rec));

  // Without skipHeader the BOM still goes from the first line.
  EXPECT_EQ(readLines(path)[0].value, "label,x");
  EXPECT_EQ(readLines(path)[0].offset, 0);
}

// header_lines of any count: each file skips its first N lines (blank ones included), keeps the last as its
// header, and a file with fewer lines than that (but not an empty one) is an error naming it.
TEST(TextLineReader, HeaderLinesOfAnyCount) {
  TempDir dir;
  const std::string path = dir.file("three.csv");
  writeText(path, "\xEF\xBB\xBF# exported 2024-05-01\n\nlabel,x\r\n1,2\n3,4\n");
  for (int64_t n = 0; n <= 3; ++n) {
    TextLineReader r(path, TextLineReaderOptions().withHeaderLines(n));
    EXPECT_EQ(r.header(), n == 0 ? "" : n == 1 ? "# exported 2024-05-01" : n == 2 ? "" : "label,x") << n;
    std::vector<std::string> got;
    Record rec;
    int64_t firstIndex = -1;
    while (r.next(rec)) {
      if (firstIndex < 0) firstIndex = rec.index;
      got.push_back(rec.value);
    }
    const std::vector<std::string> all = {"# exported 2024-05-01", "label,x", "1,2", "3,4"};
    // Line 2 is blank: skipped as a record, counted as a header line.
    const size_t dropped = n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 1 : 2;
    EXPECT_EQ(got, std::vector<std::string>(all.begin() + static_cast<long>(dropped), all.end())) << n;
    EXPECT_EQ(firstIndex, n == 0 ? 0 : n == 1 ? 2 : n == 2 ? 2 : 3) << n;  // line numbers count headers
  }
  // Exactly N lines: no records; a blank last header line still counts.
  EXPECT_TRUE(readLines(path, TextLineReaderOptions().withHeaderLines(5)).empty());
  // Fewer lines than N: the file is named with its line count.
  expectError([&] { TextLineReader r(path, TextLineReaderOptions().withHeaderLines(6)); },
              {"text file " + path, "holds 5 lines but 6 header lines are to be skipped", "header_lines 6"});
  writeText(dir.file("one"), "only");
  expectError([&] { TextLineReader r(dir.file("one"), TextLineReaderOptions().withHeaderLines(2)); },
              {dir.file("one"), "holds 1 line but 2 header lines"});
  // An empty file (an empty partition's part file) holds no header and no records, for any N.
  writeText(dir.file("empty"), "");
  TextLineReader empty(dir.file("empty"), TextLineReaderOptions().withHeaderLines(4));
  Record rec;
  EXPECT_FALSE(empty.next(rec));
  EXPECT_EQ(empty.header(), "");
  // Gzipped files skip the same lines, and withSkipHeader is one header line.
  writeBytes(dir.file("z.csv.gz"), gzipBytes("h1\nh2\n5,6\n"));
  EXPECT_EQ(values(readLines(dir.file("z.csv.gz"), TextLineReaderOptions().withHeaderLines(2))),
            std::vector<std::string>{"5,6"});
  EXPECT_EQ(TextLineReaderOptions().withSkipHeader(true).headerLines, 1);
  EXPECT_EQ(TextLineReaderOptions().withSkipHeader(false).headerLines, 0);
  expectError([&] { TextLineReader r(path, TextLineReaderOptions().withHeaderLines(-1)); },
              {"headerLines is -1"});
}

// CSV files with two header lines through CsvDecoder: the last header line names the columns.
TEST(CsvDecoder, SeveralHeaderLines) {
  TempDir dir;
  const std::string path = dir.file("h.csv");
  writeText(path, "units,mm,mm\nlabel,width,height\n1,2.5,3\n0,4,5\n");
  ShardDataSet<float> set({path}, textRecordReaderFactory(TextLineReaderOptions().withHeaderLines(2)),
                          std::make_shared<CsvDecoder<float>>(), ShardDataSetOptions().withShuffleBuffer(0));
  set.reset();
  const MiniBatch<float> b = set.nextBatch(10);
  ASSERT_EQ(b.size(), 2);
  EXPECT_EQ(b.input().shape(), (Shape{2, 2}));
  EXPECT_FLOAT_EQ(b.input().data()[0], 2.5f);
  EXPECT_FLOAT_EQ(b.target().data()[1], 0.f);
}

// Lines of every length around the buffer size, read through buffers from 1 byte up: the buffer grows and
// the lines, offsets and numbers match a plain split.
TEST(TextLineReader, BuffersSmallerThanLines) {
  TempDir dir;
  std::mt19937 rng(7);
  std::string text;
  std::vector<Line> expected;
  for (int i = 0; i < 300; ++i) {
    const size_t len = 1 + rng() % (i % 50 == 0 ? 3000 : 40);
    std::string line;
    for (size_t k = 0; k < len; ++k) line += static_cast<char>('a' + rng() % 26);
    expected.push_back({line, static_cast<int64_t>(text.size()), i});
    text += line + (i % 7 == 0 ? "\r\n" : "\n");
  }
  const std::string path = dir.file("lines.txt");
  writeText(path, text);
  for (size_t buffer : {size_t(1), size_t(2), size_t(7), size_t(64), size_t(1000), size_t(1) << 20}) {
    TextLineReaderOptions o;
    o.bufferBytes = buffer;
    const auto lines = readLines(path, o);
    ASSERT_EQ(lines.size(), expected.size()) << "buffer " << buffer;
    for (size_t i = 0; i < lines.size(); ++i) {
      ASSERT_EQ(lines[i].value, expected[i].value) << "buffer " << buffer << " line " << i;
      ASSERT_EQ(lines[i].offset, expected[i].offset);
      ASSERT_EQ(lines[i].index, expected[i].index);
    }
  }
}

TEST(TextLineReader, GzipMembersAndZlib) {
  TempDir dir;
  const std::string a = "1,2\n3,4\n", b = "5,6\n7,8";
  Bytes gz = gzipBytes(a);
  const Bytes gz2 = gzipBytes(b);
  gz.insert(gz.end(), gz2.begin(), gz2.end());  // `cat a.gz b.gz`
  writeBytes(dir.file("part-00000.gz"), gz);
  TextLineReader r(dir.file("part-00000.gz"));
  EXPECT_EQ(r.compression(), TextCompression::kGzip);
  const auto lines = readLines(dir.file("part-00000.gz"));
  EXPECT_EQ(values(lines), (std::vector<std::string>{"1,2", "3,4", "5,6", "7,8"}));
  EXPECT_EQ(lines[2].offset, 8);  // decompressed offsets

  // The gzip magic decides, not the name.
  writeBytes(dir.file("noext"), gzipBytes(a));
  EXPECT_EQ(values(readLines(dir.file("noext"))), (std::vector<std::string>{"1,2", "3,4"}));
  writeText(dir.file("plain.gz"), a);
  EXPECT_EQ(values(readLines(dir.file("plain.gz"))), (std::vector<std::string>{"1,2", "3,4"}));

  // Hadoop's DefaultCodec: a zlib stream named .deflate.
  writeBytes(dir.file("part-00001.deflate"), gzipBytes(a + b, 6, false));
  TextLineReader z(dir.file("part-00001.deflate"));
  EXPECT_EQ(z.compression(), TextCompression::kZlib);
  EXPECT_EQ(readLines(dir.file("part-00001.deflate")).size(), 4u);

  // A big gzip file through a small buffer.
  std::string big;
  for (int i = 0; i < 20000; ++i) big += std::to_string(i) + "," + std::to_string(i * 3) + "\n";
  writeBytes(dir.file("big.gz"), gzipBytes(big));
  TextLineReaderOptions o;
  o.bufferBytes = 100;
  const auto bigLines = readLines(dir.file("big.gz"), o);
  ASSERT_EQ(bigLines.size(), 20000u);
  EXPECT_EQ(bigLines[12345].value, "12345,37035");
}

TEST(TextLineReader, TruncatedAndDamagedGzip) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "line " + std::to_string(i) + "\n";
  const Bytes gz = gzipBytes(text);
  writeBytes(dir.file("cut.gz"), Bytes(gz.begin(), gz.begin() + static_cast<long>(gz.size() / 2)));
  TextLineReader r(dir.file("cut.gz"));
  Record rec;
  int64_t n = 0;
  const std::string msg = expectError(
      [&] {
        while (r.next(rec)) ++n;
      },
      {"cut.gz", "line ", "of the decompressed stream", "truncated"});
  EXPECT_GT(n, 0);
  EXPECT_FALSE(r.recover());

  Bytes bad = gz;
  for (size_t i = 20; i < 60; ++i) bad[i] ^= 0x5a;
  writeBytes(dir.file("bad.gz"), bad);
  expectError(
      [&] {
        TextLineReader b(dir.file("bad.gz"));
        while (b.next(rec)) {
        }
      },
      {"bad.gz", "damaged near compressed byte"});
}

TEST(TextLineReader, OverLongLineAndRecovery) {
  TempDir dir;
  const std::string path = dir.file("long.txt");
  writeText(path, "ok\n" + std::string(5000, 'x') + "\nafter\n");
  TextLineReaderOptions o;
  o.bufferBytes = 64;
  o.maxLineBytes = 1000;
  TextLineReader r(path, o);
  Record rec;
  ASSERT_TRUE(r.next(rec));
  expectError([&] { r.next(rec); }, {"long.txt", "line 2 at byte 3", "longer than 1000 bytes"});
  ASSERT_TRUE(r.recover());
  ASSERT_TRUE(r.next(rec));
  EXPECT_EQ(rec.value, "after");
  EXPECT_EQ(rec.index, 2);
  EXPECT_FALSE(r.next(rec));
}

// nextView() gives what next() gives (lines viewed in the reader's buffer), plain and gzip, through buffers
// smaller than the lines (refills and growth between calls), with a byte-order mark, CRLF, skipped header,
// blank and comment lines, an over-long line recovered from and a truncated gzip stream.
TEST(TextLineReader, ViewsMatchNext) {
  TempDir dir;
  std::mt19937 rng(11);
  std::string text = "\xEF\xBB\xBFheader,names\r\n";
  size_t longLines = 0;
  for (int i = 0; i < 400; ++i) {
    const size_t len = i % 97 == 5 ? 2500 : rng() % (i % 40 == 0 ? 600 : 30);
    std::string line;
    for (size_t k = 0; k < len; ++k) line += static_cast<char>('a' + rng() % 26);
    if (i % 13 == 0) line = "  # comment " + line;
    if (i % 17 == 0) line = " \t";
    longLines += line.size() > 2000;
    text += line + (i % 5 == 0 ? "\r\n" : "\n");
  }
  text += "last line without a break";
  writeText(dir.file("plain.csv"), text);
  writeBytes(dir.file("gz.csv.gz"), gzipBytes(text));
  const Bytes gz = gzipBytes(text);
  writeBytes(dir.file("cut.csv.gz"), Bytes(gz.begin(), gz.begin() + static_cast<long>(gz.size() * 2 / 3)));
  for (const char* name : {"plain.csv", "gz.csv.gz", "cut.csv.gz"}) {
    for (size_t buffer : {size_t(1), size_t(16), size_t(100), size_t(1) << 16}) {
      for (bool skipping : {false, true}) {
        SCOPED_TRACE(std::string(name) + ", buffer " + std::to_string(buffer) +
                     (skipping ? ", header, blank and comment lines skipped" : ""));
        TextLineReaderOptions o;
        o.bufferBytes = buffer;
        o.maxLineBytes = 2000;  // the 2500-byte lines are errors, recovered from
        o.withSkipBlankLines(skipping);
        if (skipping) o.withHeaderLines(1).withComment('#');
        const std::string path = dir.file(name);
        test::expectViewsMatchNext([&] { return std::make_unique<TextLineReader>(path, o); });
      }
    }
  }
  // The outcome is not trivially empty: the records and the errors are there.
  TextLineReaderOptions o;
  o.bufferBytes = 16;
  o.maxLineBytes = 2000;
  o.withSkipBlankLines(false);
  TextLineReader r(dir.file("gz.csv.gz"), o);
  const test::ReadOutcome read = test::readRecovering(r, true);
  ASSERT_GT(longLines, 0u);
  EXPECT_EQ(read.records.size(), 402u - longLines);  // the header line, 400 lines and the last
  EXPECT_EQ(read.errors.size(), longLines);
  EXPECT_EQ(read.records.front().value, "header,names");  // byte-order mark and "\r" dropped
  EXPECT_EQ(read.records.back().value, "last line without a break");
}

TEST(TextLineReader, RefusesBinaryAndForeignCodecs) {
  TempDir dir;
  writeBytes(dir.file("bin"), Bytes{'S', 'E', 'Q', 6, 0, 0, 1});
  expectError([&] { TextLineReader r(dir.file("bin")); }, {"bin", "is not text", "byte 4 is 0x00"});
  writeText(dir.file("part-00000.snappy"), "whatever");
  expectError([&] { TextLineReader r(dir.file("part-00000.snappy")); },
              {"part-00000.snappy", "Snappy", "gzip"});
  writeText(dir.file("x"), "BZh91AY&SY");
  expectError([&] { TextLineReader r(dir.file("x")); }, {"BZip2"});
  expectError([&] { TextLineReader r(dir.file("missing")); }, {"cannot open text file", "missing"});
  expectError([&] { TextLineReader r(dir.path()); }, {"is a directory"});
}

TEST(TextLineWriter, PlainAndGzipRoundTrip) {
  TempDir dir;
  for (bool gzip : {false, true}) {
    const std::string path = dir.file(gzip ? "out.gz" : "out.txt");
    TextLineWriter w(path, gzip);
    w.writeLine("a,b");
    w.writeLine("");
    w.writeLine("\"q\",1");
    EXPECT_EQ(w.lines(), 3);
    expectError([&] { w.writeLine("x\ny"); }, {"line 4", "line break"});
    w.close();
    w.close();
    expectError([&] { w.writeLine("z"); }, {"after close"});
    const auto lines = readLines(path, TextLineReaderOptions().withSkipBlankLines(false));
    EXPECT_EQ(values(lines), (std::vector<std::string>{"a,b", "", "\"q\",1"}));
    const Bytes raw = readBytes(path);
    EXPECT_EQ(gzip, raw.size() > 2 && raw[0] == 0x1f && raw[1] == 0x8b);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Labels

TEST(LabelMapping, MapsAndRefuses) {
  double m = -7;
  EXPECT_EQ(mapLabel(3, LabelMapping::kZeroBased, 10, m), "");
  EXPECT_EQ(m, 3);
  EXPECT_EQ(mapLabel(1, LabelMapping::kOneBased, 10, m), "");
  EXPECT_EQ(m, 0);
  EXPECT_EQ(mapLabel(10, LabelMapping::kOneBased, 10, m), "");
  EXPECT_EQ(m, 9);
  EXPECT_EQ(mapLabel(-1, LabelMapping::kSigned, 0, m), "");
  EXPECT_EQ(m, 0);
  EXPECT_EQ(mapLabel(1, LabelMapping::kSigned, 2, m), "");
  EXPECT_EQ(m, 1);
  EXPECT_EQ(mapLabel(-2.5, LabelMapping::kValue, 0, m), "");
  EXPECT_EQ(m, -2.5);

  auto refuse = [](double v, LabelMapping mapping, int64_t classes, const std::string& part) {
    double out = 0;
    const std::string why = mapLabel(v, mapping, classes, out);
    EXPECT_NE(why.find(part), std::string::npos) << "label " << v << ": \"" << why << "\" lacks " << part;
  };
  refuse(-1, LabelMapping::kZeroBased, 0, "use the signed mapping");
  refuse(10, LabelMapping::kZeroBased, 10, "are one_based");
  refuse(12, LabelMapping::kZeroBased, 10, "not a class index in [0, 10)");
  refuse(1.5, LabelMapping::kZeroBased, 0, "not a whole number");
  refuse(0, LabelMapping::kOneBased, 0, "zero_based");
  refuse(11, LabelMapping::kOneBased, 10, "above the 10 classes");
  refuse(0, LabelMapping::kSigned, 0, "for 0/1 labels use zero_based");
  refuse(2, LabelMapping::kSigned, 0, "neither -1 nor +1");
  refuse(NAN, LabelMapping::kValue, 0, "not a finite number");

  EXPECT_EQ(unmapLabel(0, LabelMapping::kSigned), -1);
  EXPECT_EQ(unmapLabel(1, LabelMapping::kSigned), 1);
  EXPECT_EQ(unmapLabel(4, LabelMapping::kOneBased), 5);
  expectError([] { unmapLabel(2, LabelMapping::kSigned); }, {"signed"});
  EXPECT_EQ(parseLabelMapping("one_based"), LabelMapping::kOneBased);
  expectError([] { parseLabelMapping("1-based"); }, {"one_based", "signed"});
}

// ---------------------------------------------------------------------------------------------------------
// CSV

std::vector<std::string> split(const std::string& line, char delimiter = ',') {
  std::vector<std::string_view> fields;
  std::string unquoted;
  const std::string error = splitCsvLine(line, delimiter, fields, unquoted);
  EXPECT_EQ(error, "") << line;
  return std::vector<std::string>(fields.begin(), fields.end());
}

TEST(SplitCsvLine, Rfc4180) {
  using V = std::vector<std::string>;
  EXPECT_EQ(split("1,2,3"), (V{"1", "2", "3"}));
  EXPECT_EQ(split(""), (V{""}));
  EXPECT_EQ(split("a,,b,"), (V{"a", "", "b", ""}));
  EXPECT_EQ(split("\"a,b\",c"), (V{"a,b", "c"}));
  EXPECT_EQ(split("\"say \"\"hi\"\"\",x"), (V{"say \"hi\"", "x"}));
  EXPECT_EQ(split(" \"1\" , 2"), (V{"1", " 2"}));
  EXPECT_EQ(split("\"\""), (V{""}));
  EXPECT_EQ(split("1\t\"2\t3\"", '\t'), (V{"1", "2\t3"}));
  EXPECT_EQ(split("a\"b,c"), (V{"a\"b", "c"}));  // a quote inside an unquoted field is text

  std::vector<std::string_view> fields;
  std::string unquoted;
  EXPECT_NE(splitCsvLine("1,\"open", ',', fields, unquoted)
                .find("column 2: the quote opened at character 3 "
                      "is not closed"),
            std::string::npos);
  EXPECT_NE(splitCsvLine("\"a\"b,c", ',', fields, unquoted).find("column 1: text after the closing quote"),
            std::string::npos);
}

Record lineRecord(const std::string& text, int64_t index = 4, int64_t offset = 100) {
  Record r;
  r.value = text;
  r.index = index;
  r.offset = offset;
  return r;
}

TEST(CsvDecoder, LabelColumnsAndValues) {
  DecodedRecord<float> out;
  CsvDecoder<float> first;
  first.decode(lineRecord("3,0.5,-1e-3,+2"), "f", out);
  EXPECT_EQ(out.label, 3);
  EXPECT_EQ(out.features, (std::vector<float>{0.5f, -1e-3f, 2.0f}));
  EXPECT_EQ(out.shape, (Shape{3}));
  EXPECT_EQ(first.columns(), 4);

  CsvDecoder<double> last(CsvOptions().withLabelColumn(-1));
  DecodedRecord<double> d;
  last.decode(lineRecord("0.1, 0.2 ,\"0.3\",7"), "f", d);
  EXPECT_EQ(d.label, 7);
  EXPECT_EQ(d.features, (std::vector<double>{0.1, 0.2, 0.3}));

  CsvDecoder<float> middle(CsvOptions().withLabelColumn(1).withShape({2, 1}));
  middle.decode(lineRecord("1,2,3"), "f", out);
  EXPECT_EQ(out.label, 2);
  EXPECT_EQ(out.features, (std::vector<float>{1, 3}));
  EXPECT_EQ(out.shape, (Shape{2, 1}));

  CsvDecoder<float> tsv(CsvOptions().withDelimiter('\t').withLabels(LabelMapping::kOneBased, 3));
  tsv.decode(lineRecord("3\t1.5\t2.5"), "f", out);
  EXPECT_EQ(out.label, 2);
  EXPECT_EQ(out.features, (std::vector<float>{1.5f, 2.5f}));

  EXPECT_EQ(parseLabelColumn("first"), 0);
  EXPECT_EQ(parseLabelColumn("last"), -1);
  EXPECT_EQ(parseLabelColumn("-2"), -2);
  expectError([] { parseLabelColumn("middle"); }, {"first, last or a column index"});
}

// Decimal text rounds once, into T (not through double into float).
TEST(CsvDecoder, FloatsRoundedOnce) {
  // 1 + 2^-24 + 2^-60: through double it rounds to 1 + 2^-24, a tie that then rounds to 1 in float;
  // directly it rounds up to 1 + 2^-23.
  const std::string text = "1.00000005960464477539931", label = "0,";
  CsvDecoder<float> dec;
  DecodedRecord<float> out;
  dec.decode(lineRecord(label + text), "f", out);
  EXPECT_EQ(out.features[0], std::nextafter(1.0f, 2.0f));
  EXPECT_EQ(std::strtof(text.c_str(), nullptr), std::nextafter(1.0f, 2.0f));
  dec.decode(lineRecord("0,1e-50"), "f", out);  // underflow: 0, as strtof gives
  EXPECT_EQ(out.features[0], 0.0f);
}

TEST(CsvDecoder, ErrorsNameFileLineColumnAndText) {
  DecodedRecord<float> out;
  CsvDecoder<float> dec;
  dec.decode(lineRecord("1,2,3"), "data/part-00003", out);
  expectError([&] { dec.decode(lineRecord("1,2,3,4", 9, 88), "data/part-00003", out); },
              {"file data/part-00003: line 10 at byte 88: ", "the row has 4 columns, expected 3",
               "as in the first row", "\"1,2,3,4\""});
  expectError([&] { dec.decode(lineRecord("1,2,x7"), "p", out); },
              {"line 5 at byte 100", "column 3: ", "\"x7\" is not a number"});
  expectError([&] { dec.decode(lineRecord("1,,3"), "p", out); }, {"column 2: the field is empty"});
  expectError([&] { dec.decode(lineRecord("1,nan,3"), "p", out); }, {"column 2", "\"nan\" is not a finite"});
  expectError([&] { dec.decode(lineRecord("1,1e39,3"), "p", out); },
              {"column 2", "beyond the range of float"});
  expectError([&] { dec.decode(lineRecord("-1,1,3"), "p", out); },
              {"column 1", "label -1 is negative", "signed"});
  expectError([&] { dec.decode(lineRecord("one,1,3"), "p", out); }, {"column 1, the label", "\"one\""});
  expectError([&] { dec.decode(lineRecord("1,\"2,3"), "p", out); }, {"not closed", "multiLine"});

  CsvDecoder<float> tenClasses(CsvOptions().withLabels(LabelMapping::kZeroBased, 10));
  expectError([&] { tenClasses.decode(lineRecord("10,1"), "p", out); },
              {"not a class index in [0, 10)", "one_based"});
  CsvDecoder<float> wrongShape(CsvOptions().withShape({5}));
  expectError([&] { wrongShape.decode(lineRecord("1,2,3"), "p", out); }, {"2 features", "shape 5"});
  CsvDecoder<float> farLabel(CsvOptions().withLabelColumn(5));
  expectError([&] { farLabel.decode(lineRecord("1,2,3"), "p", out); }, {"label column 5 is outside the 3"});
  CsvDecoder<float> tab;
  expectError([&] { tab.decode(lineRecord("1\t2\t3"), "p", out); }, {"1 column", "a TSV file?"});
  expectError([] { CsvDecoder<float>(CsvOptions().withDelimiter('"')); }, {"delimiter"});
}

// Rows after the first take a one-pass path; it must agree with the general one (a fresh decoder's first
// row) on every value and every error.
TEST(CsvDecoder, OnePassAndGeneralPathsAgree) {
  const std::vector<std::string> rows = {
      "1,2,3",    " 1 , +2 ,\t3\t", "1,\"2\",3", "1,2,3,",    "1,2",
      "1,,3",     "1,+-2,3",        "1,2e400,3", "1,1e-50,3", "1,nan,3",
      "1,inf,3",  "-1,2,3",         "1.5,2,3",   "+1,0x10,3", "1,2 3,3",
      "1,.5,5.",  "1,-0,1E3",       "1,\"2,3",   "1,2,3\"",   "9,1.00000005960464477539931,2",
      "1, + 2,3", "1,2,3 ,",        ",1,2"};
  for (const char delimiter : {',', '\t'}) {
    CsvDecoder<float> warm(CsvOptions().withDelimiter(delimiter).withLabels(LabelMapping::kZeroBased, 10));
    DecodedRecord<float> a, b;
    warm.decode(lineRecord(delimiter == ',' ? "0,0,0" : "0\t0\t0"), "f", a);
    for (std::string row : rows) {
      if (delimiter == '\t')
        for (char& c : row)
          if (c == ',') c = '\t';
      CsvDecoder<float> fresh(CsvOptions().withDelimiter(delimiter).withLabels(LabelMapping::kZeroBased, 10));
      std::string errorA, errorB;
      try {
        warm.decode(lineRecord(row), "f", a);
      } catch (const Error& e) {
        errorA = e.message();
      }
      try {
        fresh.decode(lineRecord(row), "f", b);
        if (b.features.size() != 2)
          errorB = "fresh decoder took " + std::to_string(b.features.size() + 1) + " columns";
      } catch (const Error& e) {
        errorB = e.message();
      }
      // A column count only the warm decoder knows: the fresh one learns another from this row.
      if (errorA.find("the row has") != std::string::npos ||
          errorB.find("the row has") != std::string::npos || errorB.find("fresh decoder took") == 0) {
        EXPECT_NE(errorA, "") << "row " << quoteText(row);
        continue;
      }
      EXPECT_EQ(errorA, errorB) << "row " << quoteText(row);
      if (errorA.empty() && errorB.empty()) {
        EXPECT_EQ(a.features, b.features) << "row " << quoteText(row);
        EXPECT_EQ(a.label, b.label) << "row " << quoteText(row);
        EXPECT_EQ(a.shape, b.shape);
      }
    }
  }
}

// Random lines over the characters that matter: each decodes or throws ringdl::Error, and the two CSV paths
// agree.
TEST(TextDecoders, RandomLinesDecodeOrFailCleanly) {
  const std::string alphabet = "0123456789012345.,,,+-e \"\t:#xni";
  std::mt19937 rng(11);
  CsvDecoder<float> warm;
  DecodedRecord<float> a, b;
  warm.decode(lineRecord("0,0,0"), "f", a);
  LibSvmDecoder<double> svm(LibSvmOptions().withNumFeatures(8));
  DecodedRecord<double> d;
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string line;
    auto noise = [&](size_t max) {
      std::string t;
      for (size_t k = rng() % max; k > 0; --k) t += alphabet[rng() % alphabet.size()];
      return t;
    };
    if (i % 2 == 0) {
      line = noise(16);
    } else {  // mostly well-formed fields: numbers in their many spellings, now and then something else
      for (int c = 0; c < 3 + (rng() % 8 == 0 ? 1 : 0); ++c) {
        std::string field = c == 0 ? std::to_string(rng() % 12) : std::to_string(rng() % 1000);
        if (c > 0 && rng() % 3 == 0) field += "." + std::to_string(rng() % 100);
        if (rng() % 5 == 0) field += "e" + std::string(rng() % 2 ? "-" : "") + std::to_string(rng() % 60);
        if (rng() % 6 == 0) field = (rng() % 2 ? "+" : "-") + field;
        if (rng() % 8 == 0) field = " " + field + "\t";
        if (rng() % 10 == 0) field = "\"" + field + "\"";
        if (rng() % 25 == 0) field = noise(4);
        line += (c ? "," : "") + field;
      }
    }
    std::string errorA, errorB;
    try {
      warm.decode(lineRecord(line), "f", a);
      ++decoded;
    } catch (const Error& e) {
      errorA = e.message();
    }
    try {
      CsvDecoder<float>(CsvOptions().withColumns(3)).decode(lineRecord(line), "f", b);
    } catch (const Error& e) {
      errorB = e.message();
    }
    const std::string configured = "(the configured count)", learnt = "(as in the first row)";
    if (errorB.find(configured) != std::string::npos)
      errorB.replace(errorB.find(configured), configured.size(), learnt);
    ASSERT_EQ(errorA, errorB) << quoteText(line);
    if (errorA.empty()) {
      ASSERT_EQ(a.features, b.features) << quoteText(line);
      ASSERT_EQ(a.label, b.label) << quoteText(line);
    }
    try {
      svm.decode(lineRecord(line), "f", d);
    } catch (const Error&) {
    }
  }
  EXPECT_GT(decoded, 5000);
}

TEST(CsvDecoder, HeaderNamesColumns) {
  TempDir dir;
  const std::string path = dir.file("part-00000.csv");
  writeText(path, "label,width,height\n1,2,3\n1,2,oops\n");
  TextLineReader reader(path, TextLineReaderOptions().withSkipHeader(true));
  CsvDecoder<float> dec;
  dec.beginShard(reader);
  EXPECT_EQ(dec.columns(), 3);
  Record rec;
  DecodedRecord<float> out;
  ASSERT_TRUE(reader.next(rec));
  dec.decode(rec, path, out);
  ASSERT_TRUE(reader.next(rec));
  expectError([&] { dec.decode(rec, path, out); },
              {"part-00000.csv: line 3 at byte 25: column 3 (\"height\"): \"oops\" is not a number"});

  writeText(dir.file("other.csv"), "label,width\n1,2\n");
  TextLineReader other(dir.file("other.csv"), TextLineReaderOptions().withSkipHeader(true));
  expectError([&] { dec.beginShard(other); }, {"other.csv", "the header names 2 columns, expected 3"});
}

TEST(CsvDecoder, WriteCsvRoundTrips) {
  TempDir dir;
  std::mt19937 rng(3);
  std::normal_distribution<double> normal(0, 1e3);
  const int64_t n = 50;
  Tensor<double> x({n, 2, 3}), y({n});
  for (int64_t i = 0; i < x.numel(); ++i)
    x.data()[i] = i % 5 == 0 ? 0 : normal(rng) * std::pow(10, i % 9 - 4);
  for (int64_t i = 0; i < n; ++i) y.data()[i] = static_cast<double>(i % 4);
  struct Case {
    int64_t labelColumn;
    bool header, gzip;
    char delimiter;
    LabelMapping labels;
  };
  for (const Case c : {Case{0, false, false, ',', LabelMapping::kZeroBased},
                       Case{-1, true, true, '\t', LabelMapping::kOneBased}}) {
    const std::string path = dir.file(c.gzip ? "x.csv.gz" : "x.csv");
    CsvWriteOptions w;
    w.labelColumn = c.labelColumn;
    w.header = c.header;
    w.gzip = c.gzip;
    w.delimiter = c.delimiter;
    w.labels = c.labels;
    writeCsv(path, x, y, w);
    CsvDecoder<double> dec(CsvOptions()
                               .withLabelColumn(c.labelColumn)
                               .withDelimiter(c.delimiter)
                               .withLabels(c.labels)
                               .withShape({2, 3}));
    const LabeledData<double> back = loadRecords<double>(
        {path}, textRecordReaderFactory(TextLineReaderOptions().withSkipHeader(c.header)), dec);
    ASSERT_EQ(back.features.shape(), (Shape{n, 2, 3}));
    EXPECT_EQ(back.features.toVector(), x.toVector());  // exact: shortest round-trip text
    EXPECT_EQ(back.labels.toVector(), y.toVector());
  }
  const std::string firstLine = [&] {
    CsvWriteOptions w;
    w.header = true;
    writeCsv(dir.file("h.csv"), x, y, w);
    TextLineReader r(dir.file("h.csv"), TextLineReaderOptions().withSkipHeader(true));
    return r.header();
  }();
  EXPECT_EQ(firstLine, "label,f0,f1,f2,f3,f4,f5");

  // float: the shortest text of each float reads back to the same float.
  Tensor<float> xf({3, 2}), yf({3});
  const std::vector<float> v = {0.1f, 1e-40f, 3.4028235e38f, -7.0f, 16777217.0f, 1.0f / 3};
  for (int i = 0; i < 6; ++i) xf.data()[i] = v[i];
  for (int i = 0; i < 3; ++i) yf.data()[i] = float(i);
  writeCsv(dir.file("f.csv"), xf, yf);
  CsvDecoder<float> dec;
  const LabeledData<float> back = loadRecords<float>({dir.file("f.csv")}, textRecordReaderFactory(), dec);
  EXPECT_EQ(back.features.toVector(), xf.toVector());
}

// ---------------------------------------------------------------------------------------------------------
// LibSVM

TEST(LibSvmDecoder, DenseRowsFromSparseLines) {
  DecodedRecord<float> out;
  LibSvmDecoder<float> dec(LibSvmOptions().withNumFeatures(5));
  dec.decode(lineRecord("2 1:0.5 3:-2 5:1e2"), "f", out);
  EXPECT_EQ(out.label, 2);
  EXPECT_EQ(out.features, (std::vector<float>{0.5f, 0, -2, 0, 100}));
  EXPECT_EQ(out.shape, (Shape{5}));
  dec.decode(lineRecord("0"), "f", out);  // no features: all zero
  EXPECT_EQ(out.features, std::vector<float>(5, 0.0f));
  dec.decode(lineRecord(" 1\t2:3  # a comment 9:9"), "f", out);
  EXPECT_EQ(out.label, 1);
  EXPECT_EQ(out.features, (std::vector<float>{0, 3, 0, 0, 0}));

  LibSvmDecoder<double> signedLabels(LibSvmOptions().withNumFeatures(2).withLabels(LabelMapping::kSigned));
  DecodedRecord<double> d;
  signedLabels.decode(lineRecord("+1 2:1"), "f", d);
  EXPECT_EQ(d.label, 1);
  signedLabels.decode(lineRecord("-1 1:1"), "f", d);
  EXPECT_EQ(d.label, 0);

  dec.decode(lineRecord("+1 1:+2 3:1e-3\t4:-0.5 # 5:5"), "f", out);
  EXPECT_EQ(out.label, 1);
  EXPECT_EQ(out.features, (std::vector<float>{2, 0, 1e-3f, -0.5f, 0}));
  dec.decode(lineRecord("3 2:1e-50 5:.25"), "f", out);  // underflow: 0
  EXPECT_EQ(out.features, (std::vector<float>{0, 0, 0, 0, 0.25f}));

  LibSvmDecoder<float> zero(LibSvmOptions().withNumFeatures(3).withZeroBased(true).withShape({3, 1}));
  zero.decode(lineRecord("1 0:4 2:6"), "f", out);
  EXPECT_EQ(out.features, (std::vector<float>{4, 0, 6}));
  EXPECT_EQ(out.shape, (Shape{3, 1}));
}

TEST(LibSvmDecoder, ErrorsNameLineAndToken) {
  DecodedRecord<float> out;
  LibSvmDecoder<float> dec(LibSvmOptions().withNumFeatures(4));
  const std::string f = "svm/part-00001";
  expectError([&] { dec.decode(lineRecord("1 2:1 2:3", 6, 40), f, out); },
              {"file svm/part-00001: line 7 at byte 40: token 3 \"2:3\": feature index 2 does not increase"});
  expectError([&] { dec.decode(lineRecord("1 3:1 2:3"), f, out); }, {"token 3", "does not increase"});
  expectError([&] { dec.decode(lineRecord("1 0:1"), f, out); }, {"token 2 \"0:1\"", "1-based", "zero_based"});
  expectError([&] { dec.decode(lineRecord("1 5:1"), f, out); },
              {"token 2", "feature index 5 is beyond the 4"});
  expectError([&] { dec.decode(lineRecord("1 2"), f, out); }, {"token 2 \"2\"", "not an index:value pair"});
  expectError([&] { dec.decode(lineRecord("1 x:2"), f, out); }, {"the index \"x\" is not a whole number"});
  expectError([&] { dec.decode(lineRecord("1 -1:2"), f, out); }, {"the index \"-1\""});
  expectError([&] { dec.decode(lineRecord("1 1:"), f, out); }, {"token 2", "the value: the field is empty"});
  expectError([&] { dec.decode(lineRecord("1 1:abc"), f, out); }, {"\"abc\" is not a number"});
  expectError([&] { dec.decode(lineRecord("1 qid:3 1:1"), f, out); }, {"qid"});
  expectError([&] { dec.decode(lineRecord("-1 1:1"), f, out); }, {"token 1 \"-1\"", "signed"});
  expectError([&] { dec.decode(lineRecord("1:1 2:1"), f, out); }, {"the label", "starts with its label"});
  expectError([] { LibSvmDecoder<float> d(LibSvmOptions{}); }, {"num_features", "inferLibSvmFeatureCount"});
  expectError([] { LibSvmDecoder<float> d(LibSvmOptions().withNumFeatures(4).withShape({5})); }, {"shape 5"});
}

TEST(LibSvm, InferLoadAndWrite) {
  TempDir dir;
  writeText(dir.file("part-00000"), "# written by hand\n+1 1:0.5 7:2\n-1 3:1\n\n");
  writeText(dir.file("part-00001"), "-1 2:4 9:0.25\n");
  const std::vector<std::string> files = {dir.file("part-00000"), dir.file("part-00001")};
  EXPECT_EQ(inferLibSvmFeatureCount(files), 9);
  EXPECT_EQ(inferLibSvmFeatureCount(files, true), 10);
  writeText(dir.file("labels-only"), "1\n0\n");
  expectError([&] { inferLibSvmFeatureCount({dir.file("labels-only")}); }, {"labels-only", "no index:value"});
  writeText(dir.file("zero"), "1 0:1\n");
  expectError([&] { inferLibSvmFeatureCount({dir.file("zero")}); }, {"line 1", "feature index 0"});

  const LabeledData<float> data = loadLibSvm<float>(files, LibSvmOptions().withLabels(LabelMapping::kSigned));
  ASSERT_EQ(data.features.shape(), (Shape{3, 9}));
  EXPECT_EQ(data.labels.toVector(), (std::vector<float>{1, 0, 0}));
  EXPECT_EQ(data.features.at({0, 6}), 2.0f);
  EXPECT_EQ(data.features.at({2, 8}), 0.25f);
  // Without a mapping for -1/+1 the load is refused, not silently wrong.
  expectError([&] { loadLibSvm<float>(files); }, {"part-00000: line 3", "label -1 is negative", "signed"});

  // Round trip, sparse: zeros are left out.
  std::mt19937 rng(5);
  Tensor<double> x({40, 6}), y({40});
  for (int64_t i = 0; i < x.numel(); ++i) x.data()[i] = rng() % 3 == 0 ? std::ldexp(double(rng()), -20) : 0.0;
  for (int64_t i = 0; i < 40; ++i) y.data()[i] = double(i % 2);
  for (const LabelMapping m : {LabelMapping::kSigned, LabelMapping::kOneBased}) {
    LibSvmWriteOptions w;
    w.labels = m;
    w.gzip = m == LabelMapping::kSigned;
    w.zeroBased = m == LabelMapping::kOneBased;
    writeLibSvm(dir.file("out"), x, y, w);
    const LabeledData<double> back = loadLibSvm<double>(
        {dir.file("out")}, LibSvmOptions().withNumFeatures(6).withLabels(m).withZeroBased(w.zeroBased));
    EXPECT_EQ(back.features.toVector(), x.toVector());
    EXPECT_EQ(back.labels.toVector(), y.toVector());
  }
  TextLineReader r(dir.file("out"));
  Record rec;
  ASSERT_TRUE(r.next(rec));
  EXPECT_EQ(rec.value.substr(0, 2), "1 ");  // one_based: label 0 written as 1
}

// ---------------------------------------------------------------------------------------------------------
// ShardDataSet over CSV part files (Spark's df.write.csv layout, with a header in each part).

TEST(TextShards, ShardDataSetReadsCsvParts) {
  TempDir dir;
  int64_t id = 0;
  for (int part = 0; part < 3; ++part) {
    char name[64];
    std::snprintf(name, sizeof name, "part-%05d-c000.csv%s", part, part == 1 ? ".gz" : "");
    std::string text = "label,id\n";
    for (int i = 0; i < 5 + part; ++i, ++id) text += std::to_string(id % 3) + "," + std::to_string(id) + "\n";
    if (part == 1)
      writeBytes(dir.file(name), gzipBytes(text));
    else
      writeText(dir.file(name), text);
  }
  writeText(dir.file("_SUCCESS"), "");
  const std::vector<std::string> shards = listShards(dir.path());
  ASSERT_EQ(shards.size(), 3u);
  ShardDataSet<float> set(shards, textRecordReaderFactory(TextLineReaderOptions().withSkipHeader(true)),
                          std::make_shared<CsvDecoder<float>>(), ShardDataSetOptions().withShuffleBuffer(4));
  EXPECT_EQ(set.size(), 18);
  for (int epoch = 0; epoch < 2; ++epoch) {
    set.shuffle();
    std::vector<int> seen(18, 0);
    for (MiniBatch<float> b = set.nextBatch(4); !b.empty(); b = set.nextBatch(4)) {
      for (int64_t i = 0; i < b.size(); ++i) {
        const int64_t v = static_cast<int64_t>(b.input().data()[i]);
        ASSERT_GE(v, 0);
        ASSERT_LT(v, 18);
        ++seen[static_cast<size_t>(v)];
        EXPECT_EQ(b.target().data()[i], float(v % 3));
      }
    }
    EXPECT_EQ(seen, std::vector<int>(18, 1));
  }
}

}  // namespace
}  // namespace ringdl
