// TextRecordWriter: CSV, TSV and LibSVM lines read back by CsvDecoder / LibSvmDecoder with their default
// options to identical features and labels (float and double, pixels, extremes, gzip), the exact text
// written, LibSVM's last feature kept for the feature count, label mappings, and every error.
#include "ringdl/data/text_record_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/data/csv_decoder.h"
#include "ringdl/data/libsvm_decoder.h"
#include "ringdl/data/load_records.h"

namespace ringdl {
namespace {

using test::expectError;
using test::TempDir;

std::vector<std::string> linesOf(const std::string& path) {
  std::vector<std::string> lines;
  TextLineReader r(path, TextLineReaderOptions().withSkipBlankLines(false));
  for (Record rec; r.next(rec);) lines.push_back(rec.value);
  return lines;
}

// Rows of values a converter meets: pixels k / 255, zeros (and -0), tiny, huge and negative numbers, with the
// last column zero in every row (LibSVM leaves zeros out).
template <typename T>
std::vector<std::vector<T>> sampleRows(int rows, int columns, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::vector<T>> out(static_cast<size_t>(rows), std::vector<T>(static_cast<size_t>(columns)));
  for (auto& row : out) {
    for (int j = 0; j + 1 < columns; ++j) {
      switch (rng() % 6) {
        case 0:
          row[j] = T(0);
          break;
        case 1:
          row[j] = static_cast<T>(rng() % 256) / T(255);
          break;
        case 2:
          row[j] = std::ldexp(static_cast<T>(rng() % 1000 + 1), -140 + static_cast<int>(rng() % 20));
          break;
        case 3:
          row[j] = -std::ldexp(static_cast<T>(rng()), static_cast<int>(rng() % 60));
          break;
        case 4:
          row[j] = std::numeric_limits<T>::max() / static_cast<T>(rng() % 7 + 1);
          break;
        default:
          row[j] = static_cast<T>(std::uniform_real_distribution<double>(-1, 1)(rng));
      }
    }
    row.back() = T(0);
  }
  return out;
}

template <typename T>
void roundTrip(TextRecordFormat format, bool gzip) {
  TempDir dir;
  const std::string path =
      dir.file(std::string("part-00000.") + textRecordFormatName(format) + (gzip ? ".gz" : ""));
  const auto rows = sampleRows<T>(50, 9, format == TextRecordFormat::kLibSvm ? 3u : 4u);
  {
    TextRecordWriter<T> w(path, TextRecordWriterOptions().withFormat(format).withGzip(gzip));
    for (size_t i = 0; i < rows.size(); ++i) w.append(rows[i].data(), 9, static_cast<T>(i % 10));
    EXPECT_EQ(w.records(), 50);
    EXPECT_EQ(w.features(), 9);
    w.close();
  }
  LabeledData<T> data;
  if (format == TextRecordFormat::kLibSvm) {
    // The feature count is inferred (every line ends in "9:0"), with the readers' defaults otherwise.
    EXPECT_EQ(inferLibSvmFeatureCount({path}), 9);
    data = loadLibSvm<T>({path});
  } else {
    CsvDecoder<T> decoder(CsvOptions().withDelimiter(format == TextRecordFormat::kTsv ? '\t' : ','));
    data = loadRecords<T>({path}, textRecordReaderFactory(), decoder);
  }
  ASSERT_EQ(data.features.shape(), (Shape{50, 9}));
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(data.labels.data()[i], static_cast<T>(i % 10));
    for (size_t j = 0; j < 9; ++j)
      ASSERT_EQ(data.features.data()[i * 9 + j], rows[i][j]) << "row " << i << " column " << j;
  }
}

TEST(TextRecordWriter, CsvTsvAndLibSvmRoundTripExactly) {
  for (TextRecordFormat f : {TextRecordFormat::kCsv, TextRecordFormat::kTsv, TextRecordFormat::kLibSvm}) {
    SCOPED_TRACE(textRecordFormatName(f));
    roundTrip<float>(f, false);
    roundTrip<double>(f, false);
    roundTrip<float>(f, true);
  }
}

TEST(TextRecordWriter, TheTextWritten) {
  TempDir dir;
  const float row[] = {0.5f, 0, 1e-7f, -3, 1.f / 255};
  const float zeros[] = {0, 0, 0, 0, 0};
  for (TextRecordFormat f : {TextRecordFormat::kCsv, TextRecordFormat::kTsv, TextRecordFormat::kLibSvm}) {
    const std::string path = dir.file(textRecordFormatName(f));
    TextRecordWriter<float> w(path, TextRecordWriterOptions().withFormat(f));
    w.append(row, 5, 3);
    w.append(zeros, 5, 0);
    w.close();
    w.close();  // a second close does nothing
    const std::vector<std::string> lines = linesOf(path);
    if (f == TextRecordFormat::kCsv) {
      EXPECT_EQ(lines, (std::vector<std::string>{"3,0.5,0,1e-07,-3,0.003921569", "0,0,0,0,0,0"}));
    } else if (f == TextRecordFormat::kTsv) {
      EXPECT_EQ(lines, (std::vector<std::string>{"3\t0.5\t0\t1e-07\t-3\t0.003921569", "0\t0\t0\t0\t0\t0"}));
    } else {
      // Zeros left out, but the last feature is always there.
      EXPECT_EQ(lines, (std::vector<std::string>{"3 1:0.5 3:1e-07 4:-3 5:0.003921569", "0 5:0"}));
    }
  }
}

TEST(TextRecordWriter, LabelMappings) {
  TempDir dir;
  const float x[] = {1, 2};
  TextRecordWriter<float> value(dir.file("v.csv"),
                                TextRecordWriterOptions().withLabels(LabelMapping::kValue));
  value.append(x, 2, -2.5f);
  value.close();
  EXPECT_EQ(linesOf(dir.file("v.csv"))[0], "-2.5,1,2");
  TextRecordWriter<float> one(
      dir.file("o.libsvm"),
      TextRecordWriterOptions().withFormat(TextRecordFormat::kLibSvm).withLabels(LabelMapping::kOneBased));
  one.append(x, 2, 0);
  one.close();
  EXPECT_EQ(linesOf(dir.file("o.libsvm"))[0], "1 1:1 2:2");
  TextRecordWriter<float> sign(
      dir.file("s.libsvm"),
      TextRecordWriterOptions().withFormat(TextRecordFormat::kLibSvm).withLabels(LabelMapping::kSigned));
  sign.append(x, 2, 1);
  sign.append(x, 2, 0);
  sign.close();
  EXPECT_EQ(linesOf(dir.file("s.libsvm")), (std::vector<std::string>{"+1 1:1 2:2", "-1 1:1 2:2"}));
  // Read back with the same mappings: the same labels.
  const LabeledData<float> back =
      loadLibSvm<float>({dir.file("s.libsvm")}, LibSvmOptions().withLabels(LabelMapping::kSigned));
  EXPECT_EQ(back.labels.toVector(), (std::vector<float>{1, 0}));
  // A class the signed mapping cannot hold: the error names the file and the record.
  TextRecordWriter<float> sign2(
      dir.file("s2.libsvm"),
      TextRecordWriterOptions().withFormat(TextRecordFormat::kLibSvm).withLabels(LabelMapping::kSigned));
  sign2.append(x, 2, 0);
  expectError([&] { sign2.append(x, 2, 2); },
              {"libsvm file " + dir.file("s2.libsvm") + ": record 1", "label 2", "signed"});
  EXPECT_EQ(sign2.records(), 1);
}

TEST(TextRecordWriter, Errors) {
  TempDir dir;
  const std::string path = dir.file("e.csv");
  TextRecordWriter<float> w(path);
  const float x[] = {1, 2, 3};
  const float nan[] = {1, std::nanf(""), 3};
  const float inf[] = {1, 2, std::numeric_limits<float>::infinity()};
  expectError([&] { w.append(x, 0, 0); }, {"csv file " + path, "record 0 holds no features"});
  w.append(x, 3, 1);
  expectError([&] { w.append(x, 2, 1); },
              {"record 1 holds 2 feature values but the first record holds 3", "same features"});
  expectError([&] { w.append(nan, 3, 1); }, {"record 1 feature 1 is nan", "readers refuse"});
  expectError([&] { w.append(inf, 3, 1); }, {"record 1 feature 2 is inf"});
  expectError([&] { w.append(x, 3, 0.5f); }, {"record 1 has label 0.5", "not a class index", "value"});
  expectError([&] { w.append(x, 3, -1); }, {"label -1", "not a class index"});
  expectError([&] { w.append(x, 3, std::nanf("")); }, {"label nan"});
  w.append(x, 3, 2);
  EXPECT_EQ(w.records(), 2);  // the refused records left nothing behind
  w.close();
  EXPECT_EQ(linesOf(path), (std::vector<std::string>{"1,1,2,3", "2,1,2,3"}));
  expectError([&] { w.append(x, 3, 2); }, {"write after close()"});
  expectError([&] { TextRecordWriter<float> bad(dir.file("no/such/dir.csv")); },
              {"cannot create text file", "no/such/dir.csv"});
}

}  // namespace
}  // namespace ringdl
