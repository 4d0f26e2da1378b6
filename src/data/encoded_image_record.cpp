// encodedImageOf: a SequenceFile value or a tf.train.Example feature that holds an encoded image.
#include "ringdl/data/encoded_image_record.h"

#include "ringdl/data/image.h"
#include "ringdl/data/tf_feature.h"
#include "ringdl/util/error.h"

namespace ringdl {

std::string encodedImageOf(const Record& record, const std::string& imageFeature) {
  if (!record.keyType.empty() || !record.valueType.empty()) {
    // SequenceFile records carry their classes; other readers' records (image folders) name a value type.
    const bool sequenceFile = !record.keyType.empty();
    return sequenceFile && !imageFormatOf(record.value).empty() ? record.value : std::string();
  }
  TfFeatures features;
  try {
    features = parseTfExample(record.value);
  } catch (const Error&) {
    return {};  // CIFAR-10 and text records, or a damaged Example: not an encoded image
  }
  const auto it = features.find(imageFeature);
  if (it == features.end() || it->second.kind != TfFeature::Kind::kBytes || it->second.bytes.size() != 1)
    return {};
  const std::string& bytes = it->second.bytes[0];
  return imageFormatOf(bytes).empty() ? std::string() : bytes;
}

}  // namespace ringdl
