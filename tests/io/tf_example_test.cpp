// tf.train.Example: bytes built here from the protobuf wire format (tags, varints, packed and unpacked
// lists), a TFRecord file written by Python's protobuf package (tests/fixtures/gen_tf_examples.py), round
// trips, payloads that are not Examples, and the image/label lookup with its errors.
#include "ringdl/io/tf_example.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "ringdl/data/tfrecord.h"
#include "ringdl/util/error.h"

namespace ringdl {
namespace {

// ---- the wire format, written out by hand ----

std::string varint(uint64_t v) {
  std::string out;
  do {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    if (v) byte |= 0x80;
    out.push_back(static_cast<char>(byte));
  } while (v);
  return out;
}

std::string tag(int field, int wireType) { return varint(static_cast<uint64_t>(field) << 3 | wireType); }

std::string delimited(int field, const std::string& body) {
  return tag(field, 2) + varint(body.size()) + body;
}

std::string fixed32(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  std::string out;
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(bits >> (8 * i)));
  return out;
}

// Feature { int64_list = 3 { value = 1 [packed] } }
std::string int64Feature(std::initializer_list<int64_t> values) {
  std::string packed;
  for (int64_t v : values) packed += varint(static_cast<uint64_t>(v));
  return delimited(3, delimited(1, packed));
}

std::string floatFeature(std::initializer_list<float> values) {
  std::string packed;
  for (float v : values) packed += fixed32(v);
  return delimited(2, delimited(1, packed));
}

std::string bytesFeature(std::initializer_list<std::string> values) {
  std::string list;
  for (const auto& v : values) list += delimited(1, v);
  return delimited(1, list);
}

// Features.feature map entry { key = 1, value = 2 }.
std::string entry(const std::string& name, const std::string& feature) {
  return delimited(1, delimited(1, name) + delimited(2, feature));
}

// Example { features = 1 { entries } }.
std::string exampleBytes(std::initializer_list<std::string> entries) {
  std::string features;
  for (const auto& e : entries) features += e;
  return delimited(1, features);
}

std::string expectError(const std::function<void()>& f, std::initializer_list<std::string> parts) {
  try {
    f();
  } catch (const Error& e) {
    for (const auto& part : parts)
      EXPECT_NE(e.message().find(part), std::string::npos)
          << "missing \"" << part << "\" in: " << e.message();
    return e.message();
  }
  ADD_FAILURE() << "expected a ringdl::Error";
  return "";
}

TEST(TfExample, DecodesHandBuiltWireFormat) {
  const std::string bytes = exampleBytes({
      entry("raw", bytesFeature({"abc", std::string("\0\xff", 2), ""})),
      entry("label", int64Feature({7, -1, std::numeric_limits<int64_t>::min()})),
      entry("pixels", floatFeature({0.5f, -2.0f, 1e-30f})),
      entry("nothing", ""),  // a Feature with no list
      entry("empty_ints", delimited(3, "")),
  });
  const Example ex = parseExample(bytes, "hand-built");
  ASSERT_EQ(ex.size(), 5u);
  EXPECT_EQ(ex.at("raw").kind, ExampleFeature::kBytes);
  EXPECT_EQ(ex.at("raw").bytes, (std::vector<std::string>{"abc", std::string("\0\xff", 2), ""}));
  EXPECT_EQ(ex.at("label").kind, ExampleFeature::kInt64);
  EXPECT_EQ(ex.at("label").ints, (std::vector<int64_t>{7, -1, std::numeric_limits<int64_t>::min()}));
  EXPECT_EQ(ex.at("pixels").kind, ExampleFeature::kFloat);
  EXPECT_EQ(ex.at("pixels").floats, (std::vector<float>{0.5f, -2.0f, 1e-30f}));
  EXPECT_EQ(ex.at("nothing").kind, ExampleFeature::kNone);
  EXPECT_EQ(ex.at("nothing").size(), 0u);
  EXPECT_EQ(ex.at("empty_ints").kind, ExampleFeature::kInt64);
  EXPECT_TRUE(ex.at("empty_ints").ints.empty());
  EXPECT_EQ(describeExample(ex),
            "empty_ints (int64_list, 0 values), label (int64_list, 3 values), nothing (no value), "
            "pixels (float_list, 3 values), raw (bytes_list, 3 values)");
}

TEST(TfExample, DecodesUnpackedLists) {
  // Writers may emit repeated numbers one tag each (wire types 0 and 5); parsers must accept both forms.
  const std::string intsFeature =
      delimited(3, tag(1, 0) + varint(5) + tag(1, 0) + varint(static_cast<uint64_t>(-3)));
  const std::string floatsFeature = delimited(2, tag(1, 5) + fixed32(1.5f) + tag(1, 5) + fixed32(-0.25f));
  const Example ex =
      parseExample(exampleBytes({entry("i", intsFeature), entry("f", floatsFeature)}), "unpacked");
  EXPECT_EQ(ex.at("i").ints, (std::vector<int64_t>{5, -3}));
  EXPECT_EQ(ex.at("f").floats, (std::vector<float>{1.5f, -0.25f}));
}

TEST(TfExample, EncodesAsTensorFlowDoes) {
  // One feature each, so the bytes are fixed: TensorFlow's encoding, built by hand above.
  EXPECT_EQ(serializeExample({{"label", ExampleFeature::ofInts({7, -1})}}),
            exampleBytes({entry("label", int64Feature({7, -1}))}));
  EXPECT_EQ(serializeExample({{"x", ExampleFeature::ofFloats({0.5f, 3.0f})}}),
            exampleBytes({entry("x", floatFeature({0.5f, 3.0f}))}));
  EXPECT_EQ(serializeExample({{"image", ExampleFeature::ofBytes({"\x89PNG", ""})}}),
            exampleBytes({entry("image", bytesFeature({"\x89PNG", ""}))}));
  EXPECT_EQ(serializeExample({{"n", ExampleFeature{}}}), exampleBytes({entry("n", "")}));
  // Several features come out in name order whatever the map's insertion order.
  EXPECT_EQ(serializeExample({{"b", ExampleFeature::ofInts({2})}, {"a", ExampleFeature::ofInts({1})}}),
            exampleBytes({entry("a", int64Feature({1})), entry("b", int64Feature({2}))}));
  EXPECT_EQ(serializeExample({}), "");  // an empty Example is zero bytes, as TensorFlow writes it
  EXPECT_TRUE(parseExample("", "empty").empty());
}

TEST(TfExample, RoundTrips) {
  std::mt19937 rng(17);
  for (int trial = 0; trial < 50; ++trial) {
    Example ex;
    const int features = static_cast<int>(rng() % 6);
    for (int f = 0; f < features; ++f) {
      const std::string name = "feature/" + std::to_string(rng() % 1000);
      const size_t n = rng() % 20;
      switch (rng() % 4) {
        case 0: {
          std::vector<std::string> values(n);
          for (auto& v : values) {
            v.resize(rng() % 50);
            for (auto& c : v) c = static_cast<char>(rng());
          }
          ex[name] = ExampleFeature::ofBytes(values);
          break;
        }
        case 1: {
          std::vector<float> values(n);
          for (auto& v : values) v = std::ldexp(static_cast<float>(static_cast<int32_t>(rng())), -20);
          ex[name] = ExampleFeature::ofFloats(values);
          break;
        }
        case 2: {
          std::vector<int64_t> values(n);
          for (auto& v : values) v = static_cast<int64_t>(uint64_t(rng()) << 32 | rng());
          ex[name] = ExampleFeature::ofInts(values);
          break;
        }
        default:
          ex[name] = ExampleFeature{};
      }
    }
    const std::string bytes = serializeExample(ex);
    const Example back = parseExample(bytes, "round trip");
    ASSERT_EQ(back.size(), ex.size());
    for (const auto& [name, f] : ex) {
      const ExampleFeature& g = back.at(name);
      EXPECT_EQ(g.kind, f.kind) << name;
      EXPECT_EQ(g.bytes, f.bytes) << name;
      EXPECT_EQ(g.floats, f.floats) << name;
      EXPECT_EQ(g.ints, f.ints) << name;
    }
    EXPECT_EQ(serializeExample(back), bytes);
  }
  // NaN and infinities keep their bits.
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const Example back =
      parseExample(serializeExample({{"v", ExampleFeature::ofFloats({nan, -inf, -0.0f})}}), "nan");
  EXPECT_TRUE(std::isnan(back.at("v").floats[0]));
  EXPECT_EQ(back.at("v").floats[1], -inf);
  EXPECT_TRUE(std::signbit(back.at("v").floats[2]));
}

// Examples written by Python's protobuf package into a TFRecord file by tests/fixtures/gen_tf_examples.py.
void checkFixture(const std::string& path) {
  SCOPED_TRACE(path);
  TFRecordReader reader(path);
  std::vector<Example> examples;
  Record r;
  while (reader.next(r)) {
    const Example ex = parseExample(r.value, path + ": record " + std::to_string(r.index));
    EXPECT_EQ(serializeExample(ex), r.value) << "record " << r.index << " re-encodes differently";
    examples.push_back(ex);
  }
  ASSERT_EQ(examples.size(), 4u);

  std::string pixels;
  for (int i = 0; i < 16; ++i) pixels.push_back(static_cast<char>(i));
  EXPECT_EQ(examples[0].at("image").bytes, std::vector<std::string>{pixels});
  EXPECT_EQ(examples[0].at("label").ints, std::vector<int64_t>{3});
  EXPECT_EQ(examples[0].at("shape").ints, (std::vector<int64_t>{4, 4}));
  const ImageLabel first = extractImageLabel(examples[0], {}, "fixture");
  EXPECT_TRUE(first.isBytes);
  EXPECT_EQ(first.bytes, pixels);
  EXPECT_EQ(first.label, 3);

  EXPECT_EQ(examples[1].at("image").floats, (std::vector<float>{0.5f, -1.25f, 3e10f}));
  EXPECT_EQ(examples[1].at("label").ints, std::vector<int64_t>{-2});
  EXPECT_EQ(examples[1].at("name").bytes, (std::vector<std::string>{"caf\xc3\xa9", ""}));
  const ImageLabel second = extractImageLabel(examples[1], {}, "fixture");
  EXPECT_FALSE(second.isBytes);
  EXPECT_EQ(second.floats.size(), 3u);
  EXPECT_EQ(second.label, -2);

  EXPECT_TRUE(examples[2].empty());

  EXPECT_EQ(examples[3].at("empty").kind, ExampleFeature::kNone);
  EXPECT_EQ(examples[3].at("label").ints, std::vector<int64_t>{9});
  EXPECT_EQ(examples[3].at("big").ints, (std::vector<int64_t>{std::numeric_limits<int64_t>::max(),
                                                              std::numeric_limits<int64_t>::min(), 0}));
}

TEST(TfExample, ReadsExamplesWrittenByPythonProtobuf) {
  checkFixture(std::string(RINGDL_FIXTURE_DIR) + "/tfrecord/examples.tfrecord");
  checkFixture(std::string(RINGDL_FIXTURE_DIR) + "/tfrecord/examples.tfrecord.gz");
}

TEST(TfExample, PayloadsThatAreNotExamples) {
  expectError([] { parseExample("hello, world: a line of text", "text.tfrecord: record 0 at byte 0"); },
              {"text.tfrecord: record 0 at byte 0", "not a tf.train.Example"});
  expectError([] { parseExample(std::string(784, '\0'), "images: record 3"); },
              {"images: record 3", "not a tf.train.Example", "784 bytes", "00 00 00"});
  const std::string good = exampleBytes({entry("label", int64Feature({1}))});
  expectError([&] { parseExample(good.substr(0, good.size() - 2), "cut"); }, {"cut", "do not parse"});
  // A SequenceExample: context = 1 (parses as Features), feature_lists = 2 (unknown to Example).
  expectError([&] { parseExample(good + delimited(2, delimited(1, "")), "seq"); },
              {"seq", "field number 2", "SequenceExample"});
  // Unknown fields deeper down.
  expectError(
      [&] { parseExample(delimited(1, entry("a", int64Feature({1})) + tag(7, 0) + varint(1)), "deep"); },
      {"deep", "its Features", "field number 7"});
  expectError(
      [&] { parseExample(exampleBytes({entry("a", int64Feature({1}) + tag(9, 0) + varint(1))}), "f"); },
      {"feature 'a'", "field number 9"});
  // A length-delimited field where the schema expects a list: the wire types disagree.
  expectError([&] { parseExample(exampleBytes({entry("a", tag(3, 0) + varint(5))}), "wt"); }, {"wt"});
  // Random bytes never crash, and either parse or say why not.
  std::mt19937 rng(23);
  for (int i = 0; i < 2000; ++i) {
    std::string junk(rng() % 64, '\0');
    for (auto& c : junk) c = static_cast<char>(rng());
    try {
      parseExample(junk, "junk");
    } catch (const Error& e) {
      EXPECT_NE(e.message().find("junk: not a tf.train.Example"), std::string::npos) << e.message();
    }
  }
}

TEST(TfExample, ImageAndLabelByName) {
  Example ex = {{"image_raw", ExampleFeature::ofBytes({"pixels"})},
                {"label", ExampleFeature::ofInts({4})},
                {"height", ExampleFeature::ofInts({28})}};
  ImageLabelFeatures names;
  names.image = "image_raw";
  const ImageLabel got = extractImageLabel(ex, names, "a.tfrecord: record 0");
  EXPECT_TRUE(got.isBytes);
  EXPECT_EQ(got.bytes, "pixels");
  EXPECT_EQ(got.label, 4);

  expectError([&] { extractImageLabel(ex, {}, "a.tfrecord: record 7 at byte 99"); },
              {"a.tfrecord: record 7 at byte 99", "no image feature 'image'",
               "height (int64_list, 1 value), image_raw (bytes_list, 1 value), label (int64_list, 1 value)"});
  names.label = "class";
  expectError([&] { extractImageLabel(ex, names, "w"); }, {"no label feature 'class'", "image_raw"});
  names.label = "label";

  ex["label"] = ExampleFeature::ofFloats({4.0f});
  expectError([&] { extractImageLabel(ex, names, "w"); },
              {"label feature 'label' is a float_list of 1 value", "expected an int64_list of one value"});
  ex["label"] = ExampleFeature::ofInts({1, 2});
  expectError([&] { extractImageLabel(ex, names, "w"); }, {"int64_list of 2 values"});
  ex["label"] = ExampleFeature{};
  expectError([&] { extractImageLabel(ex, names, "w"); }, {"label feature 'label' is a no value"});
  ex["label"] = ExampleFeature::ofInts({1});

  ex["image_raw"] = ExampleFeature::ofBytes({"a", "b"});
  expectError(
      [&] { extractImageLabel(ex, names, "w"); },
      {"image feature 'image_raw' is a bytes_list of 2 values", "expected a bytes_list of one value"});
  ex["image_raw"] = ExampleFeature::ofInts({1, 2, 3});
  expectError([&] { extractImageLabel(ex, names, "w"); }, {"is a int64_list of 3 values"});
  ex["image_raw"] = ExampleFeature::ofFloats({});
  expectError([&] { extractImageLabel(ex, names, "w"); }, {"is a float_list of 0 values"});
  ex["image_raw"] = ExampleFeature::ofFloats({0.25f, 0.75f});
  const ImageLabel floats = extractImageLabel(ex, names, "w");
  EXPECT_FALSE(floats.isBytes);
  EXPECT_EQ(floats.floats, (std::vector<float>{0.25f, 0.75f}));
  EXPECT_EQ(floats.label, 1);

  expectError([] { extractImageLabel({}, {}, "empty"); },
              {"empty: the Example has no image feature", "no features"});
}

TEST(TfExample, SerializeRejectsMixedLists) {
  ExampleFeature f = ExampleFeature::ofInts({1});
  f.floats = {2.0f};
  expectError([&] { serializeExample({{"mixed", f}}); }, {"feature 'mixed'", "int64_list", "another list"});
}

}  // namespace
}  // namespace ringdl
