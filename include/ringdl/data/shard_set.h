// Shard sets: the files a shard spec names (a file, a glob, a list file, a directory, a Hadoop/Spark output
// directory), which of them each rank reads, and how each shard file's format is recognised and opened.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "ringdl/data/record_reader.h"

namespace ringdl {

/// The shard files named by `spec`, in a fixed order (the order ranks are assigned by):
///   - a file: that file alone;
///   - a glob (`data/part-*`, any of * ? [ in the spec): the matching regular files sorted by path, without
///     Hadoop's hidden files (names starting with `_` or `.`) and `*.crc` checksum files;
///   - a list file (`@list.txt`): one path per line, relative paths relative to the list file's directory,
///     blank lines and lines starting with `#` ignored, in the order listed;
///   - a Hadoop/Spark output directory (one that holds `_SUCCESS` or `part-*` files): its `part-*` files,
///     sorted by name, without `*.crc` (`_SUCCESS`, `_logs/`, `_ringdl_index` and hidden files are ignored);
///   - any other directory: every regular file in it sorted by name, without hidden files, `_`-files and
///     `*.crc`.
/// Throws ringdl::Error naming the spec and what was found when it names no shard file ("directory x holds no
/// shard files (found only _SUCCESS and 3 .crc files)"), when a listed file is missing (with the list file's
/// line), or when a listed path is a directory.
std::vector<std::string> listShards(const std::string& spec);

/// Which shards one rank reads and how it shares their records.
struct ShardAssignment {
  /// Positions in the shard list that this rank opens, in list order.
  std::vector<size_t> shards;
  /// false: the rank owns every record of its shards (at least as many shards as ranks: rank r reads every
  /// shard i with i mod world == r). true: there are fewer shards than ranks, so every rank opens every shard
  /// and owns record j of each shard (counting the records read from that shard) when j mod world == rank.
  bool splitRecords = false;
};

/// The assignment of `shardCount` shards to rank `rank` of `world` (see ShardAssignment). Throws
/// ringdl::Error for a rank outside [0, world) or no shards.
ShardAssignment assignShards(size_t shardCount, int rank, int world);

/// The formats of shard (and whole-data-set) files.
enum class ShardFormat { kUnknown, kIdx, kSequenceFile, kTFRecord, kCsv, kTsv, kLibSvm, kCifar10 };

/// "idx", "sequencefile", "tfrecord", "csv", "tsv", "libsvm", "cifar10" ("unknown" for kUnknown).
const char* shardFormatName(ShardFormat format);
/// The inverse of shardFormatName (also "seq", "tfrecords" and "svm"); throws ringdl::Error listing the
/// names.
ShardFormat parseShardFormat(const std::string& name);
/// Whether files of `format` are text lines (csv, tsv, libsvm).
bool isTextShardFormat(ShardFormat format);
/// The format of a file: a CIFAR-10 batch by its name (data_batch_*, test_batch*) and a size that is a
/// positive multiple of 3073; else from its first bytes: "SEQ" and a version byte (SequenceFile), a TFRecord
/// header whose length CRC checks out (plain or inside gzip), IDX's two zero bytes, type code and rank (raw
/// or gzipped); else text by the name's extension (.csv, .tsv, .libsvm or .svm, also before .gz or
/// .deflate). Throws ringdl::Error naming the file and its first bytes when none matches (saying to set the
/// format for text files), and for an empty file.
ShardFormat detectShardFormat(const std::string& path);

/// Makes the reader of one shard file.
using RecordReaderFactory = std::function<RecordReaderPtr(const std::string& path)>;
/// Opens a shard of a record format: SequenceFileReader, TFRecordReader with detected compression,
/// TextLineReader with default options (csv, tsv; libsvm with libSvmReaderOptions()) or Cifar10Reader.
/// Throws ringdl::Error for kIdx (IDX files are arrays, not records) and kUnknown.
RecordReaderPtr openShard(const std::string& path, ShardFormat format);
/// A factory calling openShard with a fixed format.
RecordReaderFactory recordReaderFactory(ShardFormat format);

}  // namespace ringdl
