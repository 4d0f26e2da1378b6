// ImageRecordDecoder<T>: the record layouts holding images (folder files, BigDL and raw SequenceFile records,
// tf.train.Example), their labels, and the per-record seeds of the image pipeline.
#include "ringdl/data/image_record_decoder.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>

#include "detail/bigdl_pixels.h"
#include "detail/example_image_features.h"
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

// Runs f(); an Error it throws is thrown again with place() before its message. Functions that take a `where`
// prefix are given "" through it, so that the place (file, record, offset) is built only when something
// failed.
template <typename Place, typename F>
auto placed(const Place& place, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Error& e) {
    RINGDL_FAIL(place(), e.message());
  }
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) RINGDL_FAIL("cannot open the image file: ", std::strerror(errno));
  std::string bytes;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  RINGDL_CHECK(size >= 0, "cannot read the image file (is it a regular file?)");
  bytes.resize(static_cast<size_t>(size));
  in.seekg(0);
  in.read(bytes.data(), size);
  RINGDL_CHECK(in.gcount() == size, "cannot read the image file: read ", in.gcount(), " of ", size,
               " bytes (", std::strerror(errno), ")");
  return bytes;
}

// A label stored as a number, minus the offset: a 0-based class or an error. place() and what() are called
// only for the message.
template <typename Place, typename What>
int64_t numberLabel(double value, int64_t offset, const Place& place, const What& what) {
  RINGDL_CHECK(std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9e15, place(), what(),
               " ", value, " is not a whole number");
  const auto label = static_cast<int64_t>(value) - offset;
  RINGDL_CHECK(label >= 0, place(), what(), " ", value,
               offset != 0 ? " minus the label offset " + std::to_string(offset) : std::string(),
               " is negative; labels are 0-based class indices",
               offset == 0 && value < 0 ? "" : " (is label_offset right?)");
  return label;
}

// Raw uint8 pixels [C, H, W] (C 1 or 3, planes R, G, B) or [H, W] as an Image. from() names where the shape
// came from, for the message.
template <typename Place, typename From>
Image rawImage(std::string_view bytes, const Shape& shape, const Place& place, const From& from) {
  const bool planes = shape.size() == 3 && (shape[0] == 1 || shape[0] == 3);
  RINGDL_CHECK(planes || shape.size() == 2, place(), "raw pixels of shape ", shapeText(shape), " (", from(),
               ") are not an image; expected [C, H, W] with 1 or 3 channels, or [H, W]");
  const int64_t c = shape.size() == 3 ? shape[0] : 1, h = shape[shape.size() - 2], w = shape.back();
  RINGDL_CHECK(static_cast<int64_t>(bytes.size()) == c * h * w, place(), "the image holds ", bytes.size(),
               " bytes, which are neither an encoded image (their first bytes match no known format) nor raw "
               "uint8 pixels of shape ",
               shapeText(shape), " (", from(), ": ", c * h * w, " bytes)");
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

// The place of a record in messages: an image folder's file, or a shard's record.
std::string placeOf(const RecordView& record, const std::string& file) {
  return record.valueType == kImageFileRecordType
             ? "file " + std::string(record.value) + " (image " + std::to_string(record.index) + "): "
             : recordPlace(record, file);
}

}  // namespace

template <typename T>
ImageRecordDecoder<T>::ImageRecordDecoder(ImagePipeline<T> pipeline, ImageRecordDecoderOptions options)
    : pipeline_(std::move(pipeline)),
      options_(std::move(options)),
      shapeFeature_(options_.imageFeature + "/shape") {
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
  // Messages name the record through place(), called only when something is wrong: nothing is formatted for
  // the records that decode.
  const ImageDecodeOptions& o = options_.decode;
  if (record.valueType == kImageFileRecordType) {
    auto place = [&] {
      return "file " + std::string(record.value) + " (image " + std::to_string(record.index) + " of " +
             (file.empty() ? std::string("the folder") : file) + "): ";
    };
    const std::string_view key = record.key;
    int64_t l = -1;
    const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), l);
    RINGDL_CHECK(ec == std::errc() && end == key.data() + key.size() && l >= 0, place(), "bad label \"", key,
                 "\" in the folder record");
    label = l;
    identity = static_cast<uint64_t>(record.index);
    return placed(place, [&] { return decodeImage(readFile(std::string(record.value)), "", o); });
  }

  if (file != shardName_) {
    shardName_ = file;
    shardHash_ = fnv1a(baseName(file));
  }
  identity = shardHash_ * 0x9e3779b97f4a7c15ull + static_cast<uint64_t>(record.index);
  auto place = [&] { return recordPlace(record, file); };

  if (record.valueType == kCifar10RecordType) {
    label = cifar10Label(record, file);  // checks the record's size and the label byte
    return asRequested(
        rawImage(record.value.substr(1), {3, 32, 32}, place, [] { return "CIFAR-10's layout"; }), o);
  }

  if (record.keyType == kTextClass) {
    label = placed(place, [&] { return parseBigDLKey(record.key, ""); }).label;
    if (!imageFormatOf(record.value).empty())
      return placed(place, [&] { return decodeImage(record.value, "", o); });
    // BigDL's layout: the BGR pixels go from the record straight into the image.
    int32_t width = 0, height = 0;
    const std::string_view pixels = detail::bigDLPixels(record, file, width, height);
    Image image;
    image.height = height;
    image.width = width;
    image.channels = ImageChannels::kBgr;
    image.pixels.assign(pixels.begin(), pixels.end());
    return asRequested(std::move(image), o);
  }
  if (record.keyType == kIntWritableClass || record.keyType == kLongWritableClass) {
    const int64_t stored =
        record.keyType == kIntWritableClass ? writableInt(record.key) : writableLong(record.key);
    label = numberLabel(static_cast<double>(stored), options_.labelOffset, place,
                        [] { return "the label in the key,"; });
    if (!imageFormatOf(record.value).empty())
      return placed(place, [&] { return decodeImage(record.value, "", o); });
    RINGDL_CHECK(fileShapeError_.empty(), fileShapeError_);
    const Shape& shape = !fileShape_.empty() ? fileShape_ : options_.shape;
    RINGDL_CHECK(
        !shape.empty(), place(), "the value's ", record.value.size(),
        " bytes are not an encoded image (their first bytes match no known format), and the file has no ",
        kRawShapeMetadata, " metadata giving a raw image's shape; give it (image_shape, e.g. 3,32,32)");
    return asRequested(rawImage(record.value, shape, place,
                                [&] {
                                  return fileShape_.empty() ? std::string("image_shape")
                                                            : std::string("the file's ") + kRawShapeMetadata;
                                }),
                       o);
  }
  RINGDL_CHECK(
      record.keyType.empty() && record.valueType.empty(), place(), "the record has a key of class ",
      record.keyType, " and a value of class ", record.valueType,
      "; image SequenceFiles have Text keys (BigDL's \"name\\nlabel\") or IntWritable/LongWritable keys "
      "(0-based labels)");

  // A tf.train.Example: only the features used are decoded, from views into the record (the image bytes are
  // never copied out of it).
  using F = detail::ExampleImageFeatures;
  F features;
  const TfFeatureView* views = features.views;
  const bool* present = features.present;
  auto decodeView = [&](int which) {
    try {
      return decodeTfFeature(views[which]);
    } catch (const Error& e) {
      RINGDL_FAIL(place(), "not a valid tf.train.Example: ", e.message());
    }
  };
  auto allFeatures = [&] {  // for messages that list what the record holds
    try {
      return describeTfFeatures(parseTfExample(record.value));
    } catch (const Error& e) {
      RINGDL_FAIL(place(), "not a valid tf.train.Example: ", e.message());
    }
  };
  try {
    features.find(record.value, options_.imageFeature, options_.labelFeature, shapeFeature_);
  } catch (const Error& e) {
    RINGDL_FAIL(place(), "not a valid tf.train.Example: ", e.message());
  }
  RINGDL_CHECK(present[F::kImage], place(), "no feature '", options_.imageFeature,
               "' (the image); the record's features are ", allFeatures(), " (set image_feature)");
  RINGDL_CHECK(present[F::kLabel], place(), "no feature '", options_.labelFeature,
               "' (the label); the record's features are ", allFeatures(), " (set label_feature)");
  const TfFeature lf = decodeView(F::kLabel);
  RINGDL_CHECK(lf.size() == 1 && lf.kind != TfFeature::Kind::kBytes, place(), "feature '",
               options_.labelFeature, "' is a ", tfFeatureKindName(lf.kind), " of ", lf.size(),
               " values; the label must be one int64 (or float) class index");
  label = numberLabel(lf.kind == TfFeature::Kind::kInt64 ? static_cast<double>(lf.ints[0]) : lf.floats[0],
                      options_.labelOffset, place,
                      [&] { return "label in feature '" + options_.labelFeature + "'"; });
  std::string_view bytes;
  bool single = false;
  try {
    single = singleTfBytes(views[F::kImage], bytes);
  } catch (const Error& e) {
    RINGDL_FAIL(place(), "not a valid tf.train.Example: ", e.message());
  }
  if (!single) {
    const TfFeature f = decodeView(F::kImage);
    RINGDL_FAIL(place(), "feature '", options_.imageFeature, "' is a ", tfFeatureKindName(f.kind), " of ",
                f.size(), " values; an image is one bytes value (encoded, or raw uint8 pixels)",
                f.kind == TfFeature::Kind::kFloat ? " (float features are read without transforms)" : "");
  }
  if (!imageFormatOf(bytes).empty()) return placed(place, [&] { return decodeImage(bytes, "", o); });

  // Raw pixels: the shape from image_shape, or the record's "<image>/shape", "shape", or
  // "height"/"width"/"depth" (or "channels") features (int64 ones only).
  enum From { kOptions, kFromOwnShape, kFromShape, kFromSizes };
  From from = kOptions;
  auto fromText = [&] {
    switch (from) {
      case kFromOwnShape:
        return "feature '" + options_.imageFeature + "/shape'";
      case kFromShape:
        return std::string("feature 'shape'");
      case kFromSizes:
        return std::string("features 'height', 'width' and 'depth'");
      case kOptions:
        break;
    }
    return std::string("image_shape");
  };
  auto ints = [&](int which) { return present[which] && views[which].kind == TfFeature::Kind::kInt64; };
  Shape shape = options_.shape;
  if (shape.empty()) {
    if (ints(F::kOwnShape) || ints(F::kShape)) {
      from = ints(F::kOwnShape) ? kFromOwnShape : kFromShape;
      const TfFeature s = decodeView(ints(F::kOwnShape) ? F::kOwnShape : F::kShape);
      shape.assign(s.ints.begin(), s.ints.end());
    } else if (ints(F::kHeight)) {
      const int depthAt = ints(F::kDepth) ? F::kDepth : ints(F::kChannels) ? F::kChannels : -1;
      const TfFeature h = decodeView(F::kHeight);
      const TfFeature w = ints(F::kWidth) ? decodeView(F::kWidth) : TfFeature();
      const TfFeature d = depthAt >= 0 ? decodeView(depthAt) : TfFeature();
      RINGDL_CHECK(ints(F::kWidth) && h.size() == 1 && w.size() == 1 && (depthAt < 0 || d.size() == 1),
                   place(), "features 'height', 'width' (and 'depth') must be one int64 each");
      shape = {depthAt >= 0 ? d.ints[0] : 1, h.ints[0], w.ints[0]};
      from = kFromSizes;
    }
  }
  RINGDL_CHECK(
      !shape.empty(), place(), "feature '", options_.imageFeature, "' holds ", bytes.size(),
      " bytes that are not an encoded image (first bytes match no known format) and the record gives no "
      "shape for raw pixels (features 'shape' or 'height'/'width'/'depth'; or set image_shape)");
  for (int64_t d : shape) RINGDL_CHECK(d > 0, place(), fromText(), " gives the shape ", shapeText(shape));
  return asRequested(rawImage(bytes, shape, place, fromText), o);
}

template <typename T>
void ImageRecordDecoder<T>::decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) {
  int64_t label = 0;
  uint64_t identity = 0;
  Image image = decodeImageOf(record, file, label, identity);
  Image before;  // the image's size and channels before the pipeline, for messages (no pixels: no copy)
  before.height = image.height;
  before.width = image.width;
  before.channels = image.channels;
  try {
    pipeline_.run(image, imageRecordSeed(seed_, epoch_, identity), out.features, out.shape);
  } catch (const Error& e) {
    RINGDL_FAIL(placeOf(record, file), "the ", before.describe(), " image: ", e.message());
  }
  if (firstShape_.empty()) firstShape_ = out.shape;
  RINGDL_CHECK(
      out.shape == firstShape_, placeOf(record, file), "the ", before.describe(), " image becomes features ",
      toString(out.shape), ", but earlier records became ", toString(firstShape_),
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
