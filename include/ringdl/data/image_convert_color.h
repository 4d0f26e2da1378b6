// ConvertColor: an image step changing the channel layout (RGB <-> BGR, to grey, grey to colour).
#pragma once

#include <string>

#include "ringdl/data/image_transform.h"

namespace ringdl {

/// Brings every image to one channel layout (convertImage): RGB <-> BGR swap the first and third channels,
/// colour to grey uses 0.299 R + 0.587 G + 0.114 B, grey to colour repeats the value. An image already in
/// the layout is left as it is.
class ConvertColor : public ImageTransform {
 public:
  explicit ConvertColor(ImageChannels to);

  ImageChannels to() const { return to_; }

  std::unique_ptr<ImageTransform> clone() const override;
  /// "ConvertColor(rgb)".
  std::string describe() const override;

 protected:
  void transformImage(Image& image, Random& random) const override;

 private:
  ImageChannels to_;
};

}  // namespace ringdl
