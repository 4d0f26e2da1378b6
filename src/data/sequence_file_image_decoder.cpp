// SequenceFileImageDecoder<T>: BigDL image records (Text keys) and raw uint8 records (IntWritable keys, shape
// from the file's metadata) as features in [0, 1] with 0-based labels.
#include "ringdl/data/sequence_file_image_decoder.h"

#include <numeric>

#include "ringdl/data/bigdl_image_record.h"
#include "ringdl/data/sequence_file.h"
#include "ringdl/util/error.h"

namespace ringdl {

const char* imageChannelsName(ImageChannels channels) {
  switch (channels) {
    case ImageChannels::kRgb:
      return "rgb";
    case ImageChannels::kBgr:
      return "bgr";
    case ImageChannels::kGrey:
      return "grey";
  }
  return "rgb";
}

ImageChannels parseImageChannels(const std::string& name) {
  if (name == "rgb") return ImageChannels::kRgb;
  if (name == "bgr") return ImageChannels::kBgr;
  if (name == "grey" || name == "gray") return ImageChannels::kGrey;
  RINGDL_FAIL("unknown image channels '", name, "'; expected rgb, bgr or grey");
}

RawShapeMetadata rawShapeMetadata(const RecordReader& reader) {
  RawShapeMetadata declared;
  const auto* seq = dynamic_cast<const SequenceFileReader*>(&reader);
  if (!seq) return declared;
  const auto& metadata = seq->header().metadata;
  const auto it = metadata.find(kRawShapeMetadata);
  if (it == metadata.end()) return declared;
  try {
    declared.shape = parseShapeText(it->second, "file " + reader.path() + ": metadata " + kRawShapeMetadata);
  } catch (const Error& e) {
    declared.error = e.message();
  }
  return declared;
}

template <typename T>
SequenceFileImageDecoder<T>::SequenceFileImageDecoder(SequenceFileImageDecoderOptions options)
    : options_(std::move(options)) {}

template <typename T>
void SequenceFileImageDecoder<T>::beginShard(const RecordReader& reader) {
  RawShapeMetadata declared = rawShapeMetadata(reader);
  fileShape_ = std::move(declared.shape);
  fileShapeError_ = std::move(declared.error);
}

template <typename T>
void SequenceFileImageDecoder<T>::decode(const RecordView& record, const std::string& file,
                                         DecodedRecord<T>& out) {
  if (record.keyType == kTextClass) {
    const BigDLImageRecord image = decodeBigDLImage(record, file);
    const int64_t h = image.height, w = image.width, plane = h * w;
    const auto* px = reinterpret_cast<const unsigned char*>(image.pixels.data());
    if (options_.channels == ImageChannels::kGrey) {
      out.shape = {1, h, w};
      out.features.resize(static_cast<size_t>(plane));
      // (b + g + r) / 765 is exactly b / 255 when the three are equal: both divisions are correctly rounded.
      for (int64_t i = 0; i < plane; ++i)
        out.features[i] = static_cast<T>(int(px[3 * i]) + px[3 * i + 1] + px[3 * i + 2]) / T(765);
    } else {
      out.shape = {3, h, w};
      out.features.resize(static_cast<size_t>(3 * plane));
      const bool rgb = options_.channels == ImageChannels::kRgb;
      for (int c = 0; c < 3; ++c) {
        const int stored = rgb ? 2 - c : c;  // stored order is B, G, R
        T* dst = out.features.data() + c * plane;
        for (int64_t i = 0; i < plane; ++i) dst[i] = static_cast<T>(px[3 * i + stored]) / T(255);
      }
    }
    out.label = static_cast<T>(image.label);
    return;
  }
  const bool intKey = record.keyType == kIntWritableClass, longKey = record.keyType == kLongWritableClass;
  RINGDL_CHECK(intKey || longKey, recordPlace(record, file), "the key is a ",
               record.keyType.empty() ? std::string("record without a key class") : record.keyType,
               "; image SequenceFiles have ", kTextClass, " keys (BigDL's layout: \"name\\nlabel\") or ",
               kIntWritableClass, " keys (the raw layout: the 0-based label)");
  RINGDL_CHECK(record.valueType == kBytesWritableClass || record.valueType == kTextClass,
               recordPlace(record, file), "the value is a ", record.valueType,
               "; the raw layout keeps the pixels in a ", kBytesWritableClass);
  const int64_t label = intKey ? writableInt(record.key) : writableLong(record.key);
  RINGDL_CHECK(label >= 0, recordPlace(record, file), "label ", label,
               " in the key is negative; the raw layout's labels are 0-based class indices");
  RINGDL_CHECK(fileShapeError_.empty(), fileShapeError_);
  const Shape& shape = !fileShape_.empty() ? fileShape_ : options_.shape;
  RINGDL_CHECK(
      !shape.empty(), recordPlace(record, file), "the file has no ", kRawShapeMetadata,
      " metadata giving the shape of its ", record.value.size(),
      "-byte images; give it (image_shape, e.g. 1,28,28) or write the files with ringdl data convert");
  const int64_t n = std::accumulate(shape.begin(), shape.end(), int64_t(1), std::multiplies<int64_t>());
  RINGDL_CHECK(static_cast<int64_t>(record.value.size()) == n, recordPlace(record, file), "the value holds ",
               record.value.size(), " bytes but a ", shapeText(shape), " uint8 image needs ", n,
               fileShape_.empty() ? " (the configured image_shape)" : " (the file's ringdl.shape metadata)");
  out.shape = shape;
  out.features.resize(static_cast<size_t>(n));
  scalePixels(reinterpret_cast<const unsigned char*>(record.value.data()), static_cast<size_t>(n),
              out.features.data());
  out.label = static_cast<T>(label);
}

template <typename T>
std::string SequenceFileImageDecoder<T>::describe() const {
  return std::string("SequenceFile images (BigDL layout as ") + imageChannelsName(options_.channels) +
         ", or raw uint8 with IntWritable labels" +
         (options_.shape.empty() ? std::string() : ", shape " + shapeText(options_.shape)) + ")";
}

template class SequenceFileImageDecoder<float>;
template class SequenceFileImageDecoder<double>;

}  // namespace ringdl
