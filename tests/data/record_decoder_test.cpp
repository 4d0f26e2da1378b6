// Tests for the record decoders: tf.train.Example's wire encoding (against bytes protoc produced), the
// Example image decoder, and the SequenceFile image decoder's BigDL and raw layouts.
#include "ringdl/data/record_decoder.h"

#include <gtest/gtest.h>

#include "data/temp_dir.h"
#include "ringdl/data/bigdl_image_record.h"
#include "ringdl/data/example_image_decoder.h"
#include "ringdl/data/sequence_file.h"
#include "ringdl/data/sequence_file_image_decoder.h"
#include "ringdl/data/tf_feature.h"
#include "ringdl/data/tfrecord.h"

namespace ringdl {
namespace {

using test::expectError;
using test::TempDir;

std::string bytesOf(std::initializer_list<int> b) {
  std::string s;
  for (int v : b) s.push_back(static_cast<char>(v));
  return s;
}

// protoc --encode=tensorflow.Example of
//   features { feature { key: "f" value { float_list { value: [0.5, -2] } } }
//              feature { key: "image" value { bytes_list { value: "\001\002\377" } } }
//              feature { key: "label" value { int64_list { value: [7] } } }
//              feature { key: "neg" value { int64_list { value: [-1] } } }
//              feature { key: "shape" value { int64_list { value: [1, 1, 3] } } } }
const std::string kProtocExample =
    bytesOf({0x0a, 0x5e, 0x0a, 0x11, 0x0a, 0x01, 0x66, 0x12, 0x0c, 0x12, 0x0a, 0x0a, 0x08, 0x00, 0x00, 0x00,
             0x3f, 0x00, 0x00, 0x00, 0xc0, 0x0a, 0x10, 0x0a, 0x05, 0x69, 0x6d, 0x61, 0x67, 0x65, 0x12, 0x07,
             0x0a, 0x05, 0x0a, 0x03, 0x01, 0x02, 0xff, 0x0a, 0x0e, 0x0a, 0x05, 0x6c, 0x61, 0x62, 0x65, 0x6c,
             0x12, 0x05, 0x1a, 0x03, 0x0a, 0x01, 0x07, 0x0a, 0x15, 0x0a, 0x03, 0x6e, 0x65, 0x67, 0x12, 0x0e,
             0x1a, 0x0c, 0x0a, 0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x0a, 0x10,
             0x0a, 0x05, 0x73, 0x68, 0x61, 0x70, 0x65, 0x12, 0x07, 0x1a, 0x05, 0x0a, 0x03, 0x01, 0x01, 0x03});

TfFeatures sampleFeatures() {
  return {{"f", TfFeature::ofFloats({0.5f, -2.0f})},
          {"image", TfFeature::ofBytes({bytesOf({1, 2, 255})})},
          {"label", TfFeature::ofInts({7})},
          {"neg", TfFeature::ofInts({-1})},
          {"shape", TfFeature::ofInts({1, 1, 3})}};
}

TEST(TfFeature, ParsesWhatProtocWrites) {
  const TfFeatures f = parseTfExample(kProtocExample);
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f.at("f").kind, TfFeature::Kind::kFloat);
  EXPECT_EQ(f.at("f").floats, (std::vector<float>{0.5f, -2.0f}));
  EXPECT_EQ(f.at("image").bytes, (std::vector<std::string>{bytesOf({1, 2, 255})}));
  EXPECT_EQ(f.at("label").ints, (std::vector<int64_t>{7}));
  EXPECT_EQ(f.at("neg").ints, (std::vector<int64_t>{-1}));
  EXPECT_EQ(f.at("shape").ints, (std::vector<int64_t>{1, 1, 3}));
}

TEST(TfFeature, EncodesAsProtocDoes) {
  EXPECT_EQ(encodeTfExample(sampleFeatures()), kProtocExample);
  // An empty float list is present but empty (protoc: 12 00).
  EXPECT_EQ(encodeTfExample({{"x", TfFeature::ofFloats({})}}),
            bytesOf({0x0a, 0x09, 0x0a, 0x07, 0x0a, 0x01, 0x78, 0x12, 0x02, 0x12, 0x00}));
}

// findTfFeatures keeps the views of the named features only: absent names stay absent, a name the Example
// gives twice keeps its last feature, a name asked for twice is found at its first slot.
TEST(TfFeature, FindsNamedFeatures) {
  TfFeatures features = {{"image", TfFeature::ofBytes({"px"})},
                         {"label", TfFeature::ofInts({4})},
                         {"other", TfFeature::ofFloats({1.5f})}};
  const std::string twice = encodeTfExample(features) + encodeTfExample({{"label", TfFeature::ofInts({9})}});
  const std::string_view names[4] = {"label", "image", "missing", "label"};
  TfFeatureView views[4];
  bool present[4] = {};
  findTfFeatures(twice, names, 4, views, present);
  EXPECT_TRUE(present[0]);
  EXPECT_TRUE(present[1]);
  EXPECT_FALSE(present[2]);
  EXPECT_FALSE(present[3]);
  EXPECT_EQ(decodeTfFeature(views[0]).ints, std::vector<int64_t>{9});
  std::string_view image;
  ASSERT_TRUE(singleTfBytes(views[1], image));
  EXPECT_EQ(image, "px");
}

TEST(TfFeature, VisitsFeaturesWithoutDecodingThem) {
  std::vector<std::string> names;
  std::string_view image;
  TfFeatureView shape;
  visitTfExample(kProtocExample, [&](std::string_view name, const TfFeatureView& v) {
    names.emplace_back(name);
    if (name == "image") EXPECT_TRUE(singleTfBytes(v, image));
    if (name == "shape") shape = v;
    if (name == "f") EXPECT_FALSE(singleTfBytes(v, image));
  });
  EXPECT_EQ(names, (std::vector<std::string>{"f", "image", "label", "neg", "shape"}));
  EXPECT_EQ(image, bytesOf({1, 2, 255}));
  EXPECT_GE(image.data(), kProtocExample.data());  // a view into the record
  EXPECT_LT(image.data(), kProtocExample.data() + kProtocExample.size());
  EXPECT_EQ(decodeTfFeature(shape).ints, (std::vector<int64_t>{1, 1, 3}));
  // A list whose bytes are damaged: the error gives the byte offset within the whole Example.
  TfFeatureView bad = shape;
  bad.list = bad.list.substr(0, 3);
  expectError([&] { decodeTfFeature(bad); },
              {"byte " + std::to_string(shape.offset + 2) + " of the Example"});
}

TEST(TfFeature, UnpackedListsAndUnknownFields) {
  // Feature with an unpacked float_list (fixed32 values) and int64_list (varints), plus an unknown field 9.
  std::string floatList = bytesOf({0x0d, 0x00, 0x00, 0x80, 0x3f, 0x0d, 0x00, 0x00, 0x00, 0x40});  // 1.0, 2.0
  std::string feature = bytesOf({0x12, static_cast<int>(floatList.size())}) + floatList;
  std::string entry = bytesOf({0x0a, 0x01, 'v', 0x12, static_cast<int>(feature.size())}) + feature;
  std::string ints = bytesOf({0x08, 0x05, 0x08, 0x06});
  std::string feature2 = bytesOf({0x1a, static_cast<int>(ints.size())}) + ints;
  std::string entry2 = bytesOf({0x0a, 0x01, 'w', 0x12, static_cast<int>(feature2.size())}) + feature2;
  std::string features = bytesOf({0x0a, static_cast<int>(entry.size())}) + entry +
                         bytesOf({0x0a, static_cast<int>(entry2.size())}) + entry2;
  std::string example = bytesOf({0x48, 0x01, 0x0a, static_cast<int>(features.size())}) + features;
  const TfFeatures f = parseTfExample(example);
  EXPECT_EQ(f.at("v").floats, (std::vector<float>{1.0f, 2.0f}));
  EXPECT_EQ(f.at("w").ints, (std::vector<int64_t>{5, 6}));
}

TEST(TfFeature, MalformedMessagesAreErrors) {
  for (size_t cut : {size_t(1), size_t(10), kProtocExample.size() - 1}) {
    expectError([&] { parseTfExample(kProtocExample.substr(0, cut)); }, {"of the Example"});
  }
  expectError([] { parseTfExample(bytesOf({0x0b})); }, {"wire type 3"});
  expectError([] { parseTfExample(bytesOf({0x00, 0x01})); }, {"field number 0"});
  EXPECT_TRUE(parseTfExample("").empty());
}

// tests/fixtures/tfrecord/examples.tfrecord: Examples written by Python's pure-Python protobuf
// (tests/fixtures/gen_tf_examples.py), a codec that shares no code with this one.
TEST(TfFeature, ReadsExamplesWrittenByPythonProtobuf) {
  for (const char* name : {"examples.tfrecord", "examples.tfrecord.gz"}) {
    TFRecordReader reader(std::string(RINGDL_FIXTURE_DIR) + "/tfrecord/" + name);
    std::vector<TfFeatures> all;
    Record r;
    while (reader.next(r)) all.push_back(parseTfExample(r.value));
    ASSERT_EQ(all.size(), 4u) << name;
    std::string pixels;
    for (int i = 0; i < 16; ++i) pixels.push_back(static_cast<char>(i));
    EXPECT_EQ(all[0].at("image").bytes, (std::vector<std::string>{pixels}));
    EXPECT_EQ(all[0].at("label").ints, (std::vector<int64_t>{3}));
    EXPECT_EQ(all[0].at("shape").ints, (std::vector<int64_t>{4, 4}));
    EXPECT_EQ(all[1].at("image").floats, (std::vector<float>{0.5f, -1.25f, 3e10f}));
    EXPECT_EQ(all[1].at("label").ints, (std::vector<int64_t>{-2}));
    EXPECT_EQ(all[1].at("name").bytes, (std::vector<std::string>{"caf\xc3\xa9", ""}));
    EXPECT_TRUE(all[2].empty());
    EXPECT_EQ(all[3].at("empty").kind, TfFeature::Kind::kNone);
    EXPECT_EQ(all[3].at("big").ints, (std::vector<int64_t>{INT64_MAX, INT64_MIN, 0}));
  }
  TFRecordReader reader(std::string(RINGDL_FIXTURE_DIR) + "/tfrecord/examples.tfrecord");
  ExampleImageDecoder<float> d;
  DecodedRecord<float> out;
  Record r;
  ASSERT_TRUE(reader.next(r));
  d.decode(r, "examples.tfrecord", out);
  EXPECT_EQ(out.shape, (Shape{4, 4}));
  EXPECT_EQ(out.features[15], 15.0f / 255);
  EXPECT_EQ(out.label, 3.0f);
  ASSERT_TRUE(reader.next(r));
  expectError([&] { d.decode(r, "examples.tfrecord", out); }, {"record 1 at byte", "label -2"});
  ASSERT_TRUE(reader.next(r));
  expectError([&] { d.decode(r, "examples.tfrecord", out); }, {"record 2", "features are none"});
}

Record exampleRecord(const TfFeatures& f) {
  Record r;
  r.value = encodeTfExample(f);
  r.offset = 100;
  r.index = 3;
  return r;
}

TEST(ExampleImageDecoder, BytesWithShapeFeature) {
  ExampleImageDecoder<float> d;
  DecodedRecord<float> out;
  d.decode(exampleRecord(sampleFeatures()), "x.tfrecord", out);
  EXPECT_EQ(out.shape, (Shape{1, 1, 3}));
  EXPECT_EQ(out.features, (std::vector<float>{1.0f / 255, 2.0f / 255, 1.0f}));
  EXPECT_EQ(out.label, 7.0f);
}

TEST(ExampleImageDecoder, FloatsHeightWidthDepthAndFlat) {
  ExampleImageDecoder<double> d(
      ExampleImageDecoderOptions().withImageFeature("image_raw").withLabelFeature("y"));
  DecodedRecord<double> out;
  TfFeatures f = {{"image_raw", TfFeature::ofFloats({0.25f, 0.5f, 0.75f, 1.0f, 0, 0})},
                  {"y", TfFeature::ofFloats({2.0f})},
                  {"height", TfFeature::ofInts({2})},
                  {"width", TfFeature::ofInts({3})}};
  d.decode(exampleRecord(f), "x", out);
  EXPECT_EQ(out.shape, (Shape{1, 2, 3}));
  EXPECT_EQ(out.features[1], 0.5);
  EXPECT_EQ(out.label, 2.0);
  f.erase("height");
  d.decode(exampleRecord(f), "x", out);
  EXPECT_EQ(out.shape, (Shape{6}));
  ExampleImageDecoder<double> shaped(
      ExampleImageDecoderOptions().withImageFeature("image_raw").withLabelFeature("y").withShape({3, 2}));
  shaped.decode(exampleRecord(f), "x", out);
  EXPECT_EQ(out.shape, (Shape{3, 2}));
}

TEST(ExampleImageDecoder, ErrorsNameTheRecordAndFeature) {
  ExampleImageDecoder<float> d;
  DecodedRecord<float> out;
  TfFeatures f = sampleFeatures();
  f.erase("image");
  expectError([&] { d.decode(exampleRecord(f), "x.tfrecord", out); },
              {"file x.tfrecord: record 3 at byte 100: no feature 'image'",
               "f (float_list), label (int64_list)", "image_feature"});
  f = sampleFeatures();
  f["label"] = TfFeature::ofInts({1, 2});
  expectError([&] { d.decode(exampleRecord(f), "x", out); }, {"feature 'label' is a int64_list of 2 values"});
  f["label"] = TfFeature::ofFloats({1.5f});
  expectError([&] { d.decode(exampleRecord(f), "x", out); }, {"label 1.5", "not a 0-based class index"});
  f = sampleFeatures();
  f["shape"] = TfFeature::ofInts({2, 2});
  expectError([&] { d.decode(exampleRecord(f), "x", out); },
              {"holds 3 values but the shape 2,2", "feature 'shape'"});
  Record notExample;
  notExample.value = "hello, world";
  expectError([&] { d.decode(notExample, "x", out); }, {"record 0 at byte 0"});
}

Record seqRecord(const std::string& keyType, const std::string& key, const std::string& value) {
  Record r;
  r.keyType = keyType;
  r.valueType = kBytesWritableClass;
  r.key = key;
  r.value = value;
  r.offset = 42;
  r.index = 1;
  return r;
}

TEST(SequenceFileImageDecoder, BigDLLayoutChannels) {
  BigDLImageRecord image;
  image.label = 4;
  image.width = 2;
  image.height = 1;
  image.pixels = bytesOf({10, 20, 30, 90, 90, 90});  // B, G, R of two pixels
  std::string key, value;
  encodeBigDLImage(image, key, value);
  const Record r = seqRecord(kTextClass, key, value);
  DecodedRecord<float> out;
  SequenceFileImageDecoder<float> rgb;
  rgb.decode(r, "f", out);
  EXPECT_EQ(out.shape, (Shape{3, 1, 2}));
  EXPECT_EQ(out.features,
            (std::vector<float>{30.f / 255, 90.f / 255, 20.f / 255, 90.f / 255, 10.f / 255, 90.f / 255}));
  EXPECT_EQ(out.label, 4.0f);
  SequenceFileImageDecoder<float> bgr(SequenceFileImageDecoderOptions().withChannels(ImageChannels::kBgr));
  bgr.decode(r, "f", out);
  EXPECT_EQ(out.features[0], 10.f / 255);
  SequenceFileImageDecoder<float> grey(SequenceFileImageDecoderOptions().withChannels(ImageChannels::kGrey));
  grey.decode(r, "f", out);
  EXPECT_EQ(out.shape, (Shape{1, 1, 2}));
  EXPECT_EQ(out.features[1], 90.f / 255) << "equal channels give exactly the stored value";
  EXPECT_EQ(out.features[0], 60.f / 765);
  for (int v = 0; v < 256; ++v)
    EXPECT_EQ(static_cast<float>(3 * v) / 765.f, static_cast<float>(v) / 255.f) << v;
}

TEST(SequenceFileImageDecoder, RawLayoutWithShapeMetadata) {
  TempDir dir;
  {
    SequenceFileWriter w(dir.file("raw"), kIntWritableClass, kBytesWritableClass,
                         SequenceFileWriterOptions().withMetadata(kRawShapeMetadata, "1,2,2"));
    w.append(intWritable(3), bytesOf({0, 51, 102, 255}));
    w.append(intWritable(-1), bytesOf({0, 0, 0, 0}));
    w.append(intWritable(1), bytesOf({0, 0, 0}));
    w.close();
  }
  SequenceFileReader reader(dir.file("raw"));
  SequenceFileImageDecoder<double> d;
  d.beginShard(reader);
  Record r;
  DecodedRecord<double> out;
  ASSERT_TRUE(reader.next(r));
  d.decode(r, dir.file("raw"), out);
  EXPECT_EQ(out.shape, (Shape{1, 2, 2}));
  EXPECT_EQ(out.features, (std::vector<double>{0, 0.2, 0.4, 1}));
  EXPECT_EQ(out.label, 3.0);
  ASSERT_TRUE(reader.next(r));
  expectError([&] { d.decode(r, dir.file("raw"), out); }, {"record 1 at byte", "label -1", "0-based"});
  ASSERT_TRUE(reader.next(r));
  expectError([&] { d.decode(r, dir.file("raw"), out); },
              {"record 2", "holds 3 bytes but a 1,2,2 uint8 image needs 4"});
}

TEST(SequenceFileImageDecoder, RawLayoutNeedsAShape) {
  SequenceFileImageDecoder<float> d;
  DecodedRecord<float> out;
  Record r = seqRecord(kIntWritableClass, intWritable(2), bytesOf({1, 2, 3, 4}));
  expectError([&] { d.decode(r, "f", out); },
              {"file f: record 1 at byte 42", "no ringdl.shape metadata", "image_shape"});
  SequenceFileImageDecoder<float> shaped(SequenceFileImageDecoderOptions().withShape({4}));
  shaped.decode(r, "f", out);
  EXPECT_EQ(out.shape, (Shape{4}));
  r.keyType = kFloatWritableClass;
  expectError([&] { shaped.decode(r, "f", out); },
              {"the key is a org.apache.hadoop.io.FloatWritable", "raw layout"});
}

TEST(RecordDecoder, ShapeText) {
  EXPECT_EQ(parseShapeText("1,28, 28", "x"), (Shape{1, 28, 28}));
  EXPECT_EQ(shapeText({1, 28, 28}), "1,28,28");
  expectError([] { parseShapeText("1,,2", "image_shape"); }, {"image_shape: shape \"1,,2\""});
  expectError([] { parseShapeText("0", "s"); }, {"positive"});
  EXPECT_EQ(parseImageChannels("gray"), ImageChannels::kGrey);
  expectError([] { parseImageChannels("cmyk"); }, {"rgb, bgr or grey"});
}

}  // namespace
}  // namespace ringdl
