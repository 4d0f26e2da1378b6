// ImagePipeline<T>: running the steps on one record, per-record seeds, and the transform spec parser.
#include "ringdl/data/image_pipeline.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "detail/epoch_seed.h"
#include "ringdl/data/image_center_crop.h"
#include "ringdl/data/image_color_jitter.h"
#include "ringdl/data/image_convert_color.h"
#include "ringdl/data/image_horizontal_flip.h"
#include "ringdl/data/image_random_crop.h"
#include "ringdl/data/image_random_resized_crop.h"
#include "ringdl/data/image_resize.h"
#include "ringdl/data/normalize.h"
#include "ringdl/data/scale.h"
#include "ringdl/util/error.h"

namespace ringdl {

uint64_t imageRecordSeed(uint64_t seed, int64_t epoch, uint64_t record) {
  // A distinct constant keeps these streams apart from the shard data set's order streams, which mix the
  // same seed and epoch.
  return detail::epochSeed(seed ^ 0x696d616765736565ull, epoch, record);
}

template <typename T>
ImagePipeline<T>::ImagePipeline(const ImageTransform& imageSteps, const ImageToTensor<T>& toTensor)
    : toTensor_(toTensor) {
  imageSteps_.add(imageSteps);
}

template <typename T>
ImagePipeline<T>& ImagePipeline<T>::add(const ImageTransform& step) {
  imageSteps_.add(step);
  return *this;
}

template <typename T>
ImagePipeline<T>& ImagePipeline<T>::add(const Transformer<T>& step) {
  tensorSteps_.add(step);
  return *this;
}

template <typename T>
ImagePipeline<T>& ImagePipeline<T>::setToTensor(const ImageToTensor<T>& toTensor) {
  toTensor_ = toTensor;
  return *this;
}

template <typename T>
ImagePipeline<T> ImagePipeline<T>::validation() const {
  ImagePipeline<T> v;
  v.imageSteps_.add(*imageSteps_.validationStep());
  v.toTensor_ = toTensor_;
  v.tensorSteps_ = tensorSteps_;
  return v;
}

template <typename T>
void ImagePipeline<T>::run(Image& image, uint64_t seed, std::vector<T>& features, Shape& shape) const {
  if (imageSteps_.size() > 0) {
    Random random(seed);
    imageSteps_.apply(image, random);
  }
  toTensor_.convert(image, features, shape);
  if (tensorSteps_.size() == 0) return;
  Shape batched = shape;
  batched.insert(batched.begin(), 1);
  Tensor<T> t(batched);
  std::memcpy(t.data(), features.data(), sizeof(T) * features.size());
  tensorSteps_.apply(t);
  const Tensor<T> c = t.isContiguous() ? t : t.contiguous();
  shape.assign(c.shape().begin() + 1, c.shape().end());
  features.assign(c.data(), c.data() + c.numel());
}

template <typename T>
Tensor<T> ImagePipeline<T>::operator()(const Image& image, uint64_t seed) const {
  Image copy = image;
  std::vector<T> features;
  Shape shape;
  run(copy, seed, features, shape);
  return Tensor<T>::fromVector(shape, features);
}

template <typename T>
std::string ImagePipeline<T>::describe() const {
  std::string s = imageSteps_.size() > 0 ? imageSteps_.describe() + " >> " : "";
  s += toTensor_.describe();
  if (tensorSteps_.size() > 0) s += " >> " + tensorSteps_.describe();
  return s;
}

template <typename T>
ImagePipeline<T> operator>>(const ImageTransform& steps, const ImageToTensor<T>& toTensor) {
  return ImagePipeline<T>(steps, toTensor);
}

template <typename T>
ImagePipeline<T> operator>>(const ImagePipeline<T>& pipeline, const Transformer<T>& step) {
  ImagePipeline<T> p = pipeline;
  p.add(step);
  return p;
}

// ---- the spec parser ----

namespace {

const char* const kKnownSteps =
    "resize SIZE [INTERPOLATION], center_crop SIZE, random_crop SIZE [PADDING [MODE]], random_resized_crop "
    "SIZE "
    "[SMIN,SMAX [RMIN,RMAX]], hflip [P], color_jitter B [C [S]], to_rgb, to_bgr, to_grey, to_tensor [raw], "
    "normalize MEANS STDS, scale F";

// One step of a spec: its words and how to name it in errors.
struct Step {
  std::vector<std::string> words;
  std::string place;  // "config field 'transforms' step 2 'random_crop 32 x'"

  const std::string& name() const { return words[0]; }
  size_t args() const { return words.size() - 1; }
  const std::string& arg(size_t i) const { return words[i + 1]; }
};

// "...: bad padding 'x' (expected a whole number >= 0); usage: ..." (`what` may end in "(why)").
[[noreturn]] void failArg(const Step& s, size_t i, const std::string& what, const std::string& usage) {
  const size_t paren = what.find(" (");
  const std::string name = what.substr(0, paren);
  const std::string why = paren == std::string::npos ? "" : what.substr(paren);
  RINGDL_FAIL(s.place, ": bad ", name, " '", s.arg(i), "'", why, "; usage: ", usage);
}

double number(const Step& s, size_t i, const std::string& what, const std::string& usage) {
  const std::string& text = s.arg(i);
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v))
    failArg(s, i, what + " (not a number)", usage);
  return v;
}

int64_t whole(const Step& s, size_t i, const std::string& what, const std::string& usage, int64_t min) {
  const std::string& text = s.arg(i);
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || v < min || v >= (1ll << 30))
    failArg(s, i, what + " (expected a whole number >= " + std::to_string(min) + ")", usage);
  return v;
}

std::vector<std::string> splitCommas(const std::string& text) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (true) {
    const size_t comma = text.find(',', pos);
    parts.push_back(text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (comma == std::string::npos) return parts;
    pos = comma + 1;
  }
}

// N or H,W; `square` is set when a single number was given.
void size(const Step& s, size_t i, const std::string& usage, int64_t& h, int64_t& w, bool& square) {
  const std::vector<std::string> parts = splitCommas(s.arg(i));
  if (parts.size() > 2) failArg(s, i, "size (expected N or H,W)", usage);
  int64_t v[2] = {0, 0};
  for (size_t k = 0; k < parts.size(); ++k) {
    char* end = nullptr;
    errno = 0;
    const long long x = std::strtoll(parts[k].c_str(), &end, 10);
    if (parts[k].empty() || end != parts[k].c_str() + parts[k].size() || errno == ERANGE || x < 1 ||
        x >= (1ll << 30))
      failArg(s, i, "size (expected N or H,W with whole numbers >= 1)", usage);
    v[k] = x;
  }
  square = parts.size() == 1;
  h = v[0];
  w = square ? v[0] : v[1];
}

// A,B with A <= B.
void range(const Step& s, size_t i, const std::string& what, const std::string& usage, double& lo,
           double& hi) {
  const std::vector<std::string> parts = splitCommas(s.arg(i));
  if (parts.size() != 2) failArg(s, i, what + " (expected MIN,MAX)", usage);
  Step one = s;
  double v[2];
  for (size_t k = 0; k < 2; ++k) {
    one.words = {s.name(), parts[k]};
    v[k] = number(one, 0, what, usage);
  }
  if (!(v[0] <= v[1])) failArg(s, i, what + " (MIN is above MAX)", usage);
  lo = v[0];
  hi = v[1];
}

std::vector<double> numbers(const Step& s, size_t i, const std::string& what, const std::string& usage) {
  std::vector<double> values;
  Step one = s;
  for (const std::string& part : splitCommas(s.arg(i))) {
    one.words = {s.name(), part};
    try {
      values.push_back(number(one, 0, what, usage));
    } catch (const Error&) {
      failArg(s, i, what + " (expected numbers separated by commas)", usage);
    }
  }
  return values;
}

void arity(const Step& s, size_t min, size_t max, const std::string& usage) {
  if (s.args() < min || s.args() > max)
    RINGDL_FAIL(s.place, ": ", s.name(), " takes ",
                min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max),
                " argument", max == 1 ? "" : "s", ", got ", s.args(), "; usage: ", usage);
}

// The error for a step that cannot be used where it stands, with the way out.
template <typename Fn>
auto withPlace(const Step& s, Fn fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Error& e) {
    RINGDL_FAIL(s.place, ": ", e.message());
  }
}

}  // namespace

template <typename T>
ImagePipeline<T> parseImagePipeline(const std::string& spec, const std::string& what) {
  std::vector<Step> steps;
  {
    std::string text = spec;
    for (char& c : text)
      if (c == '\n' || c == '\r') c = ';';
    size_t pos = 0;
    int index = 0;
    while (pos <= text.size()) {
      size_t semi = text.find(';', pos);
      if (semi == std::string::npos) semi = text.size();
      const std::string part = text.substr(pos, semi - pos);
      pos = semi + 1;
      std::istringstream is(part);
      Step s;
      for (std::string word; is >> word;) s.words.push_back(word);
      if (s.words.empty()) continue;
      ++index;
      std::string shown;
      for (const auto& w : s.words) shown += (shown.empty() ? "" : " ") + w;
      s.place = what + " step " + std::to_string(index) + " '" + shown + "'";
      steps.push_back(std::move(s));
    }
  }

  ImagePipeline<T> pipeline;
  bool converted = false;  // to_tensor seen
  auto imageStep = [&](const Step& s) {
    RINGDL_CHECK(!converted, s.place, ": ", s.name(),
                 " works on images, but it comes after to_tensor; move it before to_tensor");
  };
  auto tensorStep = [&](const Step& s) {
    RINGDL_CHECK(converted, s.place, ": ", s.name(),
                 " works on tensors; put to_tensor before it (image steps first, then to_tensor, then ",
                 s.name(), ")");
  };
  for (const Step& s : steps) {
    const std::string& n = s.name();
    if (n == "resize") {
      const std::string usage =
          "resize N (the shorter side) or resize H,W (exact), then optionally the "
          "interpolation (bilinear, nearest, bicubic, area, lanczos)";
      arity(s, 1, 2, usage);
      imageStep(s);
      int64_t h = 0, w = 0;
      bool square = false;
      size(s, 0, usage, h, w, square);
      ImageInterpolation interpolation = ImageInterpolation::kBilinear;
      if (s.args() == 2) {
        try {
          interpolation = parseImageInterpolation(s.arg(1));
        } catch (const Error&) {
          failArg(s, 1, "interpolation", usage);
        }
      }
      pipeline.add(square ? Resize::shorterSide(h, interpolation) : Resize::exact(h, w, interpolation));
    } else if (n == "center_crop") {
      const std::string usage = "center_crop N or center_crop H,W";
      arity(s, 1, 1, usage);
      imageStep(s);
      int64_t h = 0, w = 0;
      bool square = false;
      size(s, 0, usage, h, w, square);
      pipeline.add(CenterCrop(h, w));
    } else if (n == "random_crop") {
      const std::string usage = "random_crop N|H,W [PADDING [constant|reflect|edge]], e.g. random_crop 32 4";
      arity(s, 1, 3, usage);
      imageStep(s);
      int64_t h = 0, w = 0, padding = 0;
      bool square = false;
      size(s, 0, usage, h, w, square);
      if (s.args() >= 2) padding = whole(s, 1, "padding", usage, 0);
      ImagePadding mode = ImagePadding::kConstant;
      if (s.args() == 3) {
        try {
          mode = parseImagePadding(s.arg(2));
        } catch (const Error&) {
          failArg(s, 2, "padding mode", usage);
        }
      }
      pipeline.add(RandomCrop(h, w, padding, mode));
    } else if (n == "random_resized_crop") {
      const std::string usage =
          "random_resized_crop N|H,W [SMIN,SMAX [RMIN,RMAX]], e.g. random_resized_crop 224 0.08,1 0.75,1.333";
      arity(s, 1, 3, usage);
      imageStep(s);
      int64_t h = 0, w = 0;
      bool square = false;
      size(s, 0, usage, h, w, square);
      double smin = 0.08, smax = 1, rmin = 3.0 / 4, rmax = 4.0 / 3;
      if (s.args() >= 2) range(s, 1, "scale range", usage, smin, smax);
      if (s.args() == 3) range(s, 2, "aspect ratio range", usage, rmin, rmax);
      pipeline.add(withPlace(s, [&] { return RandomResizedCrop(h, w, smin, smax, rmin, rmax); }));
    } else if (n == "hflip") {
      const std::string usage = "hflip [P], P the probability in [0, 1] (0.5)";
      arity(s, 0, 1, usage);
      imageStep(s);
      double p = 0.5;
      if (s.args() == 1) {
        p = number(s, 0, "probability", usage);
        if (p < 0 || p > 1) failArg(s, 0, "probability (outside [0, 1])", usage);
      }
      pipeline.add(HorizontalFlip(p));
    } else if (n == "color_jitter") {
      const std::string usage =
          "color_jitter BRIGHTNESS [CONTRAST [SATURATION]], amounts >= 0, e.g. "
          "color_jitter 0.4 0.4 0.4";
      arity(s, 1, 3, usage);
      imageStep(s);
      double a[3] = {0, 0, 0};
      const char* names[3] = {"brightness", "contrast", "saturation"};
      for (size_t i = 0; i < s.args(); ++i) {
        a[i] = number(s, i, names[i], usage);
        if (a[i] < 0) failArg(s, i, std::string(names[i]) + " (negative)", usage);
      }
      pipeline.add(ColorJitter(a[0], a[1], a[2]));
    } else if (n == "to_rgb" || n == "to_bgr" || n == "to_grey" || n == "to_gray") {
      arity(s, 0, 0, n);
      imageStep(s);
      pipeline.add(ConvertColor(n == "to_rgb"   ? ImageChannels::kRgb
                                : n == "to_bgr" ? ImageChannels::kBgr
                                                : ImageChannels::kGrey));
    } else if (n == "to_tensor") {
      const std::string usage = "to_tensor (values byte / 255 in [0, 1]) or to_tensor raw (0..255)";
      arity(s, 0, 1, usage);
      RINGDL_CHECK(!converted, s.place, ": to_tensor appears twice");
      if (s.args() == 1 && s.arg(0) != "raw") failArg(s, 0, "option", usage);
      pipeline.setToTensor(ImageToTensor<T>(s.args() == 0));
      converted = true;
    } else if (n == "normalize") {
      const std::string usage =
          "normalize MEAN[,MEAN...] STD[,STD...], one value per channel or one for all, "
          "e.g. normalize 0.49,0.48,0.45 0.25,0.24,0.26";
      arity(s, 2, 2, usage);
      tensorStep(s);
      const std::vector<double> mean = numbers(s, 0, "means", usage);
      const std::vector<double> std = numbers(s, 1, "standard deviations", usage);
      for (size_t i = 0; i < std.size(); ++i)
        if (!(std[i] > 0)) failArg(s, 1, "standard deviations (each must be > 0)", usage);
      if (mean.size() != std.size() && mean.size() != 1 && std.size() != 1)
        RINGDL_FAIL(s.place, ": ", mean.size(), " means but ", std.size(),
                    " standard deviations; give as many of each (one per channel), or one; usage: ", usage);
      pipeline.add(withPlace(s, [&] { return Normalize<T>(mean, std); }));
    } else if (n == "scale") {
      const std::string usage = "scale F, every value multiplied by F";
      arity(s, 1, 1, usage);
      tensorStep(s);
      pipeline.add(Scale<T>(number(s, 0, "factor", usage)));
    } else {
      RINGDL_FAIL(s.place, ": unknown step '", n, "'; the known steps are ", kKnownSteps);
    }
  }
  return pipeline;
}

template class ImagePipeline<float>;
template class ImagePipeline<double>;
template ImagePipeline<float> operator>>(const ImageTransform&, const ImageToTensor<float>&);
template ImagePipeline<double> operator>>(const ImageTransform&, const ImageToTensor<double>&);
template ImagePipeline<float> operator>>(const ImagePipeline<float>&, const Transformer<float>&);
template ImagePipeline<double> operator>>(const ImagePipeline<double>&, const Transformer<double>&);
template ImagePipeline<float> parseImagePipeline(const std::string&, const std::string&);
template ImagePipeline<double> parseImagePipeline(const std::string&, const std::string&);

}  // namespace ringdl
