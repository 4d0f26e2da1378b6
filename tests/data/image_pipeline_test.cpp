// ImagePipeline: the conversion to [C, H, W], normalisation, `>>` building, the transform spec parser and its
// errors, and augmentation that depends only on (seed, epoch, record) across simulated ranks.
#include "ringdl/data/image_pipeline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/data/image_center_crop.h"
#include "ringdl/data/image_color_jitter.h"
#include "ringdl/data/image_horizontal_flip.h"
#include "ringdl/data/image_random_crop.h"
#include "ringdl/data/image_resize.h"
#include "ringdl/data/normalize.h"

namespace ringdl {
namespace {

using test::expectError;

Image indexRgb(int64_t h, int64_t w, int base = 0) {
  Image img = Image::filled(h, w, ImageChannels::kRgb);
  for (size_t i = 0; i < img.pixels.size(); ++i) img.pixels[i] = static_cast<uint8_t>(i * 7 + base);
  return img;
}

TEST(ImagePipelineTest, ToTensorMakesChannelPlanes) {
  const Image img = indexRgb(2, 3);
  const Tensor<float> t = ImageToTensor<float>()(img);
  ASSERT_EQ(t.shape(), (Shape{3, 2, 3}));
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 3; ++x)
        EXPECT_EQ(t.data()[(c * 2 + y) * 3 + x],
                  static_cast<float>(img.pixels[(y * 3 + x) * 3 + c]) / 255.0f);
  const Tensor<double> raw = ImageToTensor<double>(false)(img);
  EXPECT_EQ(raw.data()[3 * 2 * 1 + 4], img.pixels[4 * 3 + 1]);  // plane 1, pixel 4
  Image grey = Image::filled(2, 2, ImageChannels::kGrey, 51);
  const Tensor<float> g = ImageToTensor<float>()(grey);
  EXPECT_EQ(g.shape(), (Shape{1, 2, 2}));
  EXPECT_EQ(g.data()[3], 0.2f);
  EXPECT_EQ(ImageToTensor<float>().describe(), "ToTensor(scaled to [0, 1])");
}

TEST(ImagePipelineTest, BuiltWithShiftOperatorsAndNormalizedExactly) {
  const ImagePipeline<float> p =
      CenterCrop(2, 2) >> ImageToTensor<float>() >> Normalize<float>({0.5, 0.25, 0.125}, {0.5, 0.25, 2.0});
  EXPECT_EQ(
      p.describe(),
      "CenterCrop(2x2) >> ToTensor(scaled to [0, 1]) >> Normalize(mean=[0.5, 0.25, 0.125], std=[0.5, 0.25, "
      "2])");
  EXPECT_FALSE(p.isRandom());
  const Image img = indexRgb(4, 4);
  const Tensor<float> t = p(img);
  ASSERT_EQ(t.shape(), (Shape{3, 2, 2}));
  const double mean[3] = {0.5, 0.25, 0.125}, std[3] = {0.5, 0.25, 2.0};
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 2; ++x) {
        const uint8_t byte = img.pixels[((y + 1) * 4 + x + 1) * 3 + c];
        const float expected = (static_cast<float>(byte) / 255.0f - static_cast<float>(mean[c])) *
                               static_cast<float>(1.0 / std[c]);
        EXPECT_EQ(t.data()[(c * 2 + y) * 2 + x], expected);
      }
  // run() on an image leaves its features and shape; the default pipeline only converts.
  std::vector<double> f;
  Shape shape;
  Image copy = img;
  ImagePipeline<double>().run(copy, 1, f, shape);
  EXPECT_EQ(shape, (Shape{3, 4, 4}));
  EXPECT_EQ(f[0], img.pixels[0] / 255.0);
}

TEST(ImagePipelineTest, ParsesTheSpec) {
  const ImagePipeline<float> p = parseImagePipeline<float>(
      "resize 36; random_crop 32; hflip 0.5; to_tensor; normalize 0.49,0.48,0.45 0.25,0.24,0.26");
  EXPECT_EQ(
      p.describe(),
      "Resize(shorter side 36, bilinear) >> RandomCrop(32x32) >> HorizontalFlip(p=0.5) >> ToTensor(scaled to "
      "[0, 1]) >> Normalize(mean=[0.49, 0.48, 0.45], std=[0.25, 0.24, 0.26])");
  EXPECT_TRUE(p.isRandom());
  EXPECT_EQ(p.validation().describe(),
            "Resize(shorter side 36, bilinear) >> CenterCrop(32x32) >> ToTensor(scaled to [0, 1]) >> "
            "Normalize(mean=[0.49, 0.48, 0.45], std=[0.25, 0.24, 0.26])");
  const Tensor<float> t = p(indexRgb(40, 50), 3);
  EXPECT_EQ(t.shape(), (Shape{3, 32, 32}));

  struct Case {
    const char* spec;
    const char* described;
  };
  const Case cases[] = {
      {"", "ToTensor(scaled to [0, 1])"},
      {"  ;\n ; ", "ToTensor(scaled to [0, 1])"},
      {"resize 32,48 area", "Resize(32x48, area) >> ToTensor(scaled to [0, 1])"},
      {"resize 20 nearest\ncenter_crop 16,12",
       "Resize(shorter side 20, nearest) >> CenterCrop(16x12) >> ToTensor(scaled to [0, 1])"},
      {"random_crop 32 4 reflect", "RandomCrop(32x32, padding 4 reflect) >> ToTensor(scaled to [0, 1])"},
      {"random_resized_crop 224",
       "RandomResizedCrop(224x224, scale [0.08, 1], ratio [0.75, 1.33333], bilinear) >> ToTensor(scaled to "
       "[0, 1])"},
      {"random_resized_crop 64 0.2,0.9 0.5,2",
       "RandomResizedCrop(64x64, scale [0.2, 0.9], ratio [0.5, 2], bilinear) >> ToTensor(scaled to [0, 1])"},
      {"hflip", "HorizontalFlip(p=0.5) >> ToTensor(scaled to [0, 1])"},
      {"color_jitter 0.4 0.3",
       "ColorJitter(brightness 0.4, contrast 0.3, saturation 0) >> ToTensor(scaled to [0, 1])"},
      {"to_bgr; to_grey; to_rgb",
       "ConvertColor(bgr) >> ConvertColor(grey) >> ConvertColor(rgb) >> ToTensor(scaled to [0, 1])"},
      {"to_tensor raw; scale 0.5", "ToTensor(raw) >> Scale(0.5)"},
      {"to_tensor; normalize 0.5 0.25", "ToTensor(scaled to [0, 1]) >> Normalize(mean=[0.5], std=[0.25])"},
  };
  for (const Case& c : cases) EXPECT_EQ(parseImagePipeline<double>(c.spec).describe(), c.described) << c.spec;
}

TEST(ImagePipelineTest, SpecErrorsNameTheStepAndTheArgument) {
  auto parse = [](const std::string& spec) { parseImagePipeline<float>(spec, "config field 'transforms'"); };
  expectError([&] { parse("resize 36; flip 0.5"); },
              {"config field 'transforms' step 2 'flip 0.5'", "unknown step 'flip'", "the known steps are",
               "resize SIZE", "hflip [P]", "to_tensor", "normalize MEANS STDS"});
  expectError([&] { parse("resize 36; random_crop 32 x"); },
              {"step 2 'random_crop 32 x'",
               "bad padding 'x' (expected a whole number >= 0); usage: random_crop", "random_crop N|H,W"});
  expectError([&] { parse("resize big"); }, {"step 1 'resize big'", "bad size", "'big'"});
  expectError([&] { parse("resize 0"); }, {"bad size", "'0'"});
  expectError([&] { parse("resize 32,48,3"); }, {"bad size '32,48,3' (expected N or H,W)"});
  expectError([&] { parse("resize 36 fancy"); }, {"bad interpolation 'fancy'", "bilinear, nearest"});
  expectError([&] { parse("center_crop"); }, {"step 1 'center_crop'", "takes 1 argument, got 0"});
  expectError([&] { parse("hflip 1.5"); }, {"bad probability '1.5' (outside [0, 1])"});
  expectError([&] { parse("hflip half"); }, {"bad probability 'half' (not a number)"});
  expectError([&] { parse("color_jitter 0.4 -1"); }, {"bad contrast '-1' (negative)"});
  expectError([&] { parse("random_crop 32 4 mirror"); },
              {"bad padding mode 'mirror'", "constant|reflect|edge"});
  expectError([&] { parse("random_resized_crop 224 0.9,0.1"); },
              {"bad scale range '0.9,0.1' (MIN is above MAX)"});
  expectError([&] { parse("random_resized_crop 224 0,1"); }, {"step 1", "scale range", "0 < min"});
  expectError([&] { parse("normalize 0.5 0.25; to_tensor"); },
              {"step 1 'normalize 0.5 0.25'", "works on tensors", "put to_tensor before it"});
  expectError([&] { parse("to_tensor; hflip"); },
              {"step 2 'hflip'", "comes after to_tensor", "move it before"});
  expectError([&] { parse("to_tensor; to_tensor"); }, {"step 2", "to_tensor appears twice"});
  expectError([&] { parse("to_tensor scaled"); }, {"bad option 'scaled'", "to_tensor raw"});
  expectError([&] { parse("to_tensor; normalize 0.5,0.4 0.2,0.2,0.2"); },
              {"2 means but 3 standard deviations"});
  expectError([&] { parse("to_tensor; normalize 0.5 0"); },
              {"bad standard deviations '0' (each must be > 0)"});
  expectError([&] { parse("to_tensor; normalize 0.5,a 0.2"); },
              {"bad means '0.5,a' (expected numbers separated by commas)"});
  expectError([&] { parse("to_tensor; scale"); }, {"scale takes 1 argument, got 0", "usage: scale F"});
}

TEST(ImagePipelineTest, RecordSeedsDependOnSeedEpochAndRecordOnly) {
  std::set<uint64_t> seen;
  for (uint64_t seed : {1, 2})
    for (int64_t epoch : {0, 1, 2})
      for (uint64_t record = 0; record < 100; ++record) seen.insert(imageRecordSeed(seed, epoch, record));
  EXPECT_EQ(seen.size(), 600u);
  EXPECT_EQ(imageRecordSeed(7, 3, 11), imageRecordSeed(7, 3, 11));
}

// Records augmented by `world` simulated ranks, each taking records i with i mod world == rank in its own
// order: the result of every record is the same as on one rank.
TEST(ImagePipelineTest, AugmentationIsTheSameOnAnyNumberOfRanksAndAfterResume) {
  const ImagePipeline<float> p = parseImagePipeline<float>(
      "random_crop 8 2; hflip; color_jitter 0.3 0.3 0.3; to_tensor; normalize 0.5 0.2");
  std::vector<Image> records;
  for (int i = 0; i < 24; ++i) records.push_back(indexRgb(10, 12, i));
  const uint64_t seed = 42;
  auto augment = [&](int64_t epoch, int i) {
    std::vector<float> f;
    Shape shape;
    Image img = records[static_cast<size_t>(i)];
    p.run(img, imageRecordSeed(seed, epoch, static_cast<uint64_t>(i)), f, shape);
    EXPECT_EQ(shape, (Shape{3, 8, 8}));
    return f;
  };
  for (int64_t epoch : {1, 2}) {
    std::map<int, std::vector<float>> single;
    for (int i = 0; i < 24; ++i) single[i] = augment(epoch, i);
    for (int world : {2, 3, 5}) {
      for (int rank = 0; rank < world; ++rank) {
        std::vector<int> mine;
        for (int i = rank; i < 24; i += world) mine.push_back(i);
        std::reverse(mine.begin(), mine.end());  // another order: nothing is drawn from a shared stream
        for (int i : mine) EXPECT_EQ(augment(epoch, i), single[i]) << "world " << world << " record " << i;
      }
    }
    // A resumed run starts in the middle of the epoch: the records after the resume point are unchanged.
    for (int i = 13; i < 24; ++i) EXPECT_EQ(augment(epoch, i), single[i]);
  }
  // Epochs differ, and records differ from each other.
  int same = 0;
  for (int i = 0; i < 24; ++i) same += augment(1, i) == augment(2, i);
  EXPECT_LT(same, 3);
}

}  // namespace
}  // namespace ringdl
