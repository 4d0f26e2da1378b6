// ColorJitter: an image step changing brightness, contrast and saturation by random factors.
#pragma once

#include <string>

#include "ringdl/data/image_transform.h"

namespace ringdl {

/// Random brightness, contrast and saturation, as torchvision's ColorJitter (without hue) and BigDL's
/// ColorJitter: for each amount x > 0 a factor f is drawn uniformly from [max(0, 1 - x), 1 + x], and the
/// three adjustments run in a random order (a uniformly drawn permutation, drawn first):
///   - brightness: p' = f p;
///   - contrast: p' = m + f (p - m), m the mean grey level of the whole image;
///   - saturation: p' = g + f (p - g), g the pixel's grey level (grey images are left as they are);
/// grey levels are 0.299 R + 0.587 G + 0.114 B. Each result is rounded to the nearest integer and clamped to
/// [0, 255]. Validation leaves the step out.
class ColorJitter : public ImageTransform {
 public:
  ColorJitter(double brightness, double contrast = 0, double saturation = 0);

  double brightness() const { return brightness_; }
  double contrast() const { return contrast_; }
  double saturation() const { return saturation_; }

  bool isRandom() const override { return brightness_ > 0 || contrast_ > 0 || saturation_ > 0; }
  std::unique_ptr<ImageTransform> clone() const override;
  std::unique_ptr<ImageTransform> validationStep() const override;
  /// "ColorJitter(brightness 0.4, contrast 0.4, saturation 0.4)".
  std::string describe() const override;

  /// The three adjustments alone, with a given factor (for tests and for use outside the random step).
  static void adjustBrightness(Image& image, double factor);
  static void adjustContrast(Image& image, double factor);
  static void adjustSaturation(Image& image, double factor);

 protected:
  void transformImage(Image& image, Random& random) const override;

 private:
  double brightness_, contrast_, saturation_;
};

}  // namespace ringdl
