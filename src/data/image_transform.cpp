// ImageTransform base functions and ChainedImageTransform.
#include "ringdl/data/image_transform.h"

#include "ringdl/util/error.h"

namespace ringdl {

void ImageTransform::apply(Image& image, Random& random) const {
  RINGDL_CHECK(image.height > 0 && image.width > 0, describe(), ": the image has no pixels (", image.height,
               "x", image.width, ")");
  RINGDL_CHECK(static_cast<int64_t>(image.pixels.size()) == image.height * image.width * image.depth(),
               describe(), ": the image's ", image.pixels.size(), " bytes do not make a ", image.describe(),
               " image");
  transformImage(image, random);
}

Image ImageTransform::applied(const Image& image, uint64_t seed) const {
  Image copy = image;
  Random random(seed);
  apply(copy, random);
  return copy;
}

std::unique_ptr<ImageTransform> ImageTransform::validationStep() const { return clone(); }

ChainedImageTransform ImageTransform::then(const ImageTransform& next) const {
  ChainedImageTransform chain;
  chain.add(*this).add(next);
  return chain;
}

ChainedImageTransform& ChainedImageTransform::add(const ImageTransform& step) {
  if (const auto* chain = dynamic_cast<const ChainedImageTransform*>(&step)) {
    // Steps are immutable, so sharing them with the other chain is as good as copying.
    steps_.insert(steps_.end(), chain->steps_.begin(), chain->steps_.end());
  } else {
    steps_.push_back(std::shared_ptr<const ImageTransform>(step.clone()));
  }
  return *this;
}

const ImageTransform& ChainedImageTransform::step(size_t i) const {
  RINGDL_CHECK(i < steps_.size(), "ChainedImageTransform::step(", i, ") is out of range for a chain of ",
               steps_.size(), " steps");
  return *steps_[i];
}

bool ChainedImageTransform::isRandom() const {
  for (const auto& s : steps_)
    if (s->isRandom()) return true;
  return false;
}

std::unique_ptr<ImageTransform> ChainedImageTransform::clone() const {
  return std::make_unique<ChainedImageTransform>(*this);
}

std::unique_ptr<ImageTransform> ChainedImageTransform::validationStep() const {
  auto chain = std::make_unique<ChainedImageTransform>();
  for (const auto& s : steps_)
    if (std::unique_ptr<ImageTransform> v = s->validationStep()) chain->add(*v);
  return chain;
}

std::string ChainedImageTransform::describe() const {
  if (steps_.empty()) return "Identity";
  std::string s;
  for (size_t i = 0; i < steps_.size(); ++i) s += (i ? " >> " : "") + steps_[i]->describe();
  return s;
}

void ChainedImageTransform::transformImage(Image& image, Random& random) const {
  for (const auto& step : steps_) step->apply(image, random);
}

ChainedImageTransform operator>>(const ImageTransform& a, const ImageTransform& b) { return a.then(b); }

}  // namespace ringdl
