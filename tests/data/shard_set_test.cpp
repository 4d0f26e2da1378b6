// Tests for shard sets: listing files, globs, list files, plain and Hadoop/Spark directories; rank
// assignment; format detection; the shard index.
#include "ringdl/data/shard_set.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "data/temp_dir.h"
#include "ringdl/data/sequence_file.h"
#include "ringdl/data/shard_index.h"
#include "ringdl/data/tfrecord.h"

namespace ringdl {
namespace {

using test::expectError;
using test::TempDir;

void touch(const std::string& path, const std::string& text = "x") {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<std::string> names(const std::vector<std::string>& paths) {
  std::vector<std::string> n;
  for (const auto& p : paths) n.push_back(std::filesystem::path(p).filename().string());
  return n;
}

using Names = std::vector<std::string>;

TEST(ListShards, OneFile) {
  TempDir dir;
  touch(dir.file("a.tfrecord"));
  EXPECT_EQ(listShards(dir.file("a.tfrecord")), Names{dir.file("a.tfrecord")});
}

TEST(ListShards, MissingFileAndEmptySpec) {
  TempDir dir;
  expectError([&] { listShards(dir.file("nope")); }, {"shard spec", dir.file("nope"), "no such file"});
  expectError([&] { listShards(""); }, {"empty shard spec"});
}

TEST(ListShards, GlobSortsAndDropsHiddenFiles) {
  TempDir dir;
  for (const char* n : {"part-00002", "part-00000", "part-00001", ".part-00000.crc", "part-00001.crc"})
    touch(dir.file(n));
  std::filesystem::create_directory(dir.file("part-dir"));
  EXPECT_EQ(names(listShards(dir.file("part-*"))), (Names{"part-00000", "part-00001", "part-00002"}));
  EXPECT_EQ(names(listShards(dir.file("part-0000[02]"))), (Names{"part-00000", "part-00002"}));
  EXPECT_EQ(listShards(dir.file("part-*"))[0], dir.file("part-00000"));
}

TEST(ListShards, GlobWithoutMatches) {
  TempDir dir;
  touch(dir.file("x.crc"));
  expectError([&] { listShards(dir.file("part-*")); }, {"shard spec", "part-*", "no shard file matches"});
  expectError([&] { listShards(dir.file("*.crc")); }, {"matched only 1"});
  expectError([&] { listShards(dir.file("missing/part-*")); }, {"directory", "missing", "does not exist"});
}

TEST(ListShards, ListFileRelativeToItself) {
  TempDir dir;
  std::filesystem::create_directory(dir.file("sub"));
  touch(dir.file("sub/b"));
  touch(dir.file("a"));
  touch(dir.file("sub/list.txt"), "# shards\n\n  b  \n" + dir.file("a") + "\n../a\n");
  EXPECT_EQ(listShards("@" + dir.file("sub/list.txt")),
            (Names{dir.file("sub/b"), dir.file("a"), dir.file("sub/../a")}));
}

TEST(ListShards, ListFileErrors) {
  TempDir dir;
  touch(dir.file("list.txt"), "# one\nmissing\n");
  expectError([&] { listShards("@" + dir.file("list.txt")); },
              {"shard list", "list.txt line 2", "missing does not exist", "relative to the list file"});
  touch(dir.file("empty.txt"), "# nothing\n\n");
  expectError([&] { listShards("@" + dir.file("empty.txt")); }, {"names no files"});
  expectError([&] { listShards("@" + dir.file("none.txt")); }, {"shard list", "cannot be read"});
  std::filesystem::create_directory(dir.file("d"));
  touch(dir.file("dirs.txt"), "d\n");
  expectError([&] { listShards("@" + dir.file("dirs.txt")); }, {"line 1", "is a directory"});
}

TEST(ListShards, PlainDirectory) {
  TempDir dir;
  for (const char* n : {"b.tfrecord", "a.tfrecord", ".hidden", "_meta", "a.tfrecord.crc"}) touch(dir.file(n));
  std::filesystem::create_directory(dir.file("sub"));
  EXPECT_EQ(names(listShards(dir.path())), (Names{"a.tfrecord", "b.tfrecord"}));
  EXPECT_EQ(listShards(dir.path() + "/")[0], dir.file("a.tfrecord"));
}

TEST(ListShards, HadoopOutputDirectory) {
  TempDir dir;
  for (const char* n : {"_SUCCESS", "part-r-00001", "part-r-00000", ".part-r-00000.crc", "._SUCCESS.crc",
                        "README", "_ringdl_index"})
    touch(dir.file(n));
  std::filesystem::create_directories(dir.file("_logs/history"));
  EXPECT_EQ(names(listShards(dir.path())), (Names{"part-r-00000", "part-r-00001"}));
}

TEST(ListShards, DirectoryWithoutShardsSaysWhatItFound) {
  TempDir dir;
  for (const char* n : {"_SUCCESS", ".part-00000.crc", ".part-00001.crc", "._SUCCESS.crc"})
    touch(dir.file(n));
  std::filesystem::create_directories(dir.file("_logs"));
  expectError([&] { listShards(dir.path()); },
              {"directory " + dir.path() +
                   " holds no shard files (found only _SUCCESS, 3 .crc files and 1 "
                   "directory (_logs))",
               "part-*"});
  TempDir empty;
  expectError([&] { listShards(empty.path()); }, {"holds no shard files (it is empty)"});
}

TEST(AssignShards, ModuloWhenEnoughShards) {
  EXPECT_EQ(assignShards(5, 0, 2).shards, (std::vector<size_t>{0, 2, 4}));
  EXPECT_EQ(assignShards(5, 1, 2).shards, (std::vector<size_t>{1, 3}));
  EXPECT_FALSE(assignShards(5, 1, 2).splitRecords);
  EXPECT_EQ(assignShards(3, 2, 3).shards, (std::vector<size_t>{2}));
  EXPECT_EQ(assignShards(1, 0, 1).shards, (std::vector<size_t>{0}));
}

TEST(AssignShards, EveryRankOpensEveryShardWhenFewer) {
  const ShardAssignment a = assignShards(2, 3, 4);
  EXPECT_TRUE(a.splitRecords);
  EXPECT_EQ(a.shards, (std::vector<size_t>{0, 1}));
  expectError([] { assignShards(2, 2, 2); }, {"rank 2 is not in a world of 2"});
  expectError([] { assignShards(0, 0, 1); }, {"no shards"});
}

TEST(ShardFormat, NamesRoundTrip) {
  for (ShardFormat f : {ShardFormat::kIdx, ShardFormat::kSequenceFile, ShardFormat::kTFRecord,
                        ShardFormat::kCsv, ShardFormat::kTsv, ShardFormat::kLibSvm, ShardFormat::kCifar10})
    EXPECT_EQ(parseShardFormat(shardFormatName(f)), f);
  expectError([] { parseShardFormat("parquet"); },
              {"unknown data format 'parquet'", "idx, sequencefile, tfrecord, csv, tsv, libsvm or cifar10"});
}

TEST(ShardFormat, DetectsTextByNameAndCifar10ByNameAndSize) {
  TempDir dir;
  touch(dir.file("part-00000.csv"), "1,2,3\n");
  touch(dir.file("part-00000.tsv.gz"), "not really gzip");
  touch(dir.file("a.libsvm"), "1 1:2\n");
  touch(dir.file("a.svm"), "1 1:2\n");
  touch(dir.file("part-00000"), "1,2,3\n");
  EXPECT_EQ(detectShardFormat(dir.file("part-00000.csv")), ShardFormat::kCsv);
  EXPECT_EQ(detectShardFormat(dir.file("part-00000.tsv.gz")), ShardFormat::kTsv);
  EXPECT_EQ(detectShardFormat(dir.file("a.libsvm")), ShardFormat::kLibSvm);
  EXPECT_EQ(detectShardFormat(dir.file("a.svm")), ShardFormat::kLibSvm);
  expectError([&] { detectShardFormat(dir.file("part-00000")); }, {"set the format", "csv, tsv, libsvm"});
  // Label 0 and a first pixel of 0 then 8, 1 would pass for IDX: the name and size decide first.
  std::string batch(2 * 3073, '\0');
  batch[2] = 8;
  batch[3] = 1;
  touch(dir.file("data_batch_1.bin"), batch);
  touch(dir.file("test_batch.bin"), batch);
  touch(dir.file("data_batch_2.bin"), batch.substr(0, 3073 + 5));
  EXPECT_EQ(detectShardFormat(dir.file("data_batch_1.bin")), ShardFormat::kCifar10);
  EXPECT_EQ(detectShardFormat(dir.file("test_batch.bin")), ShardFormat::kCifar10);
  EXPECT_EQ(detectShardFormat(dir.file("data_batch_2.bin")), ShardFormat::kIdx);
  Record r;
  RecordReaderPtr reader = openShard(dir.file("data_batch_1.bin"), ShardFormat::kCifar10);
  ASSERT_TRUE(reader->next(r));
  EXPECT_EQ(r.value.size(), 3073u);
  reader = openShard(dir.file("part-00000"), ShardFormat::kCsv);
  ASSERT_TRUE(reader->next(r));
  EXPECT_EQ(r.value, "1,2,3");
}

TEST(ShardFormat, DetectsEachFormat) {
  TempDir dir;
  {
    SequenceFileWriter w(dir.file("s"), kTextClass, kTextClass);
    w.append("k", "v");
    w.close();
  }
  {
    TFRecordWriter w(dir.file("t"));
    w.write("hello");
    w.close();
    TFRecordWriter g(dir.file("t.gz"), true);
    g.write("hello");
    g.close();
  }
  test::writeBytes(dir.file("i"), {0, 0, 8, 1, 0, 0, 0, 1, 7});
  {
    // The same IDX file gzipped.
    gzFile gz = gzopen(dir.file("i.gz").c_str(), "wb");
    const unsigned char idx[] = {0, 0, 8, 1, 0, 0, 0, 1, 7};
    gzwrite(gz, idx, sizeof idx);
    gzclose(gz);
  }
  EXPECT_EQ(detectShardFormat(dir.file("s")), ShardFormat::kSequenceFile);
  EXPECT_EQ(detectShardFormat(dir.file("t")), ShardFormat::kTFRecord);
  EXPECT_EQ(detectShardFormat(dir.file("t.gz")), ShardFormat::kTFRecord);
  EXPECT_EQ(detectShardFormat(dir.file("i")), ShardFormat::kIdx);
  EXPECT_EQ(detectShardFormat(dir.file("i.gz")), ShardFormat::kIdx);
  touch(dir.file("html"), "<!DOCTYPE html>");
  expectError([&] { detectShardFormat(dir.file("html")); },
              {"not a SequenceFile, a TFRecord file or an IDX file", "3c 21 44 4f"});
  touch(dir.file("empty"), "");
  expectError([&] { detectShardFormat(dir.file("empty")); }, {"is empty"});
  expectError([&] { openShard(dir.file("i"), ShardFormat::kIdx); }, {"IDX files are whole arrays"});
  Record r;
  RecordReaderPtr reader = recordReaderFactory(ShardFormat::kTFRecord)(dir.file("t.gz"));
  ASSERT_TRUE(reader->next(r));
  EXPECT_EQ(r.value, "hello");
}

TEST(ShardIndex, RoundTripAndStaleEntries) {
  TempDir dir;
  touch(dir.file("part-00000"), "abc");
  touch(dir.file("part-00001"), "defg");
  ShardIndex index;
  index.add(dir.file("part-00000"), 3);
  index.add(dir.file("part-00001"), 4);
  index.write(dir.path());
  EXPECT_FALSE(std::filesystem::exists(dir.file("._ringdl_index.tmp")));
  std::optional<ShardIndex> read = ShardIndex::read(dir.path());
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->records(dir.file("part-00000")), std::optional<int64_t>(3));
  EXPECT_EQ(read->records(dir.file("part-00001")), std::optional<int64_t>(4));
  EXPECT_FALSE(read->records(dir.file("part-00002")).has_value());
  // Rewritten with another size: no longer trusted.
  touch(dir.file("part-00001"), "defgh");
  EXPECT_FALSE(read->records(dir.file("part-00001")).has_value());
  // Same size, other time: not trusted either.
  struct timespec times[2] = {{0, UTIME_OMIT}, {12345, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, dir.file("part-00000").c_str(), times, 0), 0);
  EXPECT_FALSE(read->records(dir.file("part-00000")).has_value());
  TempDir none;
  EXPECT_FALSE(ShardIndex::read(none.path()).has_value());
}

TEST(ShardIndex, MalformedIndexNamesTheLine) {
  TempDir dir;
  touch(dir.file("_ringdl_index"), "# ringdl shard index 1\n# c\npart-0 1 2\n");
  expectError([&] { ShardIndex::read(dir.path()); }, {"_ringdl_index line 3", "name bytes mtime_ns records"});
  touch(dir.file("_ringdl_index"), "something else\n");
  expectError([&] { ShardIndex::read(dir.path()); }, {"line 1", "ringdl shard index 1"});
}

}  // namespace
}  // namespace ringdl
