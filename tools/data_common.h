// What ringdl data convert and inspect share: the options that say how records are decoded, and how a path
// is recognised (image folder, HDF5 file, encoded-image record).
#pragma once

#include <cstdint>
#include <string>

#include "ringdl/data/record_reader.h"
#include "ringdl/data/shard_set.h"
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

}  // namespace ringdl::tools
