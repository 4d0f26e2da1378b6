// ExampleImageDecoder<T>: the image and label features of a tf.train.Example, with the shape from the
// options, a shape feature, or height/width/depth features.
#include "ringdl/data/example_image_decoder.h"

#include <cmath>
#include <numeric>

#include "detail/example_image_features.h"
#include "ringdl/data/tf_feature.h"
#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
ExampleImageDecoder<T>::ExampleImageDecoder(ExampleImageDecoderOptions options)
    : options_(std::move(options)), shapeFeature_(options_.imageFeature + "/shape") {
  RINGDL_CHECK(!options_.imageFeature.empty() && !options_.labelFeature.empty(),
               "ExampleImageDecoder: the image and label feature names must not be empty");
}

template <typename T>
void ExampleImageDecoder<T>::decode(const RecordView& record, const std::string& file,
                                    DecodedRecord<T>& out) {
  // Only the features needed are decoded, from views into the record (no map of every feature).
  using F = detail::ExampleImageFeatures;
  F features;
  const TfFeatureView* views = features.views;
  const bool* present = features.present;
  auto decodeView = [&](int which) {
    try {
      return decodeTfFeature(views[which]);
    } catch (const Error& e) {
      RINGDL_FAIL(recordPlace(record, file), "not a valid tf.train.Example: ", e.message());
    }
  };
  try {
    features.find(record.value, options_.imageFeature, options_.labelFeature, shapeFeature_);
  } catch (const Error& e) {
    RINGDL_FAIL(recordPlace(record, file), "not a valid tf.train.Example: ", e.message());
  }
  RINGDL_CHECK(present[F::kImage], recordPlace(record, file), "no feature '", options_.imageFeature,
               "' (the image); the record's features are ", describeTfFeatures(parseTfExample(record.value)),
               " (set image_feature)");
  RINGDL_CHECK(present[F::kLabel], recordPlace(record, file), "no feature '", options_.labelFeature,
               "' (the label); the record's features are ", describeTfFeatures(parseTfExample(record.value)),
               " (set label_feature)");

  // The label: one whole number >= 0.
  const TfFeature lf = decodeView(F::kLabel);
  RINGDL_CHECK(lf.size() == 1 && lf.kind != TfFeature::Kind::kBytes, recordPlace(record, file), "feature '",
               options_.labelFeature, "' is a ", tfFeatureKindName(lf.kind), " of ", lf.size(),
               " values; the label must be one int64 (or float) class index");
  const double value = lf.kind == TfFeature::Kind::kInt64 ? static_cast<double>(lf.ints[0]) : lf.floats[0];
  RINGDL_CHECK(std::isfinite(value) && value >= 0 && value == std::floor(value), recordPlace(record, file),
               "label ", value, " in feature '", options_.labelFeature,
               "' is not a 0-based class index (a whole number >= 0)");
  out.label = static_cast<T>(value);

  // The values: uint8 pixels straight from the record, or the numbers of a float or int64 list.
  const TfFeature::Kind kind = views[F::kImage].kind;
  size_t n = 0;
  if (kind == TfFeature::Kind::kBytes) {
    std::string_view pixels;
    if (!singleTfBytes(views[F::kImage], pixels)) {
      const TfFeature f = decodeView(F::kImage);
      RINGDL_FAIL(recordPlace(record, file), "feature '", options_.imageFeature, "' holds ", f.bytes.size(),
                  " byte strings; a raw image is one string of uint8 pixels");
    }
    n = pixels.size();
    out.features.resize(n);
    scalePixels(reinterpret_cast<const unsigned char*>(pixels.data()), n, out.features.data());
  } else if (kind == TfFeature::Kind::kFloat) {
    const TfFeature f = decodeView(F::kImage);
    n = f.floats.size();
    out.features.assign(f.floats.begin(), f.floats.end());
  } else if (kind == TfFeature::Kind::kInt64) {
    const TfFeature f = decodeView(F::kImage);
    n = f.ints.size();
    out.features.resize(n);
    for (size_t i = 0; i < n; ++i) out.features[i] = static_cast<T>(f.ints[i]);
  }
  RINGDL_CHECK(n > 0, recordPlace(record, file), "feature '", options_.imageFeature, "' is an empty ",
               tfFeatureKindName(kind));

  // The shape. Where it came from, for messages: 0 options, 1 "<image>/shape", 2 "shape", 3
  // height/width/depth, 4 none (flat).
  int from = 0;
  auto fromText = [&] {
    const char* names[] = {"image_shape", "", "feature 'shape'", "features 'height', 'width' and 'depth'",
                           "no shape: flat"};
    return from == 1 ? "feature '" + options_.imageFeature + "/shape'" : std::string(names[from]);
  };
  auto ints = [&](int which) { return present[which] && views[which].kind == TfFeature::Kind::kInt64; };
  Shape& shape = out.shape;
  shape = options_.shape;
  if (shape.empty()) {
    if (ints(F::kOwnShape) || ints(F::kShape)) {
      from = ints(F::kOwnShape) ? 1 : 2;
      for (int64_t d : decodeView(ints(F::kOwnShape) ? F::kOwnShape : F::kShape).ints) {
        RINGDL_CHECK(d > 0, recordPlace(record, file), fromText(), " holds size ", d,
                     "; sizes must be positive");
        shape.push_back(d);
      }
    } else if (ints(F::kHeight)) {
      const int depthAt = ints(F::kDepth) ? F::kDepth : ints(F::kChannels) ? F::kChannels : -1;
      const TfFeature h = decodeView(F::kHeight);
      const TfFeature w = ints(F::kWidth) ? decodeView(F::kWidth) : TfFeature();
      const TfFeature d = depthAt >= 0 ? decodeView(depthAt) : TfFeature::ofInts({1});
      RINGDL_CHECK(h.size() == 1 && w.size() == 1 && d.size() == 1, recordPlace(record, file),
                   "features 'height', 'width' (and 'depth') must be one int64 each");
      shape = {d.ints[0], h.ints[0], w.ints[0]};
      from = 3;
      for (int64_t v : shape)
        RINGDL_CHECK(v > 0, recordPlace(record, file), fromText(), " give the shape ", shapeText(shape));
    } else {
      shape = {static_cast<int64_t>(n)};
      from = 4;
    }
  }
  const int64_t expected =
      std::accumulate(shape.begin(), shape.end(), int64_t(1), std::multiplies<int64_t>());
  RINGDL_CHECK(expected == static_cast<int64_t>(n), recordPlace(record, file), "feature '",
               options_.imageFeature, "' holds ", n, " values but the shape ", shapeText(shape), " (from ",
               fromText(), ") needs ", expected);
}

template <typename T>
std::string ExampleImageDecoder<T>::describe() const {
  return "tf.train.Example (image '" + options_.imageFeature + "', label '" + options_.labelFeature + "'" +
         (options_.shape.empty() ? std::string() : ", shape " + shapeText(options_.shape)) + ")";
}

template class ExampleImageDecoder<float>;
template class ExampleImageDecoder<double>;

}  // namespace ringdl
