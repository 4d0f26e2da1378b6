// ImageRecordDecoder: encoded images in SequenceFile values (BigDL's text keys, IntWritable keys) and in
// tf.train.Example bytes features, BigDL's raw BGR layout and raw uint8 pixels through the same pipeline,
// label offsets, per-record seeds, and errors naming the record.
#include "ringdl/data/image_record_decoder.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "data/temp_dir.h"
#include "ringdl/data/bigdl_image_record.h"
#include "ringdl/data/cifar10.h"
#include "ringdl/data/cifar10_decoder.h"
#include "ringdl/data/sequence_file.h"
#include "ringdl/data/shard_data_set.h"
#include "ringdl/data/tf_feature.h"
#include "ringdl/data/tfrecord.h"

namespace ringdl {
namespace {

using test::expectError;
using test::TempDir;

// A 4 x 6 BGR image: pixel (y, x) = (x * 10 + id, y * 30, 200 - id).
cv::Mat bgrOf(int id) {
  cv::Mat m(4, 6, CV_8UC3);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 6; ++x) m.at<cv::Vec3b>(y, x) = cv::Vec3b(x * 10 + id, y * 30, 200 - id);
  return m;
}

std::string png(int id) {
  std::vector<uchar> out;
  EXPECT_TRUE(cv::imencode(".png", bgrOf(id), out));
  return std::string(out.begin(), out.end());
}

// The expected features of bgrOf(id) as scaled RGB planes [3, 4, 6].
std::vector<float> planes(int id) {
  const cv::Mat m = bgrOf(id);
  std::vector<float> f(3 * 24);
  for (int c = 0; c < 3; ++c)
    for (int i = 0; i < 24; ++i) f[c * 24 + i] = static_cast<float>(m.data[3 * i + (2 - c)]) / 255.0f;
  return f;
}

Record record(std::string key, std::string value, std::string keyType, std::string valueType, int64_t index) {
  Record r;
  r.key = std::move(key);
  r.value = std::move(value);
  r.keyType = std::move(keyType);
  r.valueType = std::move(valueType);
  r.index = index;
  r.offset = 100 + index;
  return r;
}

TEST(ImageRecordDecoderTest, SequenceFileValuesWithBigDLKeysAndIntKeys) {
  ImageRecordDecoder<float> d{ImagePipeline<float>()};
  DecodedRecord<float> out;
  d.decode(record("n01440764_10026.JPEG\n3", png(1), kTextClass, kBytesWritableClass, 0), "part-0", out);
  EXPECT_EQ(out.label, 2.f);  // BigDL's 1-based 3
  EXPECT_EQ(out.shape, (Shape{3, 4, 6}));
  EXPECT_EQ(out.features, planes(1));
  d.decode(record("5", png(2), kTextClass, kTextClass, 1), "part-0", out);
  EXPECT_EQ(out.label, 4.f);
  // BigDL's own layout (width, height, BGR pixels) goes through the same pipeline.
  BigDLImageRecord raw;
  raw.label = 6;
  raw.width = 6;
  raw.height = 4;
  const cv::Mat m = bgrOf(3);
  raw.pixels.assign(reinterpret_cast<const char*>(m.data), 72);
  std::string key, value;
  encodeBigDLImage(raw, key, value);
  d.decode(record(key, value, kTextClass, kBytesWritableClass, 2), "part-0", out);
  EXPECT_EQ(out.label, 6.f);
  EXPECT_EQ(out.features, planes(3));
  // IntWritable keys hold the 0-based label (minus the offset).
  d.decode(record(intWritable(7), png(4), kIntWritableClass, kBytesWritableClass, 3), "part-0", out);
  EXPECT_EQ(out.label, 7.f);
  EXPECT_EQ(out.features, planes(4));
  ImageRecordDecoder<float> offset{ImagePipeline<float>(), ImageRecordDecoderOptions().withLabelOffset(1)};
  offset.decode(record(intWritable(7), png(4), kIntWritableClass, kBytesWritableClass, 3), "part-0", out);
  EXPECT_EQ(out.label, 6.f);
  expectError(
      [&] {
        offset.decode(record(intWritable(0), png(4), kIntWritableClass, kBytesWritableClass, 9), "p", out);
      },
      {"file p: record 9 at byte 109: ", "minus the label offset 1 is negative"});
  expectError([&] { d.decode(record("cat\n0", png(1), kTextClass, kBytesWritableClass, 4), "p", out); },
              {"file p: record 4 at byte 104: ", "the label \"0\"", "whole numbers from 1"});
  expectError([&] { d.decode(record("1", "garbage bytes!!", kTextClass, kBytesWritableClass, 5), "p", out); },
              {"file p: record 5 at byte 105: "});
  expectError([&] { d.decode(record("x", "y", "org.example.Key", kBytesWritableClass, 6), "p", out); },
              {"record 6", "org.example.Key", "Text keys"});
}

TEST(ImageRecordDecoderTest, RawPixelsTakeTheirShapeFromTheFileOrTheOptions) {
  TempDir dir;
  const std::string path = dir.file("raw.seq");
  std::string planar(3 * 24, '\0');
  const std::vector<float> expected = planes(5);
  for (size_t i = 0; i < planar.size(); ++i) planar[i] = static_cast<char>(std::lround(expected[i] * 255));
  {
    SequenceFileWriter w(path, kIntWritableClass, kBytesWritableClass,
                         SequenceFileWriterOptions().withMetadata(kRawShapeMetadata, "3,4,6"));
    w.append(intWritable(2), planar);
    w.append(intWritable(3), png(6));  // an encoded record among raw ones
    w.close();
  }
  ImageRecordDecoder<float> d{parseImagePipeline<float>("hflip 1; hflip 1")};
  SequenceFileReader reader(path);
  d.beginShard(reader);
  Record r;
  DecodedRecord<float> out;
  ASSERT_TRUE(reader.next(r));
  d.decode(r, path, out);
  EXPECT_EQ(out.label, 2.f);
  EXPECT_EQ(out.features, expected);
  ASSERT_TRUE(reader.next(r));
  d.decode(r, path, out);
  EXPECT_EQ(out.features, planes(6));
  // Without the metadata the options give the shape; without either it is an error.
  const Record bare = record(intWritable(1), planar, kIntWritableClass, kBytesWritableClass, 0);
  ImageRecordDecoder<float> shaped{ImagePipeline<float>(), ImageRecordDecoderOptions().withShape({3, 4, 6})};
  shaped.decode(bare, "x", out);
  EXPECT_EQ(out.features, expected);
  ImageRecordDecoder<float> plain{ImagePipeline<float>()};
  expectError([&] { plain.decode(bare, "x", out); },
              {"file x: record 0", "72 bytes are not an encoded image", "ringdl.shape", "image_shape"});
  ImageRecordDecoder<float> wrong{ImagePipeline<float>(), ImageRecordDecoderOptions().withShape({3, 5, 6})};
  expectError([&] { wrong.decode(bare, "x", out); },
              {"72 bytes", "raw uint8 pixels of shape 3,5,6", "90 bytes"});
}

TEST(ImageRecordDecoderTest, ExamplesWithEncodedOrRawImages) {
  ImageRecordDecoder<float> d{
      ImagePipeline<float>(),
      ImageRecordDecoderOptions().withFeatures("image/encoded", "image/class/label").withLabelOffset(1)};
  DecodedRecord<float> out;
  TfFeatures ex = {{"image/encoded", TfFeature::ofBytes({png(7)})},
                   {"image/class/label", TfFeature::ofInts({10})},
                   {"image/format", TfFeature::ofBytes({"PNG"})}};
  d.decode(record("", encodeTfExample(ex), "", "", 0), "train-00000-of-01024", out);
  EXPECT_EQ(out.label, 9.f);
  EXPECT_EQ(out.features, planes(7));
  // Raw pixels with height/width/depth features (TensorFlow's own conversions write those).
  std::string planar(72, '\0');
  const std::vector<float> expected = planes(8);
  for (size_t i = 0; i < planar.size(); ++i) planar[i] = static_cast<char>(std::lround(expected[i] * 255));
  TfFeatures raw = {{"image/encoded", TfFeature::ofBytes({planar})},
                    {"image/class/label", TfFeature::ofInts({3})},
                    {"height", TfFeature::ofInts({4})},
                    {"width", TfFeature::ofInts({6})},
                    {"depth", TfFeature::ofInts({3})}};
  d.decode(record("", encodeTfExample(raw), "", "", 1), "f", out);
  EXPECT_EQ(out.features, expected);
  EXPECT_EQ(out.label, 2.f);
  expectError(
      [&] {
        d.decode(record("", encodeTfExample({{"image", TfFeature::ofBytes({png(1)})}}), "", "", 2), "f", out);
      },
      {"file f: record 2 at byte 102: ", "no feature 'image/encoded'", "image (bytes_list)",
       "image_feature"});
  TfFeatures floats = {{"image/encoded", TfFeature::ofFloats({1, 2})},
                       {"image/class/label", TfFeature::ofInts({1})}};
  expectError([&] { d.decode(record("", encodeTfExample(floats), "", "", 3), "f", out); },
              {"is a float_list of 2 values", "float features are read without transforms"});
  TfFeatures noShape = {{"image/encoded", TfFeature::ofBytes({"\x01\x02\x03"})},
                        {"image/class/label", TfFeature::ofInts({1})}};
  expectError([&] { d.decode(record("", encodeTfExample(noShape), "", "", 4), "f", out); },
              {"holds 3 bytes that are not an encoded image", "no shape"});
  expectError([&] { d.decode(record("", "not an example at all", "", "", 5), "f", out); },
              {"record 5", "not a valid tf.train.Example"});
}

// CIFAR-10 binary records through the image pipeline, recognised by their class (kCifar10RecordType, as
// Cifar10Reader gives them): to_tensor gives exactly what the CIFAR-10 decoder gives, a flip mirrors each
// plane, image_shape does not apply, and bad records are errors naming the record.
TEST(ImageRecordDecoderTest, Cifar10RecordsGoThroughTransforms) {
  std::string value(static_cast<size_t>(kCifar10RecordBytes), '\0');
  value[0] = 7;
  for (int64_t i = 1; i < kCifar10RecordBytes; ++i) value[static_cast<size_t>(i)] = static_cast<char>(i * 37);
  const Record r = record("", value, "", kCifar10RecordType, 4);

  DecodedRecord<float> want, got, flipped, shaped;
  Cifar10Decoder<float>().decode(r, "data_batch_1.bin", want);
  ImageRecordDecoder<float>(parseImagePipeline<float>("to_tensor", "test"))
      .decode(r, "data_batch_1.bin", got);
  EXPECT_EQ(got.shape, (Shape{3, 32, 32}));
  EXPECT_EQ(got.shape, want.shape);
  EXPECT_EQ(got.features, want.features);
  EXPECT_EQ(got.label, 7.0f);
  ImageRecordDecoder<float>(parseImagePipeline<float>("to_tensor", "test"),
                            ImageRecordDecoderOptions().withShape({1, 8, 8}))
      .decode(r, "data_batch_1.bin", shaped);
  EXPECT_EQ(shaped.features, want.features);

  ImageRecordDecoder<float>(parseImagePipeline<float>("hflip 1; to_tensor", "test"))
      .decode(r, "data_batch_1.bin", flipped);
  for (int64_t c = 0; c < 3; ++c)
    for (int64_t y = 0; y < 32; ++y)
      for (int64_t x = 0; x < 32; ++x)
        ASSERT_EQ(flipped.features[static_cast<size_t>((c * 32 + y) * 32 + x)],
                  want.features[static_cast<size_t>((c * 32 + y) * 32 + 31 - x)]);

  ImageRecordDecoder<float> decoder(parseImagePipeline<float>("to_tensor", "test"));
  DecodedRecord<float> out;
  expectError(
      [&] { decoder.decode(record("", value.substr(0, 3000), "", kCifar10RecordType, 2), "b.bin", out); },
      {"b.bin", "record 2", "3073 bytes"});
  std::string badLabel = value;
  badLabel[0] = 12;
  expectError([&] { decoder.decode(record("", badLabel, "", kCifar10RecordType, 5), "b.bin", out); },
              {"b.bin", "record 5", "label byte 12"});
}

// The records of a CIFAR-10 batch read by ShardDataSet through the image decoder, with no option telling it
// the format: the same batches as through Cifar10Decoder.
TEST(ImageRecordDecoderTest, Cifar10BatchThroughShardDataSet) {
  TempDir dir;
  std::string bytes;
  for (int i = 0; i < 70; ++i) {
    bytes += static_cast<char>(i % 10);
    for (int64_t k = 0; k < kCifar10ImageBytes; ++k) bytes += static_cast<char>((k * 13 + i * 7) & 0xff);
  }
  const std::string path = dir.file("data_batch_1.bin");
  {
    std::ofstream f(path, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ShardDataSet<float> images(
      {path}, cifar10ReaderFactory(),
      std::make_shared<ImageRecordDecoder<float>>(parseImagePipeline<float>("to_tensor")));
  ShardDataSet<float> plain({path}, cifar10ReaderFactory(), std::make_shared<Cifar10Decoder<float>>());
  images.reset();
  plain.reset();
  int64_t seen = 0;
  for (MiniBatch<float> a = images.nextBatch(32), b = plain.nextBatch(32); !b.empty();
       a = images.nextBatch(32), b = plain.nextBatch(32)) {
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(a.input().toVector(), b.input().toVector());
    EXPECT_EQ(a.target().toVector(), b.target().toVector());
    seen += b.size();
  }
  EXPECT_EQ(seen, 70);
}

TEST(ImageRecordDecoderTest, ChannelsAndGreyImages) {
  std::vector<uchar> greyPng;
  cv::imencode(".png", cv::Mat(4, 6, CV_8UC1, cv::Scalar(90)), greyPng);
  const std::string grey(greyPng.begin(), greyPng.end());
  DecodedRecord<float> out;
  ImageRecordDecoder<float> rgb{ImagePipeline<float>()};
  rgb.decode(record("1", grey, kTextClass, kBytesWritableClass, 0), "f", out);
  EXPECT_EQ(out.shape, (Shape{3, 4, 6}));  // expanded
  ImageRecordDecoder<float> g{
      ImagePipeline<float>(),
      ImageRecordDecoderOptions().withDecode(ImageDecodeOptions().withChannels(ImageChannels::kGrey))};
  g.decode(record("1", png(1), kTextClass, kBytesWritableClass, 0), "f", out);
  EXPECT_EQ(out.shape, (Shape{1, 4, 6}));
  // A grey image among colour ones when grey is kept: the error says so.
  ImageRecordDecoder<float> kept{ImagePipeline<float>(), ImageRecordDecoderOptions().withDecode(
                                                             ImageDecodeOptions().withExpandGrey(false))};
  kept.decode(record("1", png(1), kTextClass, kBytesWritableClass, 0), "f", out);
  expectError(
      [&] { kept.decode(record("1", grey, kTextClass, kBytesWritableClass, 1), "f", out); },
      {"record 1", "4x6 grey image becomes features [1, 4, 6]", "[3, 4, 6]", "grey expanded to colour"});
  // BGR planes on request.
  ImageRecordDecoder<float> bgr{
      ImagePipeline<float>(),
      ImageRecordDecoderOptions().withDecode(ImageDecodeOptions().withChannels(ImageChannels::kBgr))};
  bgr.decode(record("1", png(1), kTextClass, kBytesWritableClass, 0), "f", out);
  EXPECT_EQ(out.features[0], static_cast<float>(bgrOf(1).data[0]) / 255.0f);
}

TEST(ImageRecordDecoderTest, SeedsFollowTheShardNameTheRecordAndTheEpoch) {
  ImageRecordDecoder<float> a{parseImagePipeline<float>("random_crop 3; color_jitter 0.5")};
  const Record r = record("1", png(1), kTextClass, kBytesWritableClass, 17);
  DecodedRecord<float> x, y;
  a.beginEpoch(4, 2);
  a.decode(r, "/data/one/part-00003", x);
  a.decode(r, "/elsewhere/part-00003", y);
  EXPECT_EQ(x.features, y.features) << "the shard's directory does not matter";
  a.decode(r, "/data/one/part-00004", y);
  EXPECT_NE(x.features, y.features);
  a.beginEpoch(4, 3);
  a.decode(r, "/data/one/part-00003", y);
  EXPECT_NE(x.features, y.features);
  a.beginEpoch(4, 2);
  a.decode(r, "/data/one/part-00003", y);
  EXPECT_EQ(x.features, y.features);
  EXPECT_EQ(a.seed(), 4u);
  EXPECT_EQ(a.epoch(), 2);
}

TEST(ImageRecordDecoderTest, TFRecordShardsThroughShardDataSet) {
  TempDir dir;
  std::vector<std::string> shards;
  for (int s = 0; s < 3; ++s) {
    shards.push_back(dir.file("part-" + std::to_string(s)));
    TFRecordWriter w(shards.back());
    for (int i = 0; i < 5; ++i) {
      const int id = s * 5 + i;
      w.write(encodeTfExample(
          {{"image", TfFeature::ofBytes({png(id)})}, {"label", TfFeature::ofInts({id % 4})}}));
    }
    w.close();
  }
  auto decoder = std::make_shared<ImageRecordDecoder<float>>(
      parseImagePipeline<float>("resize 8 nearest; center_crop 6; to_tensor; normalize 0.5 0.5"));
  ShardDataSet<float> set(shards, recordReaderFactory(ShardFormat::kTFRecord), decoder,
                          ShardDataSetOptions().withShuffleBuffer(4));
  EXPECT_EQ(set.size(), 15);
  set.shuffle();
  const MiniBatch<float> b = set.nextBatch(15);
  ASSERT_EQ(b.input().shape(), (Shape{15, 3, 6, 6}));
  std::vector<float> labels(b.target().data(), b.target().data() + 15);
  std::sort(labels.begin(), labels.end());
  EXPECT_EQ(labels, (std::vector<float>{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3}));
  EXPECT_NE(decoder->describe().find("Resize(shorter side 8, nearest) >> CenterCrop(6x6)"),
            std::string::npos);
}

}  // namespace
}  // namespace ringdl
