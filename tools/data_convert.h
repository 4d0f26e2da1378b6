// ringdl data convert: IDX images and labels, a shard set, an image folder or an HDF5 file written as
// SequenceFile, TFRecord, CSV, TSV, LibSVM or CIFAR-10 shards, or as one HDF5 file.
#pragma once

#include <cstdint>
#include <string>

#include "data_common.h"

namespace CLI {
class App;
}

namespace ringdl::tools {

struct ConvertArgs {
  std::string images, labels, from, fromFormat = "auto", output, format, compression = "none", codec = "zlib";
  std::string layout = "auto", transforms, featureType = "auto";
  std::string featureDataset = "/features", labelDataset = "/labels";
  int64_t shards = 1;
  bool force = false;
  DecodingArgs decoding;
};

/// Declares the options of `ringdl data convert` on `command`.
void addConvertOptions(CLI::App& command, ConvertArgs& args);
/// Runs the conversion; throws ringdl::Error on bad input, leaving any existing output untouched.
int runConvert(const ConvertArgs& args);

}  // namespace ringdl::tools
