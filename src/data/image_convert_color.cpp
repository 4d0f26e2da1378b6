// ConvertColor: convertImage as an image step.
#include "ringdl/data/image_convert_color.h"

namespace ringdl {

ConvertColor::ConvertColor(ImageChannels to) : to_(to) {}

std::unique_ptr<ImageTransform> ConvertColor::clone() const { return std::make_unique<ConvertColor>(*this); }

std::string ConvertColor::describe() const {
  return std::string("ConvertColor(") + imageChannelsName(to_) + ")";
}

void ConvertColor::transformImage(Image& image, Random&) const {
  if (image.channels != to_) image = convertImage(std::move(image), to_);
}

}  // namespace ringdl
