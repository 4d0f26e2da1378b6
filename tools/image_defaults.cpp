// defaultImagePipeline: to_tensor (after a resize to image_shape) for shards of encoded images without
// transforms.
#include "image_defaults.h"

#include "ringdl/data/encoded_image_record.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/data/sequence_file_image_decoder.h"
#include "ringdl/util/error.h"

namespace ringdl::tools {

namespace {

// Whether the first record that can be read holds an encoded image. A shard that cannot be opened or read is
// passed over: its errors are the data set's to report (or skip, with skip_corrupt).
bool firstRecordEncoded(const std::vector<std::string>& shards, const RecordReaderFactory& readers,
                        const std::string& imageFeature) {
  for (const std::string& shard : shards) {
    try {
      RecordReaderPtr reader = readers(shard);
      Record record;
      if (reader->next(record)) return !encodedImageOf(record, imageFeature).empty();
    } catch (const Error&) {
    }
  }
  return false;
}

}  // namespace

std::optional<ImagePipeline<float>> defaultImagePipeline(const RunConfig& config, ShardFormat format,
                                                         const std::vector<std::string>& shards,
                                                         const RecordReaderFactory& readers) {
  if (format != ShardFormat::kSequenceFile && format != ShardFormat::kTFRecord) return std::nullopt;
  if (!firstRecordEncoded(shards, readers, config.str("image_feature"))) return std::nullopt;
  const std::string& shapeText = config.str("image_shape");
  if (shapeText.empty()) return parseImagePipeline<float>("to_tensor", "the default transforms");
  const Shape shape = parseShapeText(shapeText, "config field 'image_shape'");
  RINGDL_CHECK(shape.size() == 2 || shape.size() == 3, "config field 'image_shape' is ", shapeText,
               ": the shards hold encoded images, which are resized to image_shape: give C,H,W or H,W");
  RINGDL_CHECK(shape.size() == 2 || shape[0] == 1 || shape[0] == 3, "config field 'image_shape' is ",
               shapeText, ": images have 1 (grey) or 3 (colour) channels");
  const ImageChannels channels = parseImageChannels(config.str("image_channels"));
  const int64_t depth = channels == ImageChannels::kGrey ? 1 : 3;
  RINGDL_CHECK(shape.size() == 2 || shape[0] == depth, "config field 'image_shape' is ", shapeText, " (",
               shape[0], " channel", shape[0] == 1 ? "" : "s", ") but image_channels is ",
               imageChannelsName(channels), " (", depth, " channel", depth == 1 ? "" : "s",
               "); set image_channels: ", shape[0] == 1 ? "grey" : "rgb", " or image_shape: ", depth, ",",
               shape[shape.size() - 2], ",", shape.back());
  const std::string h = std::to_string(shape[shape.size() - 2]), w = std::to_string(shape.back());
  return parseImagePipeline<float>("resize " + h + "," + w + "; to_tensor", "the default transforms");
}

}  // namespace ringdl::tools
