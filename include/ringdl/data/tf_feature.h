// TfFeature and TfFeatures: the features of a tf.train.Example (TensorFlow's record payload in TFRecord
// files), read from and written to protobuf's wire encoding directly, so the data module needs no protobuf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ringdl {

/// One tf.train.Feature: a list of byte strings, floats or int64s (tf.train.BytesList / FloatList /
/// Int64List). A Feature with none of the three set has kind kNone.
struct TfFeature {
  enum class Kind { kNone, kBytes, kFloat, kInt64 };
  Kind kind = Kind::kNone;
  std::vector<std::string> bytes;
  std::vector<float> floats;
  std::vector<int64_t> ints;

  /// Number of values of the feature's kind.
  size_t size() const;
  static TfFeature ofBytes(std::vector<std::string> values);
  static TfFeature ofFloats(std::vector<float> values);
  static TfFeature ofInts(std::vector<int64_t> values);
};

/// "none", "bytes_list", "float_list", "int64_list".
const char* tfFeatureKindName(TfFeature::Kind kind);

/// tf.train.Example's feature map, name -> feature, in name order.
using TfFeatures = std::map<std::string, TfFeature>;

/// "image (bytes_list), label (int64_list)", for error messages that list what a record holds ("none: is the
/// record a tf.train.Example?" when it holds nothing).
std::string describeTfFeatures(const TfFeatures& features);

/// Parses a serialized tf.train.Example (as TFRecord files of tf.data hold them). Packed and unpacked
/// repeated floats and int64s are both accepted; unknown fields are skipped, as protobuf does; a name given
/// twice keeps its last feature (protobuf's map semantics). Throws ringdl::Error("... at byte N of the
/// Example: ...") for a truncated or malformed message; callers prefix the file, offset and record index.
TfFeatures parseTfExample(std::string_view data);

/// One feature of a serialized Example left undecoded: its kind and the bytes of its list message (a view
/// into the Example's bytes).
struct TfFeatureView {
  TfFeature::Kind kind = TfFeature::Kind::kNone;
  std::string_view list;
  size_t offset = 0;  ///< byte offset of the list message in the Example, for errors
};

/// Calls visit(name, feature) for every feature of a serialized tf.train.Example, in stored order, without
/// copying or decoding any list (a name given twice is visited twice; the last one is the feature). Throws as
/// parseTfExample does for malformed messages. For readers that need a few features of large Examples.
void visitTfExample(std::string_view data,
                    const std::function<void(std::string_view name, const TfFeatureView& feature)>& visit);
/// Visits a serialized Example once and keeps the views of the features named names[0..count): for a feature
/// named names[i] (the first i when names repeat), views[i] is its view and present[i] true (the last one
/// when the Example gives a name twice). present must start false. Throws as visitTfExample does. For
/// decoders that read a few known features.
void findTfFeatures(std::string_view data, const std::string_view* names, size_t count, TfFeatureView* views,
                    bool* present);

/// The values of a feature view (what parseTfExample would have given for it).
TfFeature decodeTfFeature(const TfFeatureView& view);
/// The single value of a bytes_list view, without copying; false if the view is not a bytes_list of exactly
/// one value.
bool singleTfBytes(const TfFeatureView& view, std::string_view& value);

/// Serializes features as a tf.train.Example, names in order, float and int64 lists packed (as TensorFlow
/// writes them); parseTfExample and TensorFlow's parser read it back.
std::string encodeTfExample(const TfFeatures& features);

}  // namespace ringdl
