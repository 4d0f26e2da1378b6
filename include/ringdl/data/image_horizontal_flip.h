// HorizontalFlip: an image step mirroring the image left to right with a given probability.
#pragma once

#include <string>

#include "ringdl/data/image_transform.h"

namespace ringdl {

/// Mirrors the image left to right with probability p (BigDL's HFlip, torchvision's RandomHorizontalFlip):
/// one uniform draw u in [0, 1) per image, flipped when u < p. p = 1 always flips and p = 0 never, without
/// drawing. Validation leaves the step out.
class HorizontalFlip : public ImageTransform {
 public:
  explicit HorizontalFlip(double p = 0.5);

  double probability() const { return p_; }

  bool isRandom() const override { return p_ > 0 && p_ < 1; }
  std::unique_ptr<ImageTransform> clone() const override;
  std::unique_ptr<ImageTransform> validationStep() const override;
  /// "HorizontalFlip(p=0.5)".
  std::string describe() const override;

 protected:
  void transformImage(Image& image, Random& random) const override;

 private:
  double p_;
};

}  // namespace ringdl
