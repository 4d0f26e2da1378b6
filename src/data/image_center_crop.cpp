// CenterCrop, and the row-copying crop it shares with RandomCrop and RandomResizedCrop.
#include "ringdl/data/image_center_crop.h"

#include <cstring>

#include "ringdl/util/error.h"

namespace ringdl {

void cropImage(Image& image, int64_t top, int64_t left, int64_t height, int64_t width) {
  RINGDL_CHECK(top >= 0 && left >= 0 && height > 0 && width > 0 && top + height <= image.height &&
                   left + width <= image.width,
               "crop: rows [", top, ", ", top + height, ") and columns [", left, ", ", left + width,
               ") are not inside the ", image.describe(), " image");
  if (height == image.height && width == image.width) return;
  const size_t d = static_cast<size_t>(image.depth());
  const size_t row = static_cast<size_t>(width) * d;
  std::vector<uint8_t> out(row * static_cast<size_t>(height));
  for (int64_t y = 0; y < height; ++y)
    std::memcpy(out.data() + row * static_cast<size_t>(y),
                image.pixels.data() + (static_cast<size_t>((top + y) * image.width + left)) * d, row);
  image.pixels.swap(out);
  image.height = height;
  image.width = width;
}

CenterCrop::CenterCrop(int64_t height, int64_t width) : height_(height), width_(width) {
  RINGDL_CHECK(height > 0 && width > 0, "CenterCrop: the size must be positive, got ", height, "x", width);
}

std::unique_ptr<ImageTransform> CenterCrop::clone() const { return std::make_unique<CenterCrop>(*this); }

std::string CenterCrop::describe() const {
  return "CenterCrop(" + std::to_string(height_) + "x" + std::to_string(width_) + ")";
}

void CenterCrop::transformImage(Image& image, Random&) const {
  RINGDL_CHECK(image.height >= height_ && image.width >= width_, describe(), ": the image is ",
               image.describe(), ", smaller than the crop; put a resize before the crop (e.g. resize ",
               std::max(height_, width_), ")");
  cropImage(image, (image.height - height_) / 2, (image.width - width_) / 2, height_, width_);
}

}  // namespace ringdl
