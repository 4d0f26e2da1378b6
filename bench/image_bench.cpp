// Image decoding and per-image transforms: JPEG/PNG decoding of an ImageNet-sized picture, the usual training
// and validation pipelines, and an image folder streamed through ShardDataSet (images per second, one reading
// thread).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "ringdl/data/image.h"
#include "ringdl/data/image_folder.h"
#include "ringdl/data/image_pipeline.h"
#include "ringdl/data/image_record_decoder.h"
#include "ringdl/data/shard_data_set.h"

namespace {

using namespace ringdl;

// A 375 x 500 photo-like picture (smooth shapes and noise), the median ImageNet size.
cv::Mat picture(int seed) {
  cv::Mat m(375, 500, CV_8UC3);
  cv::RNG rng(static_cast<uint64_t>(seed));
  for (int y = 0; y < m.rows; ++y)
    for (int x = 0; x < m.cols; ++x)
      for (int c = 0; c < 3; ++c)
        m.at<cv::Vec3b>(y, x)[c] = cv::saturate_cast<uchar>(
            128 + 90 * std::sin(x / (20.0 + 7 * c + seed)) * std::cos(y / (15.0 + c)) + rng.gaussian(12));
  return m;
}

std::string encoded(const char* ext, int seed = 1) {
  std::vector<uchar> out;
  cv::imencode(ext, picture(seed), out, {cv::IMWRITE_JPEG_QUALITY, 90});
  return std::string(out.begin(), out.end());
}

void BM_DecodeJpeg(benchmark::State& state) {
  const std::string jpg = encoded(".jpg");
  for (auto _ : state) benchmark::DoNotOptimize(decodeImage(jpg, "").pixels.data());
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(jpg.size());
}
BENCHMARK(BM_DecodeJpeg)->Unit(benchmark::kMillisecond);

void BM_DecodePng(benchmark::State& state) {
  const std::string png = encoded(".png");
  for (auto _ : state) benchmark::DoNotOptimize(decodeImage(png, "").pixels.data());
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(png.size());
}
BENCHMARK(BM_DecodePng)->Unit(benchmark::kMillisecond);

// The pipeline alone on a decoded picture (arg 0: ImageNet training, 1: validation, 2: CIFAR-style).
void BM_Pipeline(benchmark::State& state) {
  const char* specs[] = {
      "random_resized_crop 224; hflip; to_tensor; normalize 0.485,0.456,0.406 0.229,0.224,0.225",
      "resize 256; center_crop 224; to_tensor; normalize 0.485,0.456,0.406 0.229,0.224,0.225",
      "resize 36; random_crop 32 4; hflip; color_jitter 0.4 0.4 0.4; to_tensor; normalize 0.49,0.48,0.45 "
      "0.25,0.24,0.26"};
  const ImagePipeline<float> p = parseImagePipeline<float>(specs[state.range(0)]);
  const Image image = decodeImage(encoded(".png"), "");
  std::vector<float> features;
  Shape shape;
  uint64_t seed = 0;
  for (auto _ : state) {
    Image copy = image;
    p.run(copy, ++seed, features, shape);
    benchmark::DoNotOptimize(features.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(p.describe().substr(0, 60));
}
BENCHMARK(BM_Pipeline)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// An image folder of 4 classes x 32 JPEGs streamed through ShardDataSet with the ImageNet training
// pipeline, batches of 32: decoding and transforms run in the data set's reading thread.
void BM_FolderEpoch(benchmark::State& state) {
  const std::string root = (std::filesystem::temp_directory_path() / "ringdl_image_bench").string();
  std::filesystem::remove_all(root);
  for (int c = 0; c < 4; ++c) {
    std::filesystem::create_directories(root + "/class" + std::to_string(c));
    for (int i = 0; i < 32; ++i) {
      const std::string jpg = encoded(".jpg", c * 32 + i);
      std::ofstream(root + "/class" + std::to_string(c) + "/" + std::to_string(i) + ".jpg", std::ios::binary)
          .write(jpg.data(), static_cast<std::streamsize>(jpg.size()));
    }
  }
  const ImageFolder folder = ImageFolder::list(root);
  auto decoder = std::make_shared<ImageRecordDecoder<float>>(parseImagePipeline<float>(
      "random_resized_crop 224; hflip; to_tensor; normalize 0.485,0.456,0.406 0.229,0.224,0.225"));
  ShardDataSet<float> set(folder.parts(4), folder.readerFactory(), decoder,
                          ShardDataSetOptions().withShuffleBuffer(64).withPrefetch(2, 32));
  int64_t images = 0;
  for (auto _ : state) {
    set.shuffle();
    for (MiniBatch<float> b = set.nextBatch(32); !b.empty(); b = set.nextBatch(32)) images += b.size();
  }
  state.SetItemsProcessed(images);
  std::filesystem::remove_all(root);
}
BENCHMARK(BM_FolderEpoch)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
