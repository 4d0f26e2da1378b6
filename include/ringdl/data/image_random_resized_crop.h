// RandomResizedCrop: an image step cropping a window of random area and aspect ratio and resizing it (the
// usual ImageNet training augmentation).
#pragma once

#include <string>

#include "ringdl/data/image_resize.h"

namespace ringdl {

/// torchvision's RandomResizedCrop: up to 10 times draw an area fraction uniformly from [minScale, maxScale]
/// and an aspect ratio (width / height) log-uniformly from [minRatio, maxRatio]; the first window of that
/// area and ratio (sides rounded to the nearest pixel) that fits goes to a uniformly drawn place (top row,
/// then left column). If none fits, the largest centred window whose ratio is clamped into the range is
/// taken. The window is then resized to height x width. Validation uses a resize of the shorter side to
/// round(max(height, width) / 0.875) and a CenterCrop(height, width) (256 and 224 for a 224 crop).
class RandomResizedCrop : public ImageTransform {
 public:
  RandomResizedCrop(int64_t height, int64_t width, double minScale = 0.08, double maxScale = 1.0,
                    double minRatio = 3.0 / 4.0, double maxRatio = 4.0 / 3.0,
                    ImageInterpolation interpolation = ImageInterpolation::kBilinear);

  /// The window drawn for an image of height x width: its top row, left column, height and width.
  void window(int64_t height, int64_t width, Random& random, int64_t& top, int64_t& left, int64_t& cropHeight,
              int64_t& cropWidth) const;

  bool isRandom() const override { return true; }
  std::unique_ptr<ImageTransform> clone() const override;
  std::unique_ptr<ImageTransform> validationStep() const override;
  /// "RandomResizedCrop(224x224, scale [0.08, 1], ratio [0.75, 1.33333], bilinear)".
  std::string describe() const override;

 protected:
  void transformImage(Image& image, Random& random) const override;

 private:
  int64_t height_;
  int64_t width_;
  double minScale_, maxScale_, minRatio_, maxRatio_;
  ImageInterpolation interpolation_;
};

}  // namespace ringdl
