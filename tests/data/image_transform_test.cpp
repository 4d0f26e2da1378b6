// Image steps on small images against hand-computed results: resize (OpenCV's documented sampling), crops,
// padding, flips, colour jitter (exact adjustments, determinism and range), colour conversion, chaining.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <set>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/data/image_center_crop.h"
#include "ringdl/data/image_color_jitter.h"
#include "ringdl/data/image_convert_color.h"
#include "ringdl/data/image_horizontal_flip.h"
#include "ringdl/data/image_random_crop.h"
#include "ringdl/data/image_random_resized_crop.h"
#include "ringdl/data/image_resize.h"

namespace ringdl {
namespace {

using test::expectError;

// A grey image whose pixel (y, x) is y * width + x + base.
Image indexImage(int64_t h, int64_t w, int base = 0) {
  Image img = Image::filled(h, w, ImageChannels::kGrey);
  for (int64_t i = 0; i < h * w; ++i) img.pixels[static_cast<size_t>(i)] = static_cast<uint8_t>(i + base);
  return img;
}

// An RGB image whose pixel (y, x) is (y * width + x) * 3 + (0, 1, 2).
Image indexRgb(int64_t h, int64_t w) {
  Image img = Image::filled(h, w, ImageChannels::kRgb);
  for (size_t i = 0; i < img.pixels.size(); ++i) img.pixels[i] = static_cast<uint8_t>(i);
  return img;
}

uint8_t at(const Image& img, int64_t y, int64_t x, int64_t c = 0) {
  return img.pixels[static_cast<size_t>((y * img.width + x) * img.depth() + c)];
}

TEST(ImageTransformTest, ResizeOutputSizes) {
  int64_t h = 0, w = 0;
  Resize::shorterSide(36).outputSize(375, 500, h, w);  // landscape: height is the shorter side
  EXPECT_EQ(h, 36);
  EXPECT_EQ(w, 48);
  Resize::shorterSide(256).outputSize(500, 333, h, w);  // portrait: 256 * 500 / 333 = 384.38 -> 384
  EXPECT_EQ(h, 384);
  EXPECT_EQ(w, 256);
  Resize::shorterSide(32).outputSize(32, 77, h, w);  // already 32: unchanged
  EXPECT_EQ(h, 32);
  EXPECT_EQ(w, 77);
  Resize::exact(10, 20).outputSize(375, 500, h, w);
  EXPECT_EQ(h, 10);
  EXPECT_EQ(w, 20);
  const Image same = Resize::shorterSide(4).applied(indexImage(4, 9));
  EXPECT_EQ(same.pixels, indexImage(4, 9).pixels);
  EXPECT_EQ(Resize::shorterSide(36).describe(), "Resize(shorter side 36, bilinear)");
  EXPECT_EQ(Resize::exact(32, 48, ImageInterpolation::kArea).describe(), "Resize(32x48, area)");
}

TEST(ImageTransformTest, ResizeNearestTakesThePixelWhoseCentreIsNearest) {
  // Output x samples source floor((x + 0.5) * in / out) (PIL's nearest); where that point falls exactly
  // between two centres, OpenCV's fixed point may take the lower one. 2 -> 4 repeats each pixel twice.
  const Image up = Resize::exact(4, 4, ImageInterpolation::kNearest).applied(indexImage(2, 2));
  const std::vector<uint8_t> upExpected = {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3};
  EXPECT_EQ(up.pixels, upExpected);
  for (int in = 1; in <= 40; ++in)
    for (int out = 1; out <= 40; ++out) {
      const Image row = Resize::exact(1, out, ImageInterpolation::kNearest).applied(indexImage(1, in));
      for (int x = 0; x < out; ++x) {
        const int64_t pil = std::min<int64_t>((2 * x + 1) * in / (2 * out), in - 1);
        const bool tie = (2 * x + 1) * in % (2 * out) == 0;
        const int got = at(row, 0, x);
        EXPECT_TRUE(got == pil || (tie && got == pil - 1))
            << in << " -> " << out << " at " << x << ": " << got;
      }
    }
}

TEST(ImageTransformTest, ResizeBilinearFollowsOpenCvsHalfPixelMapping) {
  // OpenCV's INTER_LINEAR maps output x to source (x + 0.5) * in / out - 0.5, clamped at the borders:
  // a 1 x 2 row (0, 100) to 1 x 4 samples at -0.25 (-> 0), 0.25, 0.75, 1.25 (-> 1): 0, 25, 75, 100.
  Image row = Image::filled(1, 2, ImageChannels::kGrey);
  row.pixels = {0, 100};
  EXPECT_EQ(Resize::exact(1, 4).applied(row).pixels, (std::vector<uint8_t>{0, 25, 75, 100}));
  // In 2-D the same weights multiply: a 2 x 2 (0, 40; 80, 120) to 4 x 4.
  Image sq = Image::filled(2, 2, ImageChannels::kGrey);
  sq.pixels = {0, 40, 80, 120};
  const Image big = Resize::exact(4, 4).applied(sq);
  const double wts[4][2] = {{1, 0}, {0.75, 0.25}, {0.25, 0.75}, {0, 1}};
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) {
      double v = 0;
      for (int a = 0; a < 2; ++a)
        for (int b = 0; b < 2; ++b) v += wts[y][a] * wts[x][b] * sq.pixels[static_cast<size_t>(a * 2 + b)];
      EXPECT_EQ(at(big, y, x), static_cast<uint8_t>(std::lround(v))) << y << "," << x;
    }
  // Any size: within one grey level of the formula computed in double (OpenCV's fixed point rounds).
  const Image src = indexImage(7, 9, 3);
  const Image out = Resize::exact(5, 13).applied(src);
  auto coord = [](int o, int in, int outSize, int& i0, double& f) {
    double s = (o + 0.5) * in / outSize - 0.5;
    if (s < 0) s = 0;
    i0 = std::min(static_cast<int>(std::floor(s)), in - 1);
    f = s - i0;
    if (i0 >= in - 1) {
      i0 = in - 1;
      f = 0;
    }
  };
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 13; ++x) {
      int y0, x0;
      double fy, fx;
      coord(y, 7, 5, y0, fy);
      coord(x, 9, 13, x0, fx);
      const int y1 = std::min(y0 + 1, 6), x1 = std::min(x0 + 1, 8);
      const double v = (1 - fy) * ((1 - fx) * at(src, y0, x0) + fx * at(src, y0, x1)) +
                       fy * ((1 - fx) * at(src, y1, x0) + fx * at(src, y1, x1));
      EXPECT_NEAR(at(out, y, x), v, 1.0) << y << "," << x;
    }
}

TEST(ImageTransformTest, ResizeAreaAveragesTheCoveredPixels) {
  // 4 x 4 to 2 x 2: each output pixel is the mean of a 2 x 2 block.
  Image src = Image::filled(4, 4, ImageChannels::kGrey);
  src.pixels = {0, 4, 10, 20, 8, 12, 30, 40, 100, 100, 1, 3, 100, 104, 5, 7};
  EXPECT_EQ(Resize::exact(2, 2, ImageInterpolation::kArea).applied(src).pixels,
            (std::vector<uint8_t>{6, 25, 101, 4}));
  // Colour channels stay apart, and every mode agrees with cv::resize itself.
  const Image rgb = indexRgb(6, 10);
  for (auto [mode, cvMode] :
       std::vector<std::pair<ImageInterpolation, int>>{{ImageInterpolation::kBicubic, cv::INTER_CUBIC},
                                                       {ImageInterpolation::kLanczos, cv::INTER_LANCZOS4},
                                                       {ImageInterpolation::kArea, cv::INTER_AREA}}) {
    const Image out = Resize::exact(3, 5, mode).applied(rgb);
    cv::Mat ref;
    cv::resize(cv::Mat(6, 10, CV_8UC3, const_cast<uint8_t*>(rgb.pixels.data())), ref, cv::Size(5, 3), 0, 0,
               cvMode);
    ASSERT_EQ(out.pixels.size(), 45u);
    EXPECT_EQ(0, std::memcmp(out.pixels.data(), ref.data, 45)) << imageInterpolationName(mode);
  }
}

TEST(ImageTransformTest, CenterCropKeepsTheMiddle) {
  const Image img =
      indexImage(5, 6);  // margins: rows (5-3)/2 = 1, columns (6-3)/2 = 1 (odd: extra cut right)
  const Image c = CenterCrop(3).applied(img);
  EXPECT_EQ(c.height, 3);
  EXPECT_EQ(c.width, 3);
  EXPECT_EQ(c.pixels, (std::vector<uint8_t>{7, 8, 9, 13, 14, 15, 19, 20, 21}));
  const Image r = CenterCrop(2, 4).applied(indexRgb(4, 4));
  EXPECT_EQ(r.width, 4);
  EXPECT_EQ(at(r, 0, 0, 0), 4 * 3);  // row 1, column 0
  EXPECT_EQ(at(r, 1, 3, 2), (2 * 4 + 3) * 3 + 2);
  EXPECT_EQ(CenterCrop(5, 6).applied(img).pixels, img.pixels);
  expectError([&] { CenterCrop(8).applied(img); },
              {"CenterCrop(8x8)", "5x6 grey", "smaller than the crop", "resize"});
}

TEST(ImageTransformTest, RandomCropIsAWindowDrawnFromTheRecordsGenerator) {
  const Image img = indexImage(6, 7);
  std::set<std::pair<int, int>> corners;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    const Image c = RandomCrop(4, 5).applied(img, seed);
    ASSERT_EQ(c.height, 4);
    ASSERT_EQ(c.width, 5);
    const int top = at(c, 0, 0) / 7, left = at(c, 0, 0) % 7;
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 5; ++x) ASSERT_EQ(at(c, y, x), (top + y) * 7 + left + x);
    corners.insert({top, left});
    // The same generator state gives the same window.
    EXPECT_EQ(RandomCrop(4, 5).applied(img, seed).pixels, c.pixels);
    // The draws: top from [0, 2], then left from [0, 2].
    Random r(seed);
    EXPECT_EQ(top, static_cast<int>(r.below(3)));
    EXPECT_EQ(left, static_cast<int>(r.below(3)));
  }
  EXPECT_EQ(corners.size(), 9u);  // every window occurs
  expectError([&] { RandomCrop(7, 7).applied(img); },
              {"RandomCrop(7x7)", "6x7 grey", "smaller than the crop"});
}

TEST(ImageTransformTest, RandomCropPadding) {
  const Image img = indexImage(3, 3, 1);  // 1..9
  // Padding 2 then a 7 x 7 crop takes the whole padded image.
  const Image zero = RandomCrop(7, 7, 2).applied(img);
  for (int y = 0; y < 7; ++y)
    for (int x = 0; x < 7; ++x) {
      const bool inside = y >= 2 && y < 5 && x >= 2 && x < 5;
      EXPECT_EQ(at(zero, y, x), inside ? (y - 2) * 3 + (x - 2) + 1 : 0);
    }
  // reflect: the image mirrored without repeating the edge (row -1 is row 1); edge repeats it.
  const Image refl = RandomCrop(5, 5, 1, ImagePadding::kReflect).applied(img);
  EXPECT_EQ(refl.pixels, (std::vector<uint8_t>{5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5,
                                               6, 5, 8, 7, 8, 9, 8, 5, 4, 5, 6, 5}));
  const Image edge = RandomCrop(5, 5, 1, ImagePadding::kEdge).applied(img);
  EXPECT_EQ(edge.pixels, (std::vector<uint8_t>{1, 1, 2, 3, 3, 1, 1, 2, 3, 3, 4, 4, 5,
                                               6, 6, 7, 7, 8, 9, 9, 7, 7, 8, 9, 9}));
  // torchvision's CIFAR augmentation: pad 4, crop 32: windows cover shifts of -4..4.
  const Image cifar = Image::filled(32, 32, ImageChannels::kRgb, 200);
  std::set<int> zeroRows;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    const Image c = RandomCrop(32, 32, 4).applied(cifar, seed);
    int rows = 0;
    while (rows < 32 && at(c, rows, 16) == 0) ++rows;
    zeroRows.insert(rows);
  }
  EXPECT_EQ(*zeroRows.rbegin(), 4);
  EXPECT_EQ(*zeroRows.begin(), 0);
  EXPECT_EQ(RandomCrop(32, 32, 4).describe(), "RandomCrop(32x32, padding 4 constant)");
  EXPECT_EQ(RandomCrop(32, 32, 4).validationStep()->describe(), "CenterCrop(32x32)");
}

TEST(ImageTransformTest, HorizontalFlip) {
  const Image rgb = indexRgb(2, 3);
  const Image f = HorizontalFlip(1).applied(rgb);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 3; ++x)
      for (int c = 0; c < 3; ++c) EXPECT_EQ(at(f, y, x, c), at(rgb, y, 2 - x, c));
  EXPECT_EQ(HorizontalFlip(0).applied(rgb).pixels, rgb.pixels);
  EXPECT_FALSE(HorizontalFlip(1).isRandom());
  EXPECT_TRUE(HorizontalFlip(0.5).isRandom());
  EXPECT_EQ(HorizontalFlip(0.5).validationStep(), nullptr);
  int flipped = 0;
  for (uint64_t seed = 1; seed <= 2000; ++seed) {
    const Image g = HorizontalFlip(0.3).applied(rgb, seed);
    EXPECT_EQ(g.pixels, HorizontalFlip(0.3).applied(rgb, seed).pixels);
    Random r(seed);
    const bool expect = r.uniform() < 0.3;
    EXPECT_EQ(g.pixels == f.pixels, expect);
    flipped += expect;
  }
  EXPECT_NEAR(flipped / 2000.0, 0.3, 0.04);
  expectError([] { HorizontalFlip(1.5); }, {"probability", "[0, 1]", "1.5"});
}

TEST(ImageTransformTest, ColorJitterAdjustmentsByHand) {
  Image rgb = Image::filled(1, 2, ImageChannels::kRgb);
  rgb.pixels = {100, 150, 200, 10, 20, 250};
  Image b = rgb;
  ColorJitter::adjustBrightness(b, 1.5);  // 150, 225, 300 -> 255; 15, 30, 375 -> 255
  EXPECT_EQ(b.pixels, (std::vector<uint8_t>{150, 225, 255, 15, 30, 255}));
  // Contrast: grey levels 0.299*100 + 0.587*150 + 0.114*200 = 140.75 and 2.99 + 11.74 + 28.5 = 43.23; mean
  // m = 91.99; p' = m + 0.5 (p - m).
  Image c = rgb;
  ColorJitter::adjustContrast(c, 0.5);
  const double m = (140.75 + 43.23) / 2;
  std::vector<uint8_t> expected;
  for (uint8_t p : rgb.pixels) expected.push_back(static_cast<uint8_t>(std::lround(m + 0.5 * (p - m))));
  EXPECT_EQ(c.pixels, expected);
  // Saturation 0: every pixel becomes its grey level; 2: twice as far from it (clamped).
  Image s0 = rgb;
  ColorJitter::adjustSaturation(s0, 0);
  EXPECT_EQ(s0.pixels, (std::vector<uint8_t>{141, 141, 141, 43, 43, 43}));
  Image s2 = rgb;
  ColorJitter::adjustSaturation(
      s2, 2);  // 2p - g: 59.25, 159.25, 259.25 -> 255; -23.2 -> 0, -3.2 -> 0, 456.8 -> 255
  EXPECT_EQ(s2.pixels, (std::vector<uint8_t>{59, 159, 255, 0, 0, 255}));
  // BGR order gives the same result on the same colours.
  Image bgr = convertImage(rgb, ImageChannels::kBgr);
  ColorJitter::adjustSaturation(bgr, 0);
  EXPECT_EQ(convertImage(bgr, ImageChannels::kRgb).pixels, s0.pixels);
  // Grey images: saturation leaves them, contrast uses their mean.
  Image g = Image::filled(1, 2, ImageChannels::kGrey);
  g.pixels = {10, 30};
  ColorJitter::adjustSaturation(g, 0);
  EXPECT_EQ(g.pixels, (std::vector<uint8_t>{10, 30}));
  ColorJitter::adjustContrast(g, 0);
  EXPECT_EQ(g.pixels, (std::vector<uint8_t>{20, 20}));
}

TEST(ImageTransformTest, ColorJitterIsDeterministicPerSeedAndStaysInRange) {
  Image img = Image::filled(4, 4, ImageChannels::kRgb);
  for (size_t i = 0; i < img.pixels.size(); ++i) img.pixels[i] = static_cast<uint8_t>(i * 5 + 7);
  const ColorJitter jitter(0.4, 0.4, 0.4);
  std::set<std::vector<uint8_t>> outcomes;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const Image a = jitter.applied(img, seed);
    EXPECT_EQ(a.pixels, jitter.applied(img, seed).pixels);
    outcomes.insert(a.pixels);
  }
  EXPECT_GT(outcomes.size(), 190u);
  // Brightness alone: every pixel scaled by one factor drawn from [0.6, 1.4], rounded.
  const ColorJitter bright(0.4);
  const Image flat = Image::filled(3, 3, ImageChannels::kRgb, 150);
  double lo = 10, hi = 0;
  for (uint64_t seed = 1; seed <= 500; ++seed) {
    const Image a = bright.applied(flat, seed);
    const double f = a.pixels[0] / 150.0;
    lo = std::min(lo, f);
    hi = std::max(hi, f);
    for (uint8_t p : a.pixels) EXPECT_EQ(p, a.pixels[0]);
  }
  EXPECT_GE(lo, 0.6 - 0.5 / 150);
  EXPECT_LT(lo, 0.65);
  EXPECT_LE(hi, 1.4 + 0.5 / 150);
  EXPECT_GT(hi, 1.35);
  // Any amounts: values stay bytes and the mean of a mid-grey image moves both ways.
  int darker = 0, brighter = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    const Image a = ColorJitter(0.9, 0.9, 0.9).applied(img, seed);
    double sum = 0, base = 0;
    for (size_t i = 0; i < a.pixels.size(); ++i) {
      sum += a.pixels[i];
      base += img.pixels[i];
    }
    darker += sum < base;
    brighter += sum > base;
  }
  EXPECT_GT(darker, 50);
  EXPECT_GT(brighter, 50);
  EXPECT_FALSE(ColorJitter(0, 0, 0).isRandom());
  EXPECT_EQ(ColorJitter(0, 0, 0).applied(img, 3).pixels, img.pixels);
  EXPECT_EQ(jitter.validationStep(), nullptr);
  expectError([] { ColorJitter(-0.1); }, {"ColorJitter", ">= 0", "-0.1"});
}

TEST(ImageTransformTest, RandomResizedCropWindows) {
  const RandomResizedCrop rrc(8, 8);
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    Random r(seed);
    int64_t top, left, h, w;
    rrc.window(60, 80, r, top, left, h, w);
    ASSERT_GE(top, 0);
    ASSERT_GE(left, 0);
    ASSERT_LE(top + h, 60);
    ASSERT_LE(left + w, 80);
    const double area = static_cast<double>(h * w) / (60 * 80), ratio = static_cast<double>(w) / h;
    // Within the ranges, up to the rounding of the sides to whole pixels.
    EXPECT_GE(area, 0.08 * 0.8);
    EXPECT_LE(ratio, 4.0 / 3 * 1.15);
    EXPECT_GE(ratio, 0.75 / 1.15);
    const Image out = rrc.applied(indexRgb(60, 80), seed);
    EXPECT_EQ(out.height, 8);
    EXPECT_EQ(out.width, 8);
  }
  // No window can have ratio 10 inside a 10 x 10 image with scale 1: the centred fallback clamps the ratio.
  const RandomResizedCrop wide(4, 4, 1, 1, 10, 10);
  Random r(1);
  int64_t top, left, h, w;
  wide.window(10, 10, r, top, left, h, w);
  EXPECT_EQ(h, 1);  // torchvision: width kept, height = round(10 / 10)
  EXPECT_EQ(w, 10);
  EXPECT_EQ(top, 4);
  EXPECT_EQ(left, 0);
  EXPECT_EQ(rrc.validationStep()->describe(), "Resize(shorter side 9, bilinear) >> CenterCrop(8x8)");
  EXPECT_EQ(RandomResizedCrop(224, 224).validationStep()->describe(),
            "Resize(shorter side 256, bilinear) >> CenterCrop(224x224)");
}

TEST(ImageTransformTest, ChainsAndConvertColor) {
  const ChainedImageTransform chain =
      Resize::shorterSide(6) >> RandomCrop(4, 4) >> HorizontalFlip(0.5) >> ConvertColor(ImageChannels::kBgr);
  EXPECT_EQ(chain.size(), 4u);
  EXPECT_TRUE(chain.isRandom());
  EXPECT_EQ(
      chain.describe(),
      "Resize(shorter side 6, bilinear) >> RandomCrop(4x4) >> HorizontalFlip(p=0.5) >> ConvertColor(bgr)");
  EXPECT_EQ(chain.validationStep()->describe(),
            "Resize(shorter side 6, bilinear) >> CenterCrop(4x4) >> ConvertColor(bgr)");
  const Image out = chain.applied(indexRgb(12, 18), 5);
  EXPECT_EQ(out.height, 4);
  EXPECT_EQ(out.width, 4);
  EXPECT_EQ(out.channels, ImageChannels::kBgr);
  // The steps run in order on one generator: the same as applying them one by one.
  Image manual = indexRgb(12, 18);
  Random r(5);
  Resize::shorterSide(6).apply(manual, r);
  RandomCrop(4, 4).apply(manual, r);
  HorizontalFlip(0.5).apply(manual, r);
  ConvertColor(ImageChannels::kBgr).apply(manual, r);
  EXPECT_EQ(out.pixels, manual.pixels);
  const Image grey = ConvertColor(ImageChannels::kGrey).applied(indexRgb(1, 1));  // 0, 1, 2 -> 0.587 + 0.228
  EXPECT_EQ(grey.pixels, (std::vector<uint8_t>{1}));
  Image broken = indexRgb(2, 2);
  broken.pixels.pop_back();
  expectError([&] { HorizontalFlip(1).applied(broken); }, {"HorizontalFlip", "11 bytes", "2x2 rgb"});
}

}  // namespace
}  // namespace ringdl
