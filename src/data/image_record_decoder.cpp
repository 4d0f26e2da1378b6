// ImageRecordDecoder<T>: the record layouts holding images (folder files, BigDL and raw SequenceFile records,
// tf.train.Example), their labels, and the per-record seeds of the image pipeline.
#include "ringdl/data/image_record_decoder.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>

#include "ringdl/data/bigdl_image_record.h"
#include "ringdl/data/cifar10.h"
#include "ringdl/data/sequence_file.h"
#include "ringdl/data/sequence_file_image_decoder.h"
#include "ringdl/data/tf_feature.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

std::string baseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string readFile(const std::string& path, const std::string& where) {
  std::ifstream in(path, std::ios::binary);
  if (!in) RINGDL_FAIL(where, "cannot open the image file: ", std::strerror(errno));
  std::string bytes;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  RINGDL_CHECK(size >= 0, where, "cannot read the image file (is it a regular file?)");
  bytes.resize(static_cast<size_t>(size));
  in.seekg(0);
  in.read(bytes.data(), size);
  RINGDL_CHECK(in.gcount() == size, where, "cannot read the image file: read ", in.gcount(), " of ", size,
               " bytes (", std::strerror(errno), ")");
  return bytes;
}

// A label stored as a number, minus the offset: a 0-based class or an error.
int64_t numberLabel(double value, int64_t offset, const std::string& where, const std::string& what) {
  RINGDL_CHECK(std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9e15, where, what,
               " ", value, " is not a whole number");
  const auto label = static_cast<int64_t>(value) - offset;
  RINGDL_CHECK(label >= 0, where, what, " ", value,
               offset != 0 ? " minus the label offset " + std::to_string(offset) : std::string(),
               " is negative; labels are 0-based class indices",
               offset == 0 && value < 0 ? "" : " (is label_offset right?)");
  return label;
}

// Raw uint8 pixels [C, H, W] (C 1 or 3, planes R, G, B) or [H, W] as an Image.
Image rawImage(std::string_view bytes, const Shape& shape, const std::string& where,
               const std::string& from) {
  const bool planes = shape.size() == 3 && (shape[0] == 1 || shape[0] == 3);
  RINGDL_CHECK(planes || shape.size() == 2, where, "raw pixels of shape ", shapeText(shape), " (", from,
               ") are not an image; expected [C, H, W] with 1 or 3 channels, or [H, W]");
  const int64_t c = shape.size() == 3 ? shape[0] : 1, h = shape[shape.size() - 2], w = shape.back();
  RINGDL_CHECK(static_cast<int64_t>(bytes.size()) == c * h * w, where, "the image holds ", bytes.size(),
               " bytes, which are neither an encoded image (their first bytes match no known format) nor raw "
               "uint8 pixels of shape ",
               shapeText(shape), " (", from, ": ", c * h * w, " bytes)");
  Image image = Image::filled(h, w, c == 1 ? ImageChannels::kGrey : ImageChannels::kRgb);
  const auto* in = reinterpret_cast<const uint8_t*>(bytes.data());
  const int64_t plane = h * w;
  if (c == 1) {
    std::memcpy(image.pixels.data(), in, static_cast<size_t>(plane));
  } else {
    for (int64_t i = 0; i < plane; ++i)
      for (int k = 0; k < 3; ++k) image.pixels[static_cast<size_t>(3 * i + k)] = in[k * plane + i];
  }
  return image;
}

// The layout decodeImage's options ask for, for images that were not decoded from an encoding.
Image asRequested(Image image, const ImageDecodeOptions& o) {
  if (o.channels == ImageChannels::kGrey) return convertImage(std::move(image), ImageChannels::kGrey);
  if (image.channels == ImageChannels::kGrey && !o.expandGrey) return image;
  return convertImage(std::move(image), o.channels);
}

const TfFeature* findInts(const TfFeatures& features, const std::string& name) {
  const auto it = features.find(name);
  return it != features.end() && it->second.kind == TfFeature::Kind::kInt64 ? &it->second : nullptr;
}

}  // namespace

template <typename T>
ImageRecordDecoder<T>::ImageRecordDecoder(ImagePipeline<T> pipeline, ImageRecordDecoderOptions options)
    : pipeline_(std::move(pipeline)), options_(std::move(options)) {
  RINGDL_CHECK(!options_.imageFeature.empty() && !options_.labelFeature.empty(),
               "ImageRecordDecoder: the image and label feature names must not be empty");
}

template <typename T>
void ImageRecordDecoder<T>::beginShard(const RecordReader& reader) {
  RawShapeMetadata declared = rawShapeMetadata(reader);
  fileShape_ = std::move(declared.shape);
  fileShapeError_ = std::move(declared.error);
}

template <typename T>
Image ImageRecordDecoder<T>::decodeImageOf(const RecordView& record, const std::string& file, int64_t& label,
                                           uint64_t& identity) {
  const ImageDecodeOptions& o = options_.decode;
  if (record.valueType == kImageFileRecordType) {
    const std::string imagePath(record.value);
    const std::string where = "file " + imagePath + " (image " + std::to_string(record.index) + " of " +
                              (file.empty() ? std::string("the folder") : file) + "): ";
    const std::string key(record.key);
    char* end = nullptr;
    const long long l = std::strtoll(key.c_str(), &end, 10);
    RINGDL_CHECK(!key.empty() && *end == '\0' && l >= 0, where, "bad label \"", key,
                 "\" in the folder record");
    label = l;
    identity = static_cast<uint64_t>(record.index);
    return decodeImage(readFile(imagePath, where), where, o);
  }

  if (file != shardName_) {
    shardName_ = file;
    shardHash_ = fnv1a(baseName(file));
  }
  identity = shardHash_ * 0x9e3779b97f4a7c15ull + static_cast<uint64_t>(record.index);
  const std::string where = recordPlace(record, file);

  if (options_.cifar10) {
    label = cifar10Label(record, file);  // checks the record's size and the label byte
    return asRequested(rawImage(record.value.substr(1), {3, 32, 32}, where, "CIFAR-10's layout"), o);
  }

  if (record.keyType == kTextClass) {
    label = parseBigDLKey(record.key, where).label;
    if (!imageFormatOf(record.value).empty()) return decodeImage(record.value, where, o);
    const BigDLImageRecord bigdl = decodeBigDLImage(record, file);
    Image image = Image::filled(bigdl.height, bigdl.width, ImageChannels::kBgr);
    std::memcpy(image.pixels.data(), bigdl.pixels.data(), image.pixels.size());
    return asRequested(std::move(image), o);
  }
  if (record.keyType == kIntWritableClass || record.keyType == kLongWritableClass) {
    const int64_t stored =
        record.keyType == kIntWritableClass ? writableInt(record.key) : writableLong(record.key);
    label = numberLabel(static_cast<double>(stored), options_.labelOffset, where, "the label in the key,");
    if (!imageFormatOf(record.value).empty()) return decodeImage(record.value, where, o);
    RINGDL_CHECK(fileShapeError_.empty(), fileShapeError_);
    const Shape& shape = !fileShape_.empty() ? fileShape_ : options_.shape;
    RINGDL_CHECK(
        !shape.empty(), where, "the value's ", record.value.size(),
        " bytes are not an encoded image (their first bytes match no known format), and the file has no ",
        kRawShapeMetadata, " metadata giving a raw image's shape; give it (image_shape, e.g. 3,32,32)");
    return asRequested(
        rawImage(record.value, shape, where,
                 fileShape_.empty() ? "image_shape" : std::string("the file's ") + kRawShapeMetadata),
        o);
  }
  RINGDL_CHECK(
      record.keyType.empty() && record.valueType.empty(), where, "the record has a key of class ",
      record.keyType, " and a value of class ", record.valueType,
      "; image SequenceFiles have Text keys (BigDL's \"name\\nlabel\") or IntWritable/LongWritable keys "
      "(0-based labels)");

  // A tf.train.Example.
  TfFeatures features;
  try {
    features = parseTfExample(record.value);
  } catch (const Error& e) {
    RINGDL_FAIL(where, "not a valid tf.train.Example: ", e.message());
  }
  const auto image = features.find(options_.imageFeature);
  RINGDL_CHECK(image != features.end(), where, "no feature '", options_.imageFeature,
               "' (the image); the record's features are ", describeTfFeatures(features),
               " (set image_feature)");
  const auto labelIt = features.find(options_.labelFeature);
  RINGDL_CHECK(labelIt != features.end(), where, "no feature '", options_.labelFeature,
               "' (the label); the record's features are ", describeTfFeatures(features),
               " (set label_feature)");
  const TfFeature& lf = labelIt->second;
  RINGDL_CHECK(lf.size() == 1 && lf.kind != TfFeature::Kind::kBytes, where, "feature '",
               options_.labelFeature, "' is a ", tfFeatureKindName(lf.kind), " of ", lf.size(),
               " values; the label must be one int64 (or float) class index");
  label = numberLabel(lf.kind == TfFeature::Kind::kInt64 ? static_cast<double>(lf.ints[0]) : lf.floats[0],
                      options_.labelOffset, where, "label in feature '" + options_.labelFeature + "'");
  const TfFeature& f = image->second;
  RINGDL_CHECK(f.kind == TfFeature::Kind::kBytes && f.bytes.size() == 1, where, "feature '",
               options_.imageFeature, "' is a ", tfFeatureKindName(f.kind), " of ", f.size(),
               " values; an image is one bytes value (encoded, or raw uint8 pixels)",
               f.kind == TfFeature::Kind::kFloat ? " (float features are read without transforms)" : "");
  const std::string& bytes = f.bytes[0];
  if (!imageFormatOf(bytes).empty()) return decodeImage(bytes, where, o);
  Shape shape = options_.shape;
  std::string from = "image_shape";
  if (shape.empty()) {
    const TfFeature* s = findInts(features, options_.imageFeature + "/shape");
    from = "feature '" + options_.imageFeature + "/shape'";
    if (!s) {
      s = findInts(features, "shape");
      from = "feature 'shape'";
    }
    if (s) {
      shape.assign(s->ints.begin(), s->ints.end());
    } else if (const TfFeature* h = findInts(features, "height")) {
      const TfFeature* w = findInts(features, "width");
      const TfFeature* d = findInts(features, "depth");
      if (!d) d = findInts(features, "channels");
      RINGDL_CHECK(w && h->size() == 1 && w->size() == 1 && (!d || d->size() == 1), where,
                   "features 'height', 'width' (and 'depth') must be one int64 each");
      shape = {d ? d->ints[0] : 1, h->ints[0], w->ints[0]};
      from = "features 'height', 'width' and 'depth'";
    }
  }
  RINGDL_CHECK(
      !shape.empty(), where, "feature '", options_.imageFeature, "' holds ", bytes.size(),
      " bytes that are not an encoded image (first bytes match no known format) and the record gives no "
      "shape for raw pixels (features 'shape' or 'height'/'width'/'depth'; or set image_shape)");
  for (int64_t d : shape) RINGDL_CHECK(d > 0, where, from, " gives the shape ", shapeText(shape));
  return asRequested(rawImage(bytes, shape, where, from), o);
}

template <typename T>
void ImageRecordDecoder<T>::decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) {
  int64_t label = 0;
  uint64_t identity = 0;
  Image image = decodeImageOf(record, file, label, identity);
  const std::string size = image.describe();
  try {
    pipeline_.run(image, imageRecordSeed(seed_, epoch_, identity), out.features, out.shape);
  } catch (const Error& e) {
    const std::string where =
        record.valueType == kImageFileRecordType
            ? "file " + std::string(record.value) + " (image " + std::to_string(record.index) + "): "
            : recordPlace(record, file);
    RINGDL_FAIL(where, "the ", size, " image: ", e.message());
  }
  if (firstShape_.empty()) firstShape_ = out.shape;
  RINGDL_CHECK(
      out.shape == firstShape_,
      record.valueType == kImageFileRecordType
          ? "file " + std::string(record.value) + " (image " + std::to_string(record.index) + "): "
          : recordPlace(record, file),
      "the ", size, " image becomes features ", toString(out.shape), ", but earlier records became ",
      toString(firstShape_),
      ": a batch needs images of one size; give the transforms a resize and a center_crop (or an exact "
      "resize H,W), or, without transforms, image_shape (C,H,W) to resize every image to",
      image.channels != ImageChannels::kGrey || out.shape[0] == firstShape_[0]
          ? ""
          : " (a grey image among colour ones: decode with grey expanded to colour)");
  out.label = static_cast<T>(label);
}

template <typename T>
std::string ImageRecordDecoder<T>::describe() const {
  return std::string("images (") + imageChannelsName(options_.decode.channels) +
         (options_.decode.channels != ImageChannels::kGrey && !options_.decode.expandGrey ? ", grey kept"
                                                                                          : "") +
         "; Example features '" + options_.imageFeature + "', '" + options_.labelFeature + "'" +
         (options_.labelOffset != 0 ? ", labels minus " + std::to_string(options_.labelOffset)
                                    : std::string()) +
         ") >> " + pipeline_.describe();
}

template class ImageRecordDecoder<float>;
template class ImageRecordDecoder<double>;

}  // namespace ringdl
