// RandomCrop: padding with cv::copyMakeBorder, then a window drawn from the record's generator.
#include "ringdl/data/image_random_crop.h"

#include <opencv2/core.hpp>

#include "detail/image_mat.h"
#include "ringdl/data/image_center_crop.h"
#include "ringdl/util/error.h"

namespace ringdl {

const char* imagePaddingName(ImagePadding padding) {
  switch (padding) {
    case ImagePadding::kConstant:
      return "constant";
    case ImagePadding::kReflect:
      return "reflect";
    case ImagePadding::kEdge:
      return "edge";
  }
  return "?";
}

ImagePadding parseImagePadding(const std::string& name) {
  if (name == "constant" || name == "zero" || name == "zeros") return ImagePadding::kConstant;
  if (name == "reflect") return ImagePadding::kReflect;
  if (name == "edge" || name == "replicate") return ImagePadding::kEdge;
  RINGDL_FAIL("unknown padding '", name, "'; expected constant, reflect or edge");
}

RandomCrop::RandomCrop(int64_t height, int64_t width, int64_t padding, ImagePadding mode)
    : height_(height), width_(width), padding_(padding), mode_(mode) {
  RINGDL_CHECK(height > 0 && width > 0, "RandomCrop: the size must be positive, got ", height, "x", width);
  RINGDL_CHECK(padding >= 0 && padding < (int64_t(1) << 20),
               "RandomCrop: the padding must be >= 0 pixels, got ", padding);
}

std::unique_ptr<ImageTransform> RandomCrop::clone() const { return std::make_unique<RandomCrop>(*this); }

std::unique_ptr<ImageTransform> RandomCrop::validationStep() const {
  return std::make_unique<CenterCrop>(height_, width_);
}

std::string RandomCrop::describe() const {
  std::string s = "RandomCrop(" + std::to_string(height_) + "x" + std::to_string(width_);
  if (padding_ > 0) s += ", padding " + std::to_string(padding_) + " " + imagePaddingName(mode_);
  return s + ")";
}

void RandomCrop::transformImage(Image& image, Random& random) const {
  if (padding_ > 0) {
    const int p = static_cast<int>(padding_);
    const int border = mode_ == ImagePadding::kConstant  ? cv::BORDER_CONSTANT
                       : mode_ == ImagePadding::kReflect ? cv::BORDER_REFLECT_101
                                                         : cv::BORDER_REPLICATE;
    RINGDL_CHECK(mode_ != ImagePadding::kReflect || (image.height > padding_ && image.width > padding_),
                 describe(), ": reflect padding of ", padding_,
                 " pixels needs an image larger than that, got ", image.describe());
    cv::Mat padded;
    cv::copyMakeBorder(detail::asMat(image), padded, p, p, p, p, border, cv::Scalar::all(0));
    detail::toImage(padded, image.channels, image);
  }
  RINGDL_CHECK(image.height >= height_ && image.width >= width_, describe(), ": the image is ",
               image.describe(), padding_ > 0 ? " after padding" : "",
               ", smaller than the crop; put a resize before the crop");
  const auto top = static_cast<int64_t>(random.below(static_cast<uint64_t>(image.height - height_ + 1)));
  const auto left = static_cast<int64_t>(random.below(static_cast<uint64_t>(image.width - width_ + 1)));
  cropImage(image, top, left, height_, width_);
}

}  // namespace ringdl
