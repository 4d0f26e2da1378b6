// ShardIndex: reading and atomically writing `_ringdl_index`, and checking entries against the files' sizes
// and modification times.
#include "ringdl/data/shard_index.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ringdl/util/error.h"

namespace ringdl {

namespace {

constexpr const char* kHeader = "# ringdl shard index 1";

bool statFile(const std::string& path, int64_t& bytes, int64_t& mtimeNs) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  bytes = static_cast<int64_t>(st.st_size);
  mtimeNs = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return true;
}

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace

void ShardIndex::add(const std::string& path, int64_t records) {
  Entry e;
  RINGDL_CHECK(statFile(path, e.bytes, e.mtimeNs), "shard index: cannot stat ", path, ": ",
               std::strerror(errno));
  RINGDL_CHECK(records >= 0, "shard index: ", path, " cannot hold ", records, " records");
  e.records = records;
  entries_[fileName(path)] = e;
}

void ShardIndex::write(const std::string& directory) const {
  const std::string path = directory + "/" + kFileName;
  const std::string tmp = directory + "/." + kFileName + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    RINGDL_CHECK(out.good(), "cannot write the shard index ", tmp, ": ", std::strerror(errno));
    out << kHeader << "\n# name bytes mtime_ns records\n";
    for (const auto& [name, e] : entries_)
      out << name << " " << e.bytes << " " << e.mtimeNs << " " << e.records << "\n";
    out.flush();
    RINGDL_CHECK(out.good(), "cannot write the shard index ", tmp, ": ", std::strerror(errno));
  }
  RINGDL_CHECK(std::rename(tmp.c_str(), path.c_str()) == 0, "cannot rename ", tmp, " to ", path, ": ",
               std::strerror(errno));
}

std::optional<ShardIndex> ShardIndex::read(const std::string& directory) {
  const std::string path = (directory.empty() ? std::string(".") : directory) + "/" + kFileName;
  std::ifstream in(path);
  if (!in.good()) return std::nullopt;
  ShardIndex index;
  std::string line;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (lineNo == 1) {
      RINGDL_CHECK(line == kHeader, "shard index ", path, " line 1: expected \"", kHeader, "\", found \"",
                   line, "\" (delete the file to have the shards counted by reading them)");
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    std::istringstream is(line);
    std::string name;
    Entry e;
    std::string extra;
    const bool ok = static_cast<bool>(is >> name >> e.bytes >> e.mtimeNs >> e.records) && !(is >> extra) &&
                    e.bytes >= 0 && e.records >= 0;
    RINGDL_CHECK(ok, "shard index ", path, " line ", lineNo,
                 ": expected \"name bytes mtime_ns records\", found \"", line,
                 "\" (delete the file to have the shards counted by reading them)");
    index.entries_[name] = e;
  }
  return index;
}

std::optional<int64_t> ShardIndex::records(const std::string& path) const {
  const auto it = entries_.find(fileName(path));
  if (it == entries_.end()) return std::nullopt;
  int64_t bytes = 0, mtimeNs = 0;
  if (!statFile(path, bytes, mtimeNs)) return std::nullopt;
  if (bytes != it->second.bytes || mtimeNs != it->second.mtimeNs) return std::nullopt;
  return it->second.records;
}

}  // namespace ringdl
