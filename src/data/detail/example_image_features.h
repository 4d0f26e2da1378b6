// The features of a tf.train.Example that the image decoders read (image, label and the ways of giving the
// image's shape), picked out in one pass as views into the record. Internal to src/data.
#pragma once

#include <string>
#include <string_view>

#include "ringdl/data/tf_feature.h"

namespace ringdl {
namespace detail {

struct ExampleImageFeatures {
  enum Slot { kImage, kLabel, kOwnShape, kShape, kHeight, kWidth, kDepth, kChannels, kCount };
  TfFeatureView views[kCount];
  bool present[kCount] = {};

  /// Finds the image and label features and "<image>/shape" (ownShape), "shape", "height", "width", "depth"
  /// and "channels" in a serialized Example. Throws as visitTfExample does.
  void find(std::string_view example, const std::string& image, const std::string& label,
            const std::string& ownShape) {
    const std::string_view names[kCount] = {image,    label,   ownShape, "shape",
                                            "height", "width", "depth",  "channels"};
    findTfFeatures(example, names, kCount, views, present);
  }
};

}  // namespace detail
}  // namespace ringdl
