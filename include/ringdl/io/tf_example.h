// tf.train.Example records (TensorFlow's named feature lists): decoding to plain C++ types, encoding back,
// and pulling an image and a label out by feature name. No protobuf in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ringdl {

/// One feature of an Example: a list of byte strings, of floats or of int64s (TensorFlow's Feature), or no
/// list at all (kNone: tf.train.Feature() with nothing set; TensorFlow writes such features too).
struct ExampleFeature {
  enum Kind { kNone, kBytes, kFloat, kInt64 };
  Kind kind = kNone;
  std::vector<std::string> bytes;  ///< kBytes
  std::vector<float> floats;       ///< kFloat
  std::vector<int64_t> ints;       ///< kInt64

  /// Number of values in the list of this kind (0 for kNone).
  size_t size() const;

  static ExampleFeature ofBytes(std::vector<std::string> values);
  static ExampleFeature ofFloats(std::vector<float> values);
  static ExampleFeature ofInts(std::vector<int64_t> values);
};

/// "bytes_list", "float_list", "int64_list", or "no value" (TensorFlow's names for the lists).
const char* exampleFeatureKindName(ExampleFeature::Kind kind);

/// An Example: feature name -> feature, in name order.
using Example = std::map<std::string, ExampleFeature>;

/// Decodes a serialized tf.train.Example. `where` starts every error message and should say where the bytes
/// came from ("train-00001.tfrecord: record 12 at byte 3040"). Throws ringdl::Error when the bytes do not
/// parse as an Example (the message gives their length and first bytes) or hold fields an Example does not
/// define (a different message written into the file, such as a SequenceExample).
Example parseExample(const std::string& data, const std::string& where);

/// Encodes an Example as TensorFlow does (features in name order, numbers packed): the result parses back
/// with parseExample and with TensorFlow's tf.train.Example.FromString. A feature's lists other than its
/// kind's must be empty (throws ringdl::Error naming the feature otherwise).
std::string serializeExample(const Example& example);

/// "height (int64_list, 1 value), image_raw (bytes_list, 1 value)", or "no features": for messages.
std::string describeExample(const Example& example);

/// The names of an image feature and a label feature (TensorFlow's own tutorials use "image_raw" and "label";
/// the TF-Slim/models datasets "image/encoded" and "image/class/label").
struct ImageLabelFeatures {
  std::string image = "image";
  std::string label = "label";
};

/// An image as stored (one byte string: raw pixels or an encoded PNG/JPEG, for the caller to decode; or a
/// list of floats) and its label.
struct ImageLabel {
  bool isBytes = true;
  std::string bytes;          ///< the image's single bytes_list value when isBytes
  std::vector<float> floats;  ///< the image's float_list when !isBytes
  int64_t label = 0;
};

/// Pulls names.image (a bytes_list of exactly one value, or a non-empty float_list) and names.label (an
/// int64_list of exactly one value) out of example. Errors start with `where`, name the feature, say what was
/// found and what was expected, and list the features the Example has.
ImageLabel extractImageLabel(const Example& example, const ImageLabelFeatures& names,
                             const std::string& where);

}  // namespace ringdl
