// HorizontalFlip: each row's pixels reversed in place, with probability p drawn from the record's generator.
#include "ringdl/data/image_horizontal_flip.h"

#include <algorithm>
#include <sstream>

#include "ringdl/util/error.h"

namespace ringdl {

HorizontalFlip::HorizontalFlip(double p) : p_(p) {
  RINGDL_CHECK(p >= 0 && p <= 1, "HorizontalFlip: the probability must be in [0, 1], got ", p);
}

std::unique_ptr<ImageTransform> HorizontalFlip::clone() const {
  return std::make_unique<HorizontalFlip>(*this);
}

std::unique_ptr<ImageTransform> HorizontalFlip::validationStep() const { return nullptr; }

std::string HorizontalFlip::describe() const {
  std::ostringstream os;
  os << "HorizontalFlip(p=" << p_ << ")";
  return os.str();
}

void HorizontalFlip::transformImage(Image& image, Random& random) const {
  if (p_ <= 0) return;
  if (p_ < 1 && !(random.uniform() < p_)) return;
  const int64_t d = image.depth(), w = image.width;
  for (int64_t y = 0; y < image.height; ++y) {
    uint8_t* row = image.pixels.data() + y * w * d;
    for (int64_t a = 0, b = w - 1; a < b; ++a, --b)
      std::swap_ranges(row + a * d, row + (a + 1) * d, row + b * d);
  }
}

}  // namespace ringdl
