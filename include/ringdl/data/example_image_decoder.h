// ExampleImageDecoder<T>: images with labels from TFRecord records holding tf.train.Example messages.
#pragma once

#include <string>

#include "ringdl/data/record_decoder.h"

namespace ringdl {

struct ExampleImageDecoderOptions {
  std::string imageFeature = "image";  ///< the feature holding the pixels
  std::string labelFeature = "label";  ///< the feature holding the 0-based class
  Shape shape;  ///< the features' shape when the record does not say (empty: from the record, else flat)

  ExampleImageDecoderOptions& withImageFeature(std::string name) {
    imageFeature = std::move(name);
    return *this;
  }
  ExampleImageDecoderOptions& withLabelFeature(std::string name) {
    labelFeature = std::move(name);
    return *this;
  }
  ExampleImageDecoderOptions& withShape(Shape s) {
    shape = std::move(s);
    return *this;
  }
};

/// Decodes a tf.train.Example into features and a label:
///   - the image feature is either a bytes_list of one value, uint8 pixels scaled by 1/255 as loadIdxDataSet
///     does, or a float_list (or int64_list) of the values themselves, unscaled;
///   - its shape is options.shape if given, else the int64_list feature "<image>/shape" or "shape", else
///     "height", "width" and "depth" (or "channels"; 1 if absent) as [depth, height, width] (TensorFlow's
///     MNIST conversion writes those), else one flat dimension;
///   - the label feature is an int64_list or float_list of one whole number >= 0 (0-based).
/// `ringdl data convert` writes "image" (bytes), "shape" and "label" (int64). Errors name the file, the
/// record's byte offset and index, the feature and the features the record does hold.
template <typename T>
class ExampleImageDecoder : public RecordDecoder<T> {
 public:
  explicit ExampleImageDecoder(ExampleImageDecoderOptions options = {});
  void decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) override;
  std::string describe() const override;

 private:
  ExampleImageDecoderOptions options_;
  std::string shapeFeature_;  // "<image>/shape"
};

extern template class ExampleImageDecoder<float>;
extern template class ExampleImageDecoder<double>;

}  // namespace ringdl
