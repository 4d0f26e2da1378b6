// The image pipeline ringdl train gives shard records that hold encoded images (JPEG, PNG) when the config
// names no transforms.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "ringdl/data/image_pipeline.h"
#include "ringdl/data/shard_set.h"

namespace ringdl::tools {

/// For sequencefile and tfrecord shard sets whose first record (the first readable one of the first shard
/// that has one) holds an encoded image (encodedImageOf, with image_feature): to_tensor, after an exact
/// resize to image_shape's height and width when image_shape is set (its channel count, if given, must be
/// image_channels'). nullopt for other formats and for records of raw or BigDL-layout pixels, whose decoders
/// need no pipeline. Without image_shape every image must have the first one's size: the decoder stops at the
/// first record of another size and names it.
std::optional<ImagePipeline<float>> defaultImagePipeline(const RunConfig& config, ShardFormat format,
                                                         const std::vector<std::string>& shards,
                                                         const RecordReaderFactory& readers);

}  // namespace ringdl::tools
