// RandomCrop: an image step keeping a height x width window at a random place, optionally after padding.
#pragma once

#include <string>

#include "ringdl/data/image_transform.h"

namespace ringdl {

/// What RandomCrop puts in the padding.
enum class ImagePadding {
  kConstant,  ///< zeros (torchvision's default fill)
  kReflect,   ///< the image mirrored without repeating the edge pixel (torchvision's "reflect")
  kEdge,      ///< the edge pixel repeated (torchvision's "edge")
};

/// "constant", "reflect", "edge"; and the inverse, an Error listing the names otherwise.
const char* imagePaddingName(ImagePadding padding);
ImagePadding parseImagePadding(const std::string& name);

/// Pads every side by `padding` pixels, then keeps a height x width window whose top row is drawn uniformly
/// from [0, H + 2 padding - height] and then whose left column from [0, W + 2 padding - width], as
/// torchvision's RandomCrop(size, padding) does (BigDL's RandomCrop without padding). An image smaller than
/// the window after padding is an Error. Validation uses CenterCrop(height, width) on the unpadded image.
class RandomCrop : public ImageTransform {
 public:
  RandomCrop(int64_t height, int64_t width, int64_t padding = 0, ImagePadding mode = ImagePadding::kConstant);

  int64_t height() const { return height_; }
  int64_t width() const { return width_; }
  int64_t padding() const { return padding_; }
  ImagePadding paddingMode() const { return mode_; }

  bool isRandom() const override { return true; }
  std::unique_ptr<ImageTransform> clone() const override;
  std::unique_ptr<ImageTransform> validationStep() const override;
  /// "RandomCrop(32x32, padding 4 constant)".
  std::string describe() const override;

 protected:
  void transformImage(Image& image, Random& random) const override;

 private:
  int64_t height_;
  int64_t width_;
  int64_t padding_;
  ImagePadding mode_;
};

}  // namespace ringdl
