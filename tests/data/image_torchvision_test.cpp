// Cross-check against PIL and torchvision 0.14 (tests/fixtures/gen_images.py): decoding, grey conversion,
// resizing, crops, flips, padding, colour adjustments and ToTensor/Normalize on the same picture. Exact where
// the two compute the same thing; within a stated tolerance where the rounding differs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include "ringdl/data/image_center_crop.h"
#include "ringdl/data/image_color_jitter.h"
#include "ringdl/data/image_horizontal_flip.h"
#include "ringdl/data/image_pipeline.h"
#include "ringdl/data/image_random_crop.h"
#include "ringdl/data/image_resize.h"
#include "ringdl/data/normalize.h"
#include "support/fixture.h"

namespace ringdl {
namespace {

std::string readFixtureBytes(const std::string& name) {
  std::ifstream in(std::string(RINGDL_FIXTURE_DIR) + "/images/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const test::Fixture& fixture() {
  static const test::Fixture f("images/torchvision.txt");
  return f;
}

Image picture() { return decodeImage(readFixtureBytes("picture.png"), "file picture.png: "); }

// The largest difference between an image and a fixture array [H, W, C] (or [H, W]) of bytes; -1 when the
// sizes differ.
double maxDiff(const Image& img, const std::string& name) {
  const Tensor<double>& t = fixture().get(name);
  const int64_t c = t.dim() == 3 ? t.size(2) : 1;
  if (t.size(0) != img.height || t.size(1) != img.width || c != img.depth()) {
    ADD_FAILURE() << name << ": torchvision gives " << toString(t.shape()) << ", RingDL " << img.describe();
    return -1;
  }
  double worst = 0;
  for (size_t i = 0; i < img.pixels.size(); ++i)
    worst = std::max(worst, std::fabs(img.pixels[i] - t.data()[i]));
  return worst;
}

TEST(ImageTorchvisionTest, DecodingMatchesPil) {
  EXPECT_EQ(maxDiff(picture(), "rgb"), 0) << "PNG decodes exactly";
  // Both use libjpeg-turbo's default (islow DCT, fancy upsampling): the same pixels.
  const Image jpeg = decodeImage(readFixtureBytes("picture.jpg"), "file picture.jpg: ");
  EXPECT_LE(maxDiff(jpeg, "jpeg_rgb"), 1);
  // Grey: the same ITU-R 601 weights; OpenCV's 14-bit and PIL's 16-bit fixed point may round apart by one.
  const Image grey = convertImage(picture(), ImageChannels::kGrey);
  EXPECT_LE(maxDiff(grey, "grey"), 1);
  EXPECT_EQ(maxDiff(decodeImage(readFixtureBytes("picture.png"), "",
                                ImageDecodeOptions().withChannels(ImageChannels::kGrey)),
                    "grey"),
            maxDiff(grey, "grey"));
}

TEST(ImageTorchvisionTest, GeometryMatches) {
  // Enlarging: PIL's bilinear filter is plain bilinear interpolation then; OpenCV's fixed point rounds
  // within 1.
  EXPECT_LE(maxDiff(Resize::shorterSide(32).applied(picture()), "resize_up"), 1);
  // Shrinking: OpenCV's INTER_LINEAR is PyTorch's interpolate(bilinear, align_corners=False), without the
  // anti-aliasing PIL adds (use `area` for that).
  EXPECT_LE(maxDiff(Resize::exact(10, 14).applied(picture()), "resize_down_bilinear"), 1);
  // Nearest: the same pixel centres (no ties at these sizes).
  EXPECT_EQ(maxDiff(Resize::exact(10, 14, ImageInterpolation::kNearest).applied(picture()), "resize_nearest"),
            0);
  EXPECT_EQ(maxDiff(CenterCrop(15, 23).applied(picture()), "center_crop"), 0);
  EXPECT_EQ(maxDiff(HorizontalFlip(1).applied(picture()), "hflip"), 0);
  // RandomCrop's padding: a window the size of the padded image is the padded image.
  EXPECT_EQ(maxDiff(RandomCrop(27, 35, 4, ImagePadding::kReflect).applied(picture()), "pad_reflect"), 0);
  EXPECT_EQ(maxDiff(RandomCrop(27, 35, 4, ImagePadding::kEdge).applied(picture()), "pad_edge"), 0);
  EXPECT_EQ(maxDiff(RandomCrop(27, 35, 4).applied(picture()), "pad_constant"), 0);
}

TEST(ImageTorchvisionTest, ColourAdjustmentsAgreeUpToRounding) {
  // PIL blends in float and truncates; contrast blends with the mean grey level rounded to an integer.
  // RingDL rounds to nearest and keeps the mean exact, so values differ by at most 1 (brightness,
  // saturation) or 2 (contrast: the rounded mean, times 1 - factor, plus the rounding).
  Image b = picture();
  ColorJitter::adjustBrightness(b, 1.3);
  EXPECT_LE(maxDiff(b, "brightness_1_3"), 1);
  Image c = picture();
  ColorJitter::adjustContrast(c, 0.7);
  EXPECT_LE(maxDiff(c, "contrast_0_7"), 2);
  Image s = picture();
  ColorJitter::adjustSaturation(s, 1.4);
  EXPECT_LE(maxDiff(s, "saturation_1_4"), 2);
}

TEST(ImageTorchvisionTest, ToTensorAndNormalizeMatch) {
  const Tensor<double>& expected = fixture().get("to_tensor");
  const Tensor<float> t = ImageToTensor<float>()(picture());
  ASSERT_EQ(t.shape(), expected.shape());
  for (int64_t i = 0; i < t.numel(); ++i) ASSERT_EQ(t.data()[i], static_cast<float>(expected.data()[i])) << i;
  const Tensor<double>& normalized = fixture().get("normalized");
  const Tensor<float> n =
      parseImagePipeline<float>("to_tensor; normalize 0.49,0.48,0.45 0.25,0.24,0.26")(picture());
  ASSERT_EQ(n.shape(), normalized.shape());
  // torchvision divides by std; Normalize multiplies by 1/std: the float results may differ in the last bit.
  for (int64_t i = 0; i < n.numel(); ++i)
    ASSERT_NEAR(n.data()[i], normalized.data()[i], 4e-7 * std::max(1.0, std::fabs(normalized.data()[i])))
        << i;
}

}  // namespace
}  // namespace ringdl
