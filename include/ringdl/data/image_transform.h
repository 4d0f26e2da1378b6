// ImageTransform: a step applied to one image before batching (resize, crop, flip, colour jitter, ...),
// chained BigDL-style with `a >> b`; random steps draw from the generator of the record being transformed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ringdl/data/image.h"
#include "ringdl/tensor/random.h"

namespace ringdl {

class ChainedImageTransform;

/// A step applied to one decoded image (8-bit, HWC) before it becomes a tensor, as BigDL's
/// FeatureTransformers on an ImageFeature. Images of one data set may differ in size until a step such as
/// Resize or CenterCrop gives them one.
///
/// Random steps (RandomCrop, HorizontalFlip, ColorJitter, ...) draw only from the generator passed to
/// apply(), which the data set seeds for each record from (seed, epoch, record) (imageRecordSeed): a record
/// gets the same augmentation whichever rank reads it, in whatever order, and after a resume. Steps are
/// immutable once built, so one chain serves any number of records.
///
/// The public functions are fixed; a concrete step writes transformImage, clone() and describe() (and
/// isRandom() if it draws from the generator).
class ImageTransform {
 public:
  virtual ~ImageTransform() = default;

  /// Transforms image in place (its size and layout may change); random steps draw from random.
  void apply(Image& image, Random& random) const;
  /// apply() on a copy, with a generator seeded by `seed`; the argument is untouched.
  Image applied(const Image& image, uint64_t seed = 1) const;

  /// This step followed by next (copies of both), as BigDL's `this -> next`.
  ChainedImageTransform then(const ImageTransform& next) const;

  /// Whether the step draws from the generator (so two epochs may transform a record differently).
  virtual bool isRandom() const { return false; }
  /// A copy of this step.
  virtual std::unique_ptr<ImageTransform> clone() const = 0;
  /// The step validation uses in its place: a copy for deterministic steps (the default); for random steps
  /// their deterministic counterpart (RandomCrop: CenterCrop) or nullptr when validation leaves them out
  /// (HorizontalFlip, ColorJitter).
  virtual std::unique_ptr<ImageTransform> validationStep() const;
  /// One line for logs, e.g. "RandomCrop(32x32, padding 4)".
  virtual std::string describe() const = 0;

 protected:
  /// The step itself; image has positive sizes.
  virtual void transformImage(Image& image, Random& random) const = 0;
};

/// Steps applied in order. Chaining a chain appends its steps (the result is flat, never nested).
class ChainedImageTransform : public ImageTransform {
 public:
  /// An empty chain (the identity).
  ChainedImageTransform() = default;
  /// Appends a copy of step (or of each of its steps if it is a chain); returns *this for chaining.
  ChainedImageTransform& add(const ImageTransform& step);
  size_t size() const { return steps_.size(); }
  /// Step i (0-based).
  const ImageTransform& step(size_t i) const;

  bool isRandom() const override;
  std::unique_ptr<ImageTransform> clone() const override;
  /// The chain of its steps' validation steps (those that have one).
  std::unique_ptr<ImageTransform> validationStep() const override;
  /// The steps' descriptions joined by " >> "; "Identity" for an empty chain.
  std::string describe() const override;

 protected:
  void transformImage(Image& image, Random& random) const override;

 private:
  std::vector<std::shared_ptr<const ImageTransform>> steps_;
};

/// a then b, as BigDL's `a -> b`: `Resize::shorterSide(36) >> RandomCrop(32, 32) >> HorizontalFlip(0.5)`.
ChainedImageTransform operator>>(const ImageTransform& a, const ImageTransform& b);

}  // namespace ringdl
