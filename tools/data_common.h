// What ringdl data convert, inspect and train share: the options that say how records are decoded, and how a
// path is recognised (image folder, HDF5 file, encoded-image record, shard set of encoded images).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ringdl/data/record_reader.h"
#include "ringdl/data/shard_set.h"
#include "ringdl/util/error.h"
#include "train_data.h"

namespace CLI {
class App;
}

namespace ringdl::tools {

/// The decoding options of ringdl data (the train keys of the same names).
struct DecodingArgs {
  std::string imageFeature = "image", labelFeature = "label", channels = "rgb", shape;
  std::string labelColumn = "first", labelMapping = "zero_based";
  int64_t headerLines = 0, features = 0;
  ShardDecoding decoding() const;
};

/// Declares --image_feature, --label_feature, --image_channels, --image_shape, --label_column,
/// --header_lines, --label_mapping and --features.
void addDecodingOptions(CLI::App& command, DecodingArgs& args);

/// Whether `path` looks like a class-per-folder image tree: a directory holding subdirectories and no files
/// but hidden ones and markers (_SUCCESS, _ringdl_index), so not a shard directory.
bool looksLikeImageFolder(const std::string& path);
/// Whether a file starts with HDF5's signature (at byte 0; files with a user block are not recognised).
bool isHdf5File(const std::string& path);
/// The whole file; errors name it.
std::string readWholeFile(const std::string& path);
/// Whether a record holds an encoded image (JPEG, PNG, ...): a SequenceFile value, or an Example's image
/// feature.
bool holdsEncodedImage(const Record& record, ShardFormat format, const std::string& imageFeature);

/// What firstRecordEncoded does with a shard that cannot be opened or read.
enum class UnreadableShards {
  kThrow,  ///< its ringdl::Error propagates (convert: the source is unusable)
  kSkip,   ///< passed over (train: the data set reports it, or skips it with skip_corrupt)
};

/// Whether the first record of a SequenceFile or TFRecord shard set (in the first shard that has one) holds
/// an encoded image (holdsEncodedImage); false for other formats, whose shards are not opened.
inline bool firstRecordEncoded(const std::vector<std::string>& shards, ShardFormat format,
                               const RecordReaderFactory& readers, const std::string& imageFeature,
                               UnreadableShards unreadable) {
  if (format != ShardFormat::kSequenceFile && format != ShardFormat::kTFRecord) return false;
  for (const std::string& shard : shards) {
    try {
      RecordReaderPtr reader = readers(shard);
      Record record;
      if (reader->next(record)) return holdsEncodedImage(record, format, imageFeature);
    } catch (const Error&) {
      if (unreadable == UnreadableShards::kThrow) throw;
    }
  }
  return false;
}

}  // namespace ringdl::tools
