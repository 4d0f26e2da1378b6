// The image pipeline of a shard set's records in ringdl train: the configured transforms where the records
// are images, or a default for encoded images (JPEG, PNG) when the config names no transforms.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "ringdl/data/image_pipeline.h"
#include "ringdl/data/shard_set.h"

namespace ringdl::tools {

/// The pipeline the records of a shard set of `format` go through, given `configured` (from transforms, or
/// test_transforms / the validation form of transforms when `training` is false):
///   - configured: returned, for sequencefile, tfrecord and cifar10 shards (images, encoded or raw); for the
///     text formats (csv, tsv, libsvm), whose records are not images, an Error naming the field;
///   - none, for sequencefile and tfrecord shards whose first record (the first readable one of the first
///     shard that has one) holds an encoded image (holdsEncodedImage, with image_feature): to_tensor, after
///     an exact resize to image_shape's height and width when image_shape is set (its channel count, if
///     given, must be image_channels'). Without image_shape every image must have the first one's size: the
///     decoder stops at the first record of another size and names it;
///   - otherwise nullopt: raw or BigDL-layout pixels and the other formats keep their own decoders.
std::optional<ImagePipeline<float>> shardImagePipeline(const RunConfig& config, ShardFormat format,
                                                       bool training, const std::vector<std::string>& shards,
                                                       const RecordReaderFactory& readers,
                                                       std::optional<ImagePipeline<float>> configured);

}  // namespace ringdl::tools
