// Shard sets: listing the files of a spec with Hadoop's hidden-file rules, assigning them to ranks, and
// recognising and opening each file's format.
#include "ringdl/data/shard_set.h"

#include <glob.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "ringdl/data/cifar10.h"
#include "ringdl/data/crc32c.h"
#include "ringdl/data/libsvm_decoder.h"
#include "ringdl/data/sequence_file.h"
#include "ringdl/data/tfrecord.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace fs = std::filesystem;

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Hadoop's FileInputFormat ignores names starting with _ or .; *.crc are its local checksum files.
bool hiddenOrChecksum(const std::string& name) {
  return name.empty() || name[0] == '_' || name[0] == '.' || endsWith(name, ".crc");
}

bool isRegular(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// "_SUCCESS, 3 .crc files and 1 directory (_logs)": what a directory holds that is not a shard.
std::string describeLeftovers(const std::vector<std::string>& names, const std::vector<std::string>& dirs) {
  std::vector<std::string> parts;
  int crc = 0, hidden = 0;
  std::vector<std::string> named;
  for (const std::string& n : names) {
    if (endsWith(n, ".crc")) {
      ++crc;
    } else if (n == "_SUCCESS" || n == "_ringdl_index") {
      named.push_back(n);
    } else {
      ++hidden;
    }
  }
  for (const std::string& n : named) parts.push_back(n);
  if (crc > 0) parts.push_back(std::to_string(crc) + " .crc file" + (crc == 1 ? "" : "s"));
  if (hidden > 0) parts.push_back(std::to_string(hidden) + " hidden file" + (hidden == 1 ? "" : "s"));
  if (!dirs.empty()) {
    std::string d = std::to_string(dirs.size()) + " director" + (dirs.size() == 1 ? "y" : "ies") + " (";
    for (size_t i = 0; i < dirs.size() && i < 3; ++i) d += (i ? ", " : "") + dirs[i];
    parts.push_back(d + (dirs.size() > 3 ? ", ...)" : ")"));
  }
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i)
    text += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return text;
}

std::vector<std::string> listDirectory(const std::string& spec) {
  std::vector<std::string> files, others, dirs;
  bool hadoop = false;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(spec, ec)) {
    const std::string name = e.path().filename().string();
    std::error_code ec2;
    if (e.is_directory(ec2)) {
      dirs.push_back(name);
      continue;
    }
    if (!e.is_regular_file(ec2)) continue;
    if (name == "_SUCCESS" || (name.rfind("part-", 0) == 0 && !endsWith(name, ".crc"))) hadoop = true;
    (hiddenOrChecksum(name) ? others : files).push_back(name);
  }
  RINGDL_CHECK(!ec, "shard spec ", spec, ": cannot list the directory: ", ec.message());
  if (hadoop) {
    // A Hadoop/Spark output directory: only part-* files are data (Spark may also leave e.g. .part-*.crc).
    std::vector<std::string> parts;
    for (const std::string& n : files) (n.rfind("part-", 0) == 0 ? parts : others).push_back(n);
    files = parts;
  }
  std::sort(files.begin(), files.end());
  std::sort(others.begin(), others.end());
  std::sort(dirs.begin(), dirs.end());
  if (files.empty()) {
    const std::string found = describeLeftovers(others, dirs);
    RINGDL_FAIL("directory ", spec, " holds no shard files",
                found.empty() ? " (it is empty)" : " (found only " + found + ")",
                hadoop ? "; a Hadoop/Spark output directory's data are its part-* files" : "");
  }
  std::vector<std::string> paths;
  const std::string prefix = endsWith(spec, "/") ? spec : spec + "/";
  for (const std::string& n : files) paths.push_back(prefix + n);
  return paths;
}

std::vector<std::string> listGlob(const std::string& spec) {
  glob_t g{};
  const int rc = ::glob(spec.c_str(), 0, nullptr, &g);
  std::vector<std::string> matches;
  if (rc == 0)
    for (size_t i = 0; i < g.gl_pathc; ++i) matches.push_back(g.gl_pathv[i]);
  ::globfree(&g);
  RINGDL_CHECK(rc == 0 || rc == GLOB_NOMATCH, "shard spec ", spec, ": the glob failed (",
               rc == GLOB_NOSPACE ? "out of memory" : "a directory could not be read", ")");
  std::vector<std::string> files, skipped;
  for (const std::string& m : matches) {
    const std::string name = fs::path(m).filename().string();
    if (!isRegular(m) || hiddenOrChecksum(name)) {
      skipped.push_back(name);
      continue;
    }
    files.push_back(m);
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    const fs::path dir = fs::path(spec).parent_path();
    std::error_code ec;
    if (!dir.empty() && dir.string().find_first_of("*?[") == std::string::npos && !fs::is_directory(dir, ec))
      RINGDL_FAIL("shard spec ", spec, ": no file matches it (directory ", dir.string(), " does not exist)");
    RINGDL_FAIL("shard spec ", spec, ": no shard file matches it",
                skipped.empty() ? ""
                                : " (it matched only " + std::to_string(skipped.size()) +
                                      " directories, hidden, _-prefixed or .crc files)");
  }
  return files;
}

std::vector<std::string> listFile(const std::string& spec) {
  const std::string listPath = spec.substr(1);
  RINGDL_CHECK(!listPath.empty(), "shard spec '@' needs a list file after the @ (e.g. @train.txt)");
  std::ifstream in(listPath);
  RINGDL_CHECK(in.good(), "shard list ", listPath, " cannot be read (does it exist?)");
  const fs::path base = fs::path(listPath).parent_path();
  std::vector<std::string> paths;
  std::string line;
  for (int lineNo = 1; std::getline(in, line); ++lineNo) {
    const size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#') continue;
    const size_t e = line.find_last_not_of(" \t\r");
    const std::string entry = line.substr(b, e - b + 1);
    const fs::path p = fs::path(entry).is_absolute() || base.empty() ? fs::path(entry) : base / entry;
    std::error_code ec;
    RINGDL_CHECK(fs::exists(p, ec), "shard list ", listPath, " line ", lineNo, ": ", p.string(),
                 " does not exist",
                 fs::path(entry).is_relative() ? " (relative paths are relative to the list file)" : "");
    RINGDL_CHECK(!fs::is_directory(p, ec), "shard list ", listPath, " line ", lineNo, ": ", p.string(),
                 " is a directory; list the shard files themselves");
    paths.push_back(p.string());
  }
  RINGDL_CHECK(!paths.empty(), "shard list ", listPath, " names no files (only blank lines and # comments)");
  return paths;
}

}  // namespace

std::vector<std::string> listShards(const std::string& spec) {
  RINGDL_CHECK(!spec.empty(),
               "empty shard spec: give a file, a glob (data/part-*), a directory or @list.txt");
  if (spec[0] == '@') return listFile(spec);
  std::error_code ec;
  if (fs::is_directory(spec, ec)) return listDirectory(spec);
  if (fs::exists(spec, ec)) {
    RINGDL_CHECK(isRegular(spec), "shard spec ", spec, " is neither a regular file nor a directory");
    return {spec};
  }
  if (spec.find_first_of("*?[") != std::string::npos) return listGlob(spec);
  RINGDL_FAIL("shard spec ", spec, ": no such file or directory");
}

ShardAssignment assignShards(size_t shardCount, int rank, int world) {
  RINGDL_CHECK(world >= 1 && rank >= 0 && rank < world, "assignShards: rank ", rank, " is not in a world of ",
               world, " ranks");
  RINGDL_CHECK(shardCount > 0, "assignShards: there are no shards");
  ShardAssignment a;
  a.splitRecords = shardCount < static_cast<size_t>(world);
  for (size_t i = 0; i < shardCount; ++i)
    if (a.splitRecords || i % static_cast<size_t>(world) == static_cast<size_t>(rank)) a.shards.push_back(i);
  return a;
}

const char* shardFormatName(ShardFormat format) {
  switch (format) {
    case ShardFormat::kIdx:
      return "idx";
    case ShardFormat::kSequenceFile:
      return "sequencefile";
    case ShardFormat::kTFRecord:
      return "tfrecord";
    case ShardFormat::kCsv:
      return "csv";
    case ShardFormat::kTsv:
      return "tsv";
    case ShardFormat::kLibSvm:
      return "libsvm";
    case ShardFormat::kCifar10:
      return "cifar10";
    case ShardFormat::kUnknown:
      break;
  }
  return "unknown";
}

ShardFormat parseShardFormat(const std::string& name) {
  if (name == "idx") return ShardFormat::kIdx;
  if (name == "sequencefile" || name == "seq") return ShardFormat::kSequenceFile;
  if (name == "tfrecord" || name == "tfrecords") return ShardFormat::kTFRecord;
  if (name == "csv") return ShardFormat::kCsv;
  if (name == "tsv") return ShardFormat::kTsv;
  if (name == "libsvm" || name == "svm") return ShardFormat::kLibSvm;
  if (name == "cifar10") return ShardFormat::kCifar10;
  RINGDL_FAIL("unknown data format '", name,
              "'; expected idx, sequencefile, tfrecord, csv, tsv, libsvm or cifar10");
}

bool isTextShardFormat(ShardFormat format) {
  return format == ShardFormat::kCsv || format == ShardFormat::kTsv || format == ShardFormat::kLibSvm;
}

namespace {

// Up to n leading bytes of the file, inflated when it is gzip (gzip set).
std::string leadingBytes(const std::string& path, size_t n, bool& gzip) {
  std::ifstream in(path, std::ios::binary);
  RINGDL_CHECK(in.good(), "cannot open ", path, " to detect its format (does it exist?)");
  std::string raw(64 * 1024, '\0');
  in.read(&raw[0], static_cast<std::streamsize>(raw.size()));
  raw.resize(static_cast<size_t>(in.gcount()));
  gzip = raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f &&
         static_cast<unsigned char>(raw[1]) == 0x8b;
  if (!gzip) return raw.substr(0, n);
  std::string out(n, '\0');
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return raw.substr(0, n);
  z.next_in = reinterpret_cast<Bytef*>(&raw[0]);
  z.avail_in = static_cast<uInt>(raw.size());
  z.next_out = reinterpret_cast<Bytef*>(&out[0]);
  z.avail_out = static_cast<uInt>(n);
  inflate(&z, Z_SYNC_FLUSH);
  out.resize(n - z.avail_out);
  inflateEnd(&z);
  return out;
}

bool tfrecordHeader(const std::string& b) {
  if (b.size() < 12) return false;
  uint32_t stored = 0;
  for (int i = 3; i >= 0; --i) stored = (stored << 8) | static_cast<unsigned char>(b[8 + i]);
  return maskedCrc32c(b.data(), 8) == stored;
}

bool idxHeader(const std::string& b) {
  if (b.size() < 4 || b[0] != 0 || b[1] != 0) return false;
  const unsigned char type = static_cast<unsigned char>(b[2]), rank = static_cast<unsigned char>(b[3]);
  return (type == 0x08 || type == 0x09 || type == 0x0B || type == 0x0C || type == 0x0D || type == 0x0E) &&
         rank >= 1 && rank <= 8;
}

// A CIFAR-10 binary batch: named as in cifar-10-binary.tar.gz, with whole 3073-byte records.
bool cifar10Batch(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  if (name.rfind("data_batch_", 0) != 0 && name.rfind("test_batch", 0) != 0) return false;
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  return !ec && size > 0 && size % static_cast<uintmax_t>(kCifar10RecordBytes) == 0;
}

// The text format a file's extension names (before a .gz or .deflate suffix), or kUnknown.
ShardFormat textFormatByName(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  for (const char* z : {".gz", ".deflate"})
    if (endsWith(name, z)) name.resize(name.size() - std::strlen(z));
  if (endsWith(name, ".csv")) return ShardFormat::kCsv;
  if (endsWith(name, ".tsv")) return ShardFormat::kTsv;
  if (endsWith(name, ".libsvm") || endsWith(name, ".svm")) return ShardFormat::kLibSvm;
  return ShardFormat::kUnknown;
}

}  // namespace

ShardFormat detectShardFormat(const std::string& path) {
  std::error_code ec;
  RINGDL_CHECK(!fs::is_directory(path, ec), path, " is a directory; give a file (or a shard spec to ringdl)");
  if (cifar10Batch(path)) return ShardFormat::kCifar10;
  bool gzip = false;
  const std::string b = leadingBytes(path, 16, gzip);
  if (!gzip && b.size() >= 4 && b.compare(0, 3, "SEQ") == 0) return ShardFormat::kSequenceFile;
  if (!gzip && tfrecordHeader(b)) return ShardFormat::kTFRecord;
  if (idxHeader(b)) return ShardFormat::kIdx;
  if (gzip && tfrecordHeader(b)) return ShardFormat::kTFRecord;
  const ShardFormat text = textFormatByName(path);
  if (text != ShardFormat::kUnknown) return text;
  RINGDL_CHECK(!b.empty() || gzip, "file ", path,
               " is empty, so its format cannot be detected (an empty TFRecord file holds no records)");
  std::ostringstream os;
  const size_t shown = std::min<size_t>(b.size(), 8);
  for (size_t i = 0; i < shown; ++i) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned char>(b[i]));
    os << (i ? " " : "") << hex;
  }
  RINGDL_FAIL(
      "file ", path, " is not a SequenceFile, a TFRecord file or an IDX file: it starts with ",
      gzip ? "(after gunzip) " : "", os.str(),
      "; a SequenceFile starts with \"SEQ\", a TFRecord file with a length whose CRC-32C checks out, "
      "IDX with two zero bytes, a type code and a rank. Text files (CSV, TSV, LibSVM) are recognised "
      "only by a .csv, .tsv, .libsvm or .svm name, and CIFAR-10 batches by a data_batch_*/test_batch* "
      "name: otherwise set the format (train_format/test_format csv, tsv, libsvm or cifar10)");
}

RecordReaderPtr openShard(const std::string& path, ShardFormat format) {
  switch (format) {
    case ShardFormat::kSequenceFile:
      return std::make_unique<SequenceFileReader>(path);
    case ShardFormat::kTFRecord:
      return std::make_unique<TFRecordReader>(path);
    case ShardFormat::kCsv:
    case ShardFormat::kTsv:
      return std::make_unique<TextLineReader>(path);
    case ShardFormat::kLibSvm:
      return std::make_unique<TextLineReader>(path, libSvmReaderOptions());
    case ShardFormat::kCifar10:
      return std::make_unique<Cifar10Reader>(path);
    case ShardFormat::kIdx:
      RINGDL_FAIL("file ", path,
                  " is IDX: IDX files are whole arrays, not shards of records (give them as "
                  "train_images/train_labels with format idx, or convert them with ringdl data convert)");
    case ShardFormat::kUnknown:
      break;
  }
  RINGDL_FAIL("file ", path, ": unknown shard format");
}

RecordReaderFactory recordReaderFactory(ShardFormat format) {
  return [format](const std::string& path) { return openShard(path, format); };
}

}  // namespace ringdl
