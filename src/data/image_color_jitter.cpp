// ColorJitter: brightness, contrast and saturation factors and their order drawn from the record's
// generator; arithmetic in double, rounded to the nearest integer and clamped.
#include "ringdl/data/image_color_jitter.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "ringdl/util/error.h"

namespace ringdl {

namespace {

uint8_t toByte(double v) { return static_cast<uint8_t>(std::clamp<long>(std::lround(v), 0, 255)); }

// The ITU-R 601 grey level of the pixel at p (R, G, B at p[r], p[1], p[b]).
double grey(const uint8_t* p, int r, int b) { return 0.299 * p[r] + 0.587 * p[1] + 0.114 * p[b]; }

}  // namespace

ColorJitter::ColorJitter(double brightness, double contrast, double saturation)
    : brightness_(brightness), contrast_(contrast), saturation_(saturation) {
  RINGDL_CHECK(brightness >= 0 && contrast >= 0 && saturation >= 0 && std::isfinite(brightness) &&
                   std::isfinite(contrast) && std::isfinite(saturation),
               "ColorJitter: the amounts must be finite and >= 0, got brightness ", brightness, ", contrast ",
               contrast, ", saturation ", saturation);
}

std::unique_ptr<ImageTransform> ColorJitter::clone() const { return std::make_unique<ColorJitter>(*this); }

std::unique_ptr<ImageTransform> ColorJitter::validationStep() const { return nullptr; }

std::string ColorJitter::describe() const {
  std::ostringstream os;
  os << "ColorJitter(brightness " << brightness_ << ", contrast " << contrast_ << ", saturation "
     << saturation_ << ")";
  return os.str();
}

void ColorJitter::adjustBrightness(Image& image, double factor) {
  for (uint8_t& p : image.pixels) p = toByte(factor * p);
}

void ColorJitter::adjustContrast(Image& image, double factor) {
  double mean = 0;
  const size_t n = static_cast<size_t>(image.height * image.width);
  if (image.channels == ImageChannels::kGrey) {
    for (uint8_t p : image.pixels) mean += p;
  } else {
    const int r = image.channels == ImageChannels::kRgb ? 0 : 2;
    for (size_t i = 0; i < n; ++i) mean += grey(image.pixels.data() + 3 * i, r, 2 - r);
  }
  mean /= static_cast<double>(n);
  for (uint8_t& p : image.pixels) p = toByte(mean + factor * (p - mean));
}

void ColorJitter::adjustSaturation(Image& image, double factor) {
  if (image.channels == ImageChannels::kGrey) return;
  const int r = image.channels == ImageChannels::kRgb ? 0 : 2;
  const size_t n = static_cast<size_t>(image.height * image.width);
  for (size_t i = 0; i < n; ++i) {
    uint8_t* p = image.pixels.data() + 3 * i;
    const double g = grey(p, r, 2 - r);
    for (int c = 0; c < 3; ++c) p[c] = toByte(g + factor * (p[c] - g));
  }
}

void ColorJitter::transformImage(Image& image, Random& random) const {
  if (!isRandom()) return;
  int order[3] = {0, 1, 2};
  for (int i = 2; i > 0; --i) std::swap(order[i], order[random.below(static_cast<uint64_t>(i + 1))]);
  const double amounts[3] = {brightness_, contrast_, saturation_};
  for (int k : order) {
    const double x = amounts[k];
    if (x <= 0) continue;
    const double factor = random.uniform(std::max(0.0, 1 - x), 1 + x);
    if (k == 0) adjustBrightness(image, factor);
    if (k == 1) adjustContrast(image, factor);
    if (k == 2) adjustSaturation(image, factor);
  }
}

}  // namespace ringdl
