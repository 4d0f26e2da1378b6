// Resize: output sizes as torchvision computes them, sampling by cv::resize.
#include "ringdl/data/image_resize.h"

#include <opencv2/imgproc.hpp>

#include "detail/image_mat.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {
int cvInterpolation(ImageInterpolation interpolation) {
  switch (interpolation) {
    case ImageInterpolation::kNearest:
      return cv::INTER_NEAREST_EXACT;
    case ImageInterpolation::kBilinear:
      return cv::INTER_LINEAR;
    case ImageInterpolation::kBicubic:
      return cv::INTER_CUBIC;
    case ImageInterpolation::kArea:
      return cv::INTER_AREA;
    case ImageInterpolation::kLanczos:
      return cv::INTER_LANCZOS4;
  }
  return cv::INTER_LINEAR;
}
}  // namespace

const char* imageInterpolationName(ImageInterpolation interpolation) {
  switch (interpolation) {
    case ImageInterpolation::kNearest:
      return "nearest";
    case ImageInterpolation::kBilinear:
      return "bilinear";
    case ImageInterpolation::kBicubic:
      return "bicubic";
    case ImageInterpolation::kArea:
      return "area";
    case ImageInterpolation::kLanczos:
      return "lanczos";
  }
  return "?";
}

ImageInterpolation parseImageInterpolation(const std::string& name) {
  if (name == "nearest") return ImageInterpolation::kNearest;
  if (name == "bilinear" || name == "linear") return ImageInterpolation::kBilinear;
  if (name == "bicubic" || name == "cubic") return ImageInterpolation::kBicubic;
  if (name == "area") return ImageInterpolation::kArea;
  if (name == "lanczos") return ImageInterpolation::kLanczos;
  RINGDL_FAIL("unknown interpolation '", name, "'; expected nearest, bilinear, bicubic, area or lanczos");
}

void resizeImage(Image& image, int64_t height, int64_t width, ImageInterpolation interpolation) {
  RINGDL_CHECK(height > 0 && width > 0 && height < (int64_t(1) << 30) && width < (int64_t(1) << 30),
               "resize: the target size ", height, "x", width, " is not a positive size");
  if (image.height == height && image.width == width) return;
  cv::Mat out;
  cv::resize(detail::asMat(image), out, cv::Size(static_cast<int>(width), static_cast<int>(height)), 0, 0,
             cvInterpolation(interpolation));
  detail::toImage(out, image.channels, image);
}

Resize::Resize(int64_t shorter, int64_t height, int64_t width, ImageInterpolation interpolation)
    : shorter_(shorter), height_(height), width_(width), interpolation_(interpolation) {}

Resize Resize::shorterSide(int64_t size, ImageInterpolation interpolation) {
  RINGDL_CHECK(size > 0, "Resize: the shorter side must be a positive number of pixels, got ", size);
  return Resize(size, 0, 0, interpolation);
}

Resize Resize::exact(int64_t height, int64_t width, ImageInterpolation interpolation) {
  RINGDL_CHECK(height > 0 && width > 0, "Resize: the size must be positive, got ", height, "x", width);
  return Resize(0, height, width, interpolation);
}

void Resize::outputSize(int64_t height, int64_t width, int64_t& outHeight, int64_t& outWidth) const {
  if (shorter_ == 0) {
    outHeight = height_;
    outWidth = width_;
  } else if (width <= height) {
    outWidth = shorter_;
    outHeight = width == shorter_ ? height : shorter_ * height / width;
  } else {
    outHeight = shorter_;
    outWidth = height == shorter_ ? width : shorter_ * width / height;
  }
}

std::unique_ptr<ImageTransform> Resize::clone() const { return std::make_unique<Resize>(*this); }

std::string Resize::describe() const {
  const std::string size = shorter_ > 0 ? "shorter side " + std::to_string(shorter_)
                                        : std::to_string(height_) + "x" + std::to_string(width_);
  return "Resize(" + size + ", " + imageInterpolationName(interpolation_) + ")";
}

void Resize::transformImage(Image& image, Random&) const {
  int64_t h = 0, w = 0;
  outputSize(image.height, image.width, h, w);
  RINGDL_CHECK(h > 0 && w > 0, describe(), ": the ", image.describe(), " image would become ", h, "x", w);
  resizeImage(image, h, w, interpolation_);
}

}  // namespace ringdl
