// RandomResizedCrop: torchvision's window search (ten tries of area and aspect ratio, then a centred
// fallback) on the record's generator, then cv::resize.
#include "ringdl/data/image_random_resized_crop.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "ringdl/data/image_center_crop.h"
#include "ringdl/util/error.h"

namespace ringdl {

RandomResizedCrop::RandomResizedCrop(int64_t height, int64_t width, double minScale, double maxScale,
                                     double minRatio, double maxRatio, ImageInterpolation interpolation)
    : height_(height),
      width_(width),
      minScale_(minScale),
      maxScale_(maxScale),
      minRatio_(minRatio),
      maxRatio_(maxRatio),
      interpolation_(interpolation) {
  RINGDL_CHECK(height > 0 && width > 0, "RandomResizedCrop: the size must be positive, got ", height, "x",
               width);
  RINGDL_CHECK(minScale > 0 && minScale <= maxScale && maxScale <= 1, "RandomResizedCrop: the scale range [",
               minScale, ", ", maxScale,
               "] must satisfy 0 < min <= max <= 1 (fractions of the image's area)");
  RINGDL_CHECK(minRatio > 0 && minRatio <= maxRatio && std::isfinite(maxRatio),
               "RandomResizedCrop: the aspect ratio range [", minRatio, ", ", maxRatio,
               "] must satisfy 0 < min <= max (width / height)");
}

void RandomResizedCrop::window(int64_t height, int64_t width, Random& random, int64_t& top, int64_t& left,
                               int64_t& cropHeight, int64_t& cropWidth) const {
  const double area = static_cast<double>(height) * static_cast<double>(width);
  const double logMin = std::log(minRatio_), logMax = std::log(maxRatio_);
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target = area * random.uniform(minScale_, maxScale_);
    const double ratio = std::exp(random.uniform(logMin, logMax));
    // nearbyint rounds halves to even, as Python's round() in torchvision does.
    const auto w = static_cast<int64_t>(std::nearbyint(std::sqrt(target * ratio)));
    const auto h = static_cast<int64_t>(std::nearbyint(std::sqrt(target / ratio)));
    if (w > 0 && h > 0 && w <= width && h <= height) {
      top = static_cast<int64_t>(random.below(static_cast<uint64_t>(height - h + 1)));
      left = static_cast<int64_t>(random.below(static_cast<uint64_t>(width - w + 1)));
      cropHeight = h;
      cropWidth = w;
      return;
    }
  }
  const double inRatio = static_cast<double>(width) / static_cast<double>(height);
  cropHeight = height;
  cropWidth = width;
  if (inRatio < minRatio_) {
    cropHeight = std::clamp<int64_t>(
        static_cast<int64_t>(std::nearbyint(static_cast<double>(width) / minRatio_)), 1, height);
  } else if (inRatio > maxRatio_) {
    cropWidth = std::clamp<int64_t>(
        static_cast<int64_t>(std::nearbyint(static_cast<double>(height) * maxRatio_)), 1, width);
  }
  top = (height - cropHeight) / 2;
  left = (width - cropWidth) / 2;
}

std::unique_ptr<ImageTransform> RandomResizedCrop::clone() const {
  return std::make_unique<RandomResizedCrop>(*this);
}

std::unique_ptr<ImageTransform> RandomResizedCrop::validationStep() const {
  const auto shorter =
      static_cast<int64_t>(std::lround(static_cast<double>(std::max(height_, width_)) / 0.875));
  auto chain = std::make_unique<ChainedImageTransform>();
  chain->add(Resize::shorterSide(shorter, interpolation_)).add(CenterCrop(height_, width_));
  return chain;
}

std::string RandomResizedCrop::describe() const {
  std::ostringstream os;
  os << "RandomResizedCrop(" << height_ << "x" << width_ << ", scale [" << minScale_ << ", " << maxScale_
     << "], ratio [" << minRatio_ << ", " << maxRatio_ << "], " << imageInterpolationName(interpolation_)
     << ")";
  return os.str();
}

void RandomResizedCrop::transformImage(Image& image, Random& random) const {
  int64_t top = 0, left = 0, h = 0, w = 0;
  window(image.height, image.width, random, top, left, h, w);
  cropImage(image, top, left, h, w);
  resizeImage(image, height_, width_, interpolation_);
}

}  // namespace ringdl
