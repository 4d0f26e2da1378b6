// Resize: an image step scaling an image to a given shorter side or to an exact size, with OpenCV's
// interpolations.
#pragma once

#include <string>

#include "ringdl/data/image_transform.h"

namespace ringdl {

/// How Resize samples the source image (OpenCV's cv::resize modes).
enum class ImageInterpolation {
  kNearest,   ///< the source pixel whose centre is nearest, floor((x + 0.5) * in / out) as PIL's NEAREST
              ///< (OpenCV's INTER_NEAREST_EXACT; at an exact tie its fixed point may take the lower pixel)
  kBilinear,  ///< linear in x and y from the 2x2 neighbourhood, pixel centres aligned (INTER_LINEAR); no
              ///< anti-aliasing: when shrinking by more than 2, kArea keeps detail that kBilinear skips
  kBicubic,   ///< cubic from the 4x4 neighbourhood (INTER_CUBIC, a = -0.75)
  kArea,     ///< the mean of the source pixels each output pixel covers when shrinking (INTER_AREA); bilinear
             ///< when enlarging
  kLanczos,  ///< Lanczos over the 8x8 neighbourhood (INTER_LANCZOS4)
};

/// "nearest", "bilinear", "bicubic", "area", "lanczos"; and the inverse (also "linear", "cubic"), an Error
/// listing the names otherwise.
const char* imageInterpolationName(ImageInterpolation interpolation);
ImageInterpolation parseImageInterpolation(const std::string& name);

/// Scales an image (BigDL's Resize, torchvision's Resize) with cv::resize.
class Resize : public ImageTransform {
 public:
  /// The shorter side becomes `size` and the longer one size * longer / shorter, rounded down (torchvision's
  /// Resize(int)); an image whose shorter side is already `size` is left as it is.
  static Resize shorterSide(int64_t size, ImageInterpolation interpolation = ImageInterpolation::kBilinear);
  /// Exactly height x width (the aspect ratio may change).
  static Resize exact(int64_t height, int64_t width,
                      ImageInterpolation interpolation = ImageInterpolation::kBilinear);

  /// The shorter side's target (0 for an exact size), and the exact size (0 for a shorter side).
  int64_t shorter() const { return shorter_; }
  int64_t height() const { return height_; }
  int64_t width() const { return width_; }
  ImageInterpolation interpolation() const { return interpolation_; }
  /// The size an image of height x width becomes.
  void outputSize(int64_t height, int64_t width, int64_t& outHeight, int64_t& outWidth) const;

  std::unique_ptr<ImageTransform> clone() const override;
  /// "Resize(shorter side 36, bilinear)" or "Resize(32x48, area)".
  std::string describe() const override;

 protected:
  void transformImage(Image& image, Random& random) const override;

 private:
  Resize(int64_t shorter, int64_t height, int64_t width, ImageInterpolation interpolation);
  int64_t shorter_ = 0;
  int64_t height_ = 0;
  int64_t width_ = 0;
  ImageInterpolation interpolation_ = ImageInterpolation::kBilinear;
};

/// Resizes `image` to height x width with cv::resize (used by Resize and RandomResizedCrop).
void resizeImage(Image& image, int64_t height, int64_t width, ImageInterpolation interpolation);

}  // namespace ringdl
