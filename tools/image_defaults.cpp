// shardImagePipeline: the configured transforms where shard records are images (SequenceFile, TFRecord,
// CIFAR-10), to_tensor (after a resize to image_shape) for shards of encoded images without transforms.
#include "image_defaults.h"

#include "data_common.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/data/sequence_file_image_decoder.h"
#include "ringdl/util/error.h"

namespace ringdl::tools {

namespace {

// to_tensor, after an exact resize to image_shape when it is set.
ImagePipeline<float> defaultPipeline(const RunConfig& config) {
  const std::string& text = config.str("image_shape");
  if (text.empty()) return parseImagePipeline<float>("to_tensor", "the default transforms");
  const Shape shape = parseShapeText(text, "config field 'image_shape'");
  RINGDL_CHECK(shape.size() == 2 || shape.size() == 3, "config field 'image_shape' is ", text,
               ": the shards hold encoded images, which are resized to image_shape: give C,H,W or H,W");
  RINGDL_CHECK(shape.size() == 2 || shape[0] == 1 || shape[0] == 3, "config field 'image_shape' is ", text,
               ": images have 1 (grey) or 3 (colour) channels");
  const ImageChannels channels = parseImageChannels(config.str("image_channels"));
  const int64_t depth = channels == ImageChannels::kGrey ? 1 : 3;
  const std::string h = std::to_string(shape[shape.size() - 2]), w = std::to_string(shape.back());
  RINGDL_CHECK(shape.size() == 2 || shape[0] == depth, "config field 'image_shape' is ", text, " (", shape[0],
               " channel", shape[0] == 1 ? "" : "s", ") but image_channels is ", imageChannelsName(channels),
               " (", depth, " channel", depth == 1 ? "" : "s",
               "); set image_channels: ", shape[0] == 1 ? "grey" : "rgb", " or image_shape: ", depth, ",", h,
               ",", w);
  return parseImagePipeline<float>("resize " + h + "," + w + "; to_tensor", "the default transforms");
}

}  // namespace

std::optional<ImagePipeline<float>> shardImagePipeline(const RunConfig& config, ShardFormat format,
                                                       bool training, const std::vector<std::string>& shards,
                                                       const RecordReaderFactory& readers,
                                                       std::optional<ImagePipeline<float>> configured) {
  const bool images = format == ShardFormat::kSequenceFile || format == ShardFormat::kTFRecord;
  if (configured) {
    if (images || format == ShardFormat::kCifar10) return configured;
    const std::string field =
        !training && !config.str("test_transforms").empty() ? "test_transforms" : "transforms";
    RINGDL_FAIL("config field '", field,
                "' applies to images (image folders, sequencefile, tfrecord and cifar10 shards), not to ",
                shardFormatName(format), " records; leave it empty");
  }
  // A shard that cannot be opened or read is passed over: its errors are the data set's to report (or skip,
  // with skip_corrupt).
  if (!firstRecordEncoded(shards, format, readers, config.str("image_feature"), UnreadableShards::kSkip))
    return std::nullopt;
  return defaultPipeline(config);
}

}  // namespace ringdl::tools
