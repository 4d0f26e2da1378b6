// proto/tf_example.proto is the reference for tf.train.Example; the data module reads and writes Examples
// with its own protobuf-free codec (ringdl/data/tf_feature.h). These tests hold the codec to protoc's code
// for the schema: what protobuf writes, the codec reads; what the codec writes, protobuf reads, byte for byte
// as protobuf's deterministic serialisation writes it.
#include <google/protobuf/stubs/logging.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "ringdl/data/tf_feature.h"
#include "ringdl/proto/tf_example.pb.h"
#include "ringdl/util/error.h"

namespace ringdl {
namespace {

namespace pb = ringdl::proto::tf;

std::string randomBytes(std::mt19937_64& rng, size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// A random Example built with protobuf's classes, and the same features as TfFeatures.
pb::Example randomExample(std::mt19937_64& rng, TfFeatures& features) {
  pb::Example ex;
  auto& map = *ex.mutable_features()->mutable_feature();
  const int count = static_cast<int>(rng() % 7);
  for (int f = 0; f < count; ++f) {
    const std::string name = "feature/" + std::to_string(rng() % 1000);  // valid UTF-8, as proto3 wants
    const size_t n = rng() % 20;
    pb::Feature& feature = map[name];
    feature.Clear();
    switch (rng() % 4) {
      case 0: {
        std::vector<std::string> values;
        auto* list = feature.mutable_bytes_list();
        for (size_t i = 0; i < n; ++i) list->add_value(values.emplace_back(randomBytes(rng, rng() % 60)));
        features[name] = TfFeature::ofBytes(values);
        break;
      }
      case 1: {
        std::vector<float> values;
        auto* list = feature.mutable_float_list();
        for (size_t i = 0; i < n; ++i)
          list->add_value(values.emplace_back(std::ldexp(float(int32_t(rng())), -int(rng() % 40))));
        features[name] = TfFeature::ofFloats(values);
        break;
      }
      case 2: {
        std::vector<int64_t> values;
        auto* list = feature.mutable_int64_list();
        for (size_t i = 0; i < n; ++i) list->add_value(values.emplace_back(int64_t(rng()) >> (rng() % 64)));
        features[name] = TfFeature::ofInts(values);
        break;
      }
      default:
        features[name] = TfFeature{};  // a Feature with no list set
    }
  }
  return ex;
}

std::string deterministic(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);  // map entries in key order, as TensorFlow's writers give them
  m.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

void expectSameFeatures(const TfFeatures& got, const TfFeatures& want) {
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [name, w] : want) {
    ASSERT_EQ(got.count(name), 1u) << name;
    const TfFeature& g = got.at(name);
    EXPECT_EQ(g.kind, w.kind) << name;
    EXPECT_EQ(g.bytes, w.bytes) << name;
    EXPECT_EQ(g.ints, w.ints) << name;
    ASSERT_EQ(g.floats.size(), w.floats.size()) << name;
    for (size_t i = 0; i < w.floats.size(); ++i)
      EXPECT_EQ(std::signbit(g.floats[i]), std::signbit(w.floats[i])) << name;
    EXPECT_EQ(g.floats, w.floats) << name;
  }
}

TEST(TfExampleSchema, TheCodecReadsWhatProtobufWrites) {
  std::mt19937_64 rng(17);
  for (int trial = 0; trial < 300; ++trial) {
    TfFeatures want;
    const pb::Example ex = randomExample(rng, want);
    SCOPED_TRACE("trial " + std::to_string(trial));
    expectSameFeatures(parseTfExample(ex.SerializeAsString()), want);
    expectSameFeatures(parseTfExample(deterministic(ex)), want);
  }
}

TEST(TfExampleSchema, ProtobufReadsWhatTheCodecWritesByteForByte) {
  std::mt19937_64 rng(29);
  for (int trial = 0; trial < 300; ++trial) {
    TfFeatures features;
    const pb::Example ex = randomExample(rng, features);
    SCOPED_TRACE("trial " + std::to_string(trial));
    const std::string bytes = encodeTfExample(features);
    EXPECT_EQ(bytes, deterministic(ex));
    pb::Example back;
    ASSERT_TRUE(back.ParseFromString(bytes));
    EXPECT_EQ(deterministic(back), bytes);
  }
}

TEST(TfExampleSchema, SpecialFloatsAndExtremeIntegersKeepTheirBits) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const TfFeatures features = {
      {"f", TfFeature::ofFloats({nan, -inf, inf, -0.0f, std::numeric_limits<float>::denorm_min()})},
      {"i",
       TfFeature::ofInts({std::numeric_limits<int64_t>::min(), -1, 0, std::numeric_limits<int64_t>::max()})}};
  pb::Example ex;
  ASSERT_TRUE(ex.ParseFromString(encodeTfExample(features)));
  const auto& f = ex.features().feature().at("f").float_list();
  ASSERT_EQ(f.value_size(), 5);
  EXPECT_TRUE(std::isnan(f.value(0)));
  EXPECT_EQ(f.value(1), -inf);
  EXPECT_EQ(f.value(2), inf);
  EXPECT_TRUE(std::signbit(f.value(3)));
  EXPECT_EQ(f.value(4), std::numeric_limits<float>::denorm_min());
  const auto& i = ex.features().feature().at("i").int64_list();
  ASSERT_EQ(i.value_size(), 4);
  EXPECT_EQ(i.value(0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(i.value(3), std::numeric_limits<int64_t>::max());
  const TfFeatures back = parseTfExample(ex.SerializeAsString());
  EXPECT_TRUE(std::isnan(back.at("f").floats[0]));
  EXPECT_EQ(back.at("i").ints, features.at("i").ints);
}

// Damaged Examples: whenever protobuf still parses the bytes, the codec gives the same features (it may
// refuse more, e.g. never less); whatever it refuses it says so with a ringdl::Error, never a crash.
TEST(TfExampleSchema, DamagedMessagesAgreeWithProtobufWhereProtobufParses) {
  const google::protobuf::LogSilencer quiet;  // protobuf logs each invalid UTF-8 name it meets
  std::mt19937_64 rng(41);
  int bothParsed = 0, refused = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    TfFeatures unused;
    std::string bytes = deterministic(randomExample(rng, unused));
    if (bytes.empty()) continue;
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < flips; ++k) bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    if (rng() % 4 == 0) bytes.resize(rng() % bytes.size());
    pb::Example ex;
    const bool protobufParsed = ex.ParseFromString(bytes);
    try {
      const TfFeatures got = parseTfExample(bytes);
      if (protobufParsed) {
        ++bothParsed;
        TfFeatures want;
        for (const auto& [name, feature] : ex.features().feature()) {
          TfFeature& w = want[name];
          if (feature.has_bytes_list()) {
            w = TfFeature::ofBytes(
                {feature.bytes_list().value().begin(), feature.bytes_list().value().end()});
          } else if (feature.has_float_list()) {
            w = TfFeature::ofFloats(
                {feature.float_list().value().begin(), feature.float_list().value().end()});
          } else if (feature.has_int64_list()) {
            w = TfFeature::ofInts({feature.int64_list().value().begin(), feature.int64_list().value().end()});
          }
        }
        expectSameFeatures(got, want);
      }
    } catch (const Error& e) {
      ++refused;
      EXPECT_FALSE(protobufParsed) << "protobuf parses what the codec refuses: " << e.message();
    }
  }
  EXPECT_GT(bothParsed, 100);
  EXPECT_GT(refused, 100);
}

}  // namespace
}  // namespace ringdl
