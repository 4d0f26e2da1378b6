// ShardIndex: the `_ringdl_index` file `ringdl data convert` writes beside its shards, giving each shard's
// record count so a data set need not read every shard to learn its size.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace ringdl {

/// The record counts of the shards of one directory, with each file's size and modification time when it was
/// counted. A count is used only while the file still has that size and time: a shard rewritten, appended to
/// or copied without preserving times is counted again by reading it, never trusted.
///
/// The file is text, one shard per line after a header:
///
///   # ringdl shard index 1
///   # name bytes mtime_ns records
///   part-00000 8041823 1718000000123456789 15000
class ShardIndex {
 public:
  static constexpr const char* kFileName = "_ringdl_index";

  struct Entry {
    int64_t bytes = 0;
    int64_t mtimeNs = 0;
    int64_t records = 0;
  };

  /// Records the current size and time of `path` (which must exist) with its record count, under its file
  /// name.
  void add(const std::string& path, int64_t records);
  /// Writes `directory`/_ringdl_index atomically (a temporary file renamed into place). Errors name the path.
  void write(const std::string& directory) const;
  /// Reads `directory`/_ringdl_index; nullopt if there is none. A malformed index is a ringdl::Error naming
  /// the line.
  static std::optional<ShardIndex> read(const std::string& directory);

  /// The record count of the shard file `path` if it is listed under its file name and its size and time are
  /// still those recorded; nullopt otherwise.
  std::optional<int64_t> records(const std::string& path) const;

  const std::map<std::string, Entry>& entries() const { return entries_; }

 private:
  std::map<std::string, Entry> entries_;
};

}  // namespace ringdl
