// CenterCrop: an image step keeping the central height x width pixels.
#pragma once

#include <string>

#include "ringdl/data/image_transform.h"

namespace ringdl {

/// Keeps the height x width pixels in the middle (BigDL's CenterCrop, torchvision's CenterCrop). The crop
/// starts floor((H - height) / 2) rows down and floor((W - width) / 2) columns in: when the margin is odd the
/// extra pixel is cut at the bottom or right (torchvision rounds the half to even instead, so for margins of
/// 1, 5, 9, ... its crop starts one pixel further). An image smaller than the crop is an Error (resize
/// first).
class CenterCrop : public ImageTransform {
 public:
  CenterCrop(int64_t height, int64_t width);
  /// A square crop.
  explicit CenterCrop(int64_t size) : CenterCrop(size, size) {}

  int64_t height() const { return height_; }
  int64_t width() const { return width_; }

  std::unique_ptr<ImageTransform> clone() const override;
  /// "CenterCrop(224x224)".
  std::string describe() const override;

 protected:
  void transformImage(Image& image, Random& random) const override;

 private:
  int64_t height_;
  int64_t width_;
};

/// The rows [top, top + height) and columns [left, left + width) of image, which must hold them.
void cropImage(Image& image, int64_t top, int64_t left, int64_t height, int64_t width);

}  // namespace ringdl
