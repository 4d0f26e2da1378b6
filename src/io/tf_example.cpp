// tf.train.Example through the generated protobuf code (proto/tf_example.proto): parsing with checks for
// fields an Example does not define, deterministic encoding, and the image/label lookup with its messages.
#include "ringdl/io/tf_example.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/unknown_field_set.h>

#include <algorithm>
#include <climits>
#include <cstdio>

#include "ringdl/proto/tf_example.pb.h"
#include "ringdl/util/error.h"

namespace ringdl {

size_t ExampleFeature::size() const {
  switch (kind) {
    case kBytes:
      return bytes.size();
    case kFloat:
      return floats.size();
    case kInt64:
      return ints.size();
    case kNone:
      break;
  }
  return 0;
}

ExampleFeature ExampleFeature::ofBytes(std::vector<std::string> values) {
  ExampleFeature f;
  f.kind = kBytes;
  f.bytes = std::move(values);
  return f;
}

ExampleFeature ExampleFeature::ofFloats(std::vector<float> values) {
  ExampleFeature f;
  f.kind = kFloat;
  f.floats = std::move(values);
  return f;
}

ExampleFeature ExampleFeature::ofInts(std::vector<int64_t> values) {
  ExampleFeature f;
  f.kind = kInt64;
  f.ints = std::move(values);
  return f;
}

const char* exampleFeatureKindName(ExampleFeature::Kind kind) {
  switch (kind) {
    case ExampleFeature::kBytes:
      return "bytes_list";
    case ExampleFeature::kFloat:
      return "float_list";
    case ExampleFeature::kInt64:
      return "int64_list";
    case ExampleFeature::kNone:
      break;
  }
  return "no value";
}

namespace {

std::string firstBytes(const std::string& data) {
  std::string hex;
  const size_t n = std::min<size_t>(data.size(), 16);
  for (size_t i = 0; i < n; ++i) {
    char text[4];
    std::snprintf(text, sizeof text, "%02x", static_cast<unsigned char>(data[i]));
    hex += (i ? " " : "") + std::string(text);
  }
  return hex + (data.size() > n ? " ..." : "");
}

const char* wireTypeName(google::protobuf::UnknownField::Type type) {
  switch (type) {
    case google::protobuf::UnknownField::TYPE_VARINT:
      return "varint";
    case google::protobuf::UnknownField::TYPE_FIXED32:
      return "fixed32";
    case google::protobuf::UnknownField::TYPE_FIXED64:
      return "fixed64";
    case google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED:
      return "length-delimited";
    case google::protobuf::UnknownField::TYPE_GROUP:
      return "group";
  }
  return "unknown";
}

// A field the schema does not define means the bytes are some other message (or not protobuf at all, when
// they happened to parse): say so rather than hand back an Example missing whatever was there.
void checkNoUnknownFields(const google::protobuf::Message& message, const std::string& what,
                          const std::string& where, const std::string& data) {
  const auto& unknown = message.GetReflection()->GetUnknownFields(message);
  if (unknown.empty()) return;
  const auto& field = unknown.field(0);
  RINGDL_FAIL(where, ": not a tf.train.Example: ", what, " has field number ", field.number(), " (",
              wireTypeName(field.type()), "), which TensorFlow's schema does not define (", data.size(),
              " bytes, starting ", firstBytes(data),
              "); is this file of Examples, or of another message such as SequenceExample?");
}

}  // namespace

Example parseExample(const std::string& data, const std::string& where) {
  RINGDL_CHECK(data.size() <= static_cast<size_t>(INT_MAX), where, ": a record of ", data.size(),
               " bytes is too large for a tf.train.Example (protobuf messages stop at 2 GiB)");
  proto::tf::Example message;
  google::protobuf::io::ArrayInputStream input(data.data(), static_cast<int>(data.size()));
  google::protobuf::io::CodedInputStream coded(&input);
  if (!message.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage())
    RINGDL_FAIL(where, ": not a tf.train.Example: its ", data.size(), " bytes (starting ", firstBytes(data),
                ") do not parse as one; is this file of Examples (and not, say, raw images or text)?");
  checkNoUnknownFields(message, "the Example", where, data);
  checkNoUnknownFields(message.features(), "its Features", where, data);
  Example example;
  for (const auto& [name, feature] : message.features().feature()) {
    const std::string what = "feature '" + name + "'";
    checkNoUnknownFields(feature, what, where, data);
    ExampleFeature& out = example[name];
    switch (feature.kind_case()) {
      case proto::tf::Feature::kBytesList:
        checkNoUnknownFields(feature.bytes_list(), what, where, data);
        out.kind = ExampleFeature::kBytes;
        out.bytes.assign(feature.bytes_list().value().begin(), feature.bytes_list().value().end());
        break;
      case proto::tf::Feature::kFloatList:
        checkNoUnknownFields(feature.float_list(), what, where, data);
        out.kind = ExampleFeature::kFloat;
        out.floats.assign(feature.float_list().value().begin(), feature.float_list().value().end());
        break;
      case proto::tf::Feature::kInt64List:
        checkNoUnknownFields(feature.int64_list(), what, where, data);
        out.kind = ExampleFeature::kInt64;
        out.ints.assign(feature.int64_list().value().begin(), feature.int64_list().value().end());
        break;
      case proto::tf::Feature::KIND_NOT_SET:
        out.kind = ExampleFeature::kNone;
        break;
    }
  }
  return example;
}

std::string serializeExample(const Example& example) {
  proto::tf::Example message;
  for (const auto& [name, feature] : example) {
    const size_t others = (feature.kind == ExampleFeature::kBytes ? 0 : feature.bytes.size()) +
                          (feature.kind == ExampleFeature::kFloat ? 0 : feature.floats.size()) +
                          (feature.kind == ExampleFeature::kInt64 ? 0 : feature.ints.size());
    RINGDL_CHECK(others == 0, "serializeExample: feature '", name, "' is a ",
                 exampleFeatureKindName(feature.kind),
                 " but has values in another list; set only the list its kind names");
    // (features set only when there are some: an empty Example is zero bytes, as tf.train.Example() gives)
    proto::tf::Feature& out = (*message.mutable_features()->mutable_feature())[name];
    switch (feature.kind) {
      case ExampleFeature::kBytes:
        out.mutable_bytes_list()->mutable_value()->Assign(feature.bytes.begin(), feature.bytes.end());
        break;
      case ExampleFeature::kFloat:
        out.mutable_float_list()->mutable_value()->Assign(feature.floats.begin(), feature.floats.end());
        break;
      case ExampleFeature::kInt64:
        out.mutable_int64_list()->mutable_value()->Assign(feature.ints.begin(), feature.ints.end());
        break;
      case ExampleFeature::kNone:
        break;
    }
  }
  // Deterministic: map entries in key order, so equal Examples give equal bytes.
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream output(&bytes);
    google::protobuf::io::CodedOutputStream coded(&output);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

std::string describeExample(const Example& example) {
  if (example.empty()) return "no features";
  std::string text;
  for (const auto& [name, feature] : example) {
    if (!text.empty()) text += ", ";
    text += name + " (" + exampleFeatureKindName(feature.kind);
    if (feature.kind != ExampleFeature::kNone)
      text += ", " + std::to_string(feature.size()) + (feature.size() == 1 ? " value" : " values");
    text += ")";
  }
  return text;
}

ImageLabel extractImageLabel(const Example& example, const ImageLabelFeatures& names,
                             const std::string& where) {
  const auto find = [&](const std::string& name, const char* role) -> const ExampleFeature& {
    const auto it = example.find(name);
    if (it == example.end())
      RINGDL_FAIL(where, ": the Example has no ", role, " feature '", name,
                  "'; its features: ", describeExample(example), " (set the ", role,
                  " feature's name to one of these)");
    return it->second;
  };
  ImageLabel out;
  const ExampleFeature& image = find(names.image, "image");
  if (image.kind == ExampleFeature::kBytes && image.bytes.size() == 1) {
    out.isBytes = true;
    out.bytes = image.bytes[0];
  } else if (image.kind == ExampleFeature::kFloat && !image.floats.empty()) {
    out.isBytes = false;
    out.floats = image.floats;
  } else {
    RINGDL_FAIL(where, ": image feature '", names.image, "' is a ", exampleFeatureKindName(image.kind),
                " of ", image.size(), image.size() == 1 ? " value" : " values",
                "; expected a bytes_list of one value (raw or encoded pixels) or a non-empty float_list; "
                "the Example's features: ",
                describeExample(example));
  }
  const ExampleFeature& label = find(names.label, "label");
  if (label.kind != ExampleFeature::kInt64 || label.ints.size() != 1)
    RINGDL_FAIL(where, ": label feature '", names.label, "' is a ", exampleFeatureKindName(label.kind),
                " of ", label.size(), label.size() == 1 ? " value" : " values",
                "; expected an int64_list of one value (the class index); the Example's features: ",
                describeExample(example));
  out.label = label.ints[0];
  return out;
}

}  // namespace ringdl
