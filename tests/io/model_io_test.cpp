// saveModel / loadModel: bit-exact round trips for every registered layer, float<->double, the metadata of
// how the inputs were prepared, structure errors.
#include "ringdl/io/model_io.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <optional>

#include "io/io_test_util.h"
#include "ringdl/io/checkpoint.h"
#include "ringdl/io/file_format.h"
#include "ringdl/nn.h"
#include "ringdl/nn/registry.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/tensor/math.h"
#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

using test::bitEqual;
using test::errorOf;
using test::ScratchDir;

Tensor<float> randomInput(const Shape& shape) {
  Tensor<float> t(shape);
  Random rng(42);
  rng.fillNormal(t, 0.0, 1.0);
  return t;
}

std::shared_ptr<Sequential<float>> smallMlp() {
  auto seq = std::make_shared<Sequential<float>>();
  seq->emplace<Linear<float>>(6, 5).emplace<ReLU<float>>().emplace<Linear<float>>(5, 3, /*withBias=*/false);
  return seq;
}

TEST(ModelIo, SequentialRoundTripIsBitExact) {
  ScratchDir dir;
  auto model = smallMlp();
  model->setName("mlp");
  const std::string path = dir.file("mlp.ringdl");
  saveModel(path, *model);

  ModulePtr<float> loaded = loadModel<float>(path);
  EXPECT_EQ(loaded->typeName(), "Sequential");
  EXPECT_EQ(loaded->name(), "mlp");
  EXPECT_EQ(loaded->toString(), model->toString());
  test::expectSameParameters<float>(*model, *loaded);

  const Tensor<float> x = randomInput({4, 6});
  EXPECT_TRUE(bitEqual(model->forward(x).toTensor(), loaded->forward(x).toTensor()));
}

TEST(ModelIo, ChildNamesAreKept) {
  ScratchDir dir;
  Sequential<float> model;
  model.add(std::make_shared<Linear<float>>(3, 2));
  auto relu = std::make_shared<ReLU<float>>();
  relu->setName("act");
  model.add(relu);
  saveModel(dir.file("m.ringdl"), model);
  auto loaded = loadModel<float>(dir.file("m.ringdl"));
  auto children = loaded->children();
  ASSERT_EQ(children.size(), 2u);
  EXPECT_EQ(children[0]->name(), "0");
  EXPECT_EQ(children[1]->name(), "act");
  EXPECT_EQ(loaded->parameters()[0].name, "0.weight");
}

TEST(ModelIo, NestedContainersRoundTrip) {
  ScratchDir dir;
  Sequential<double> outer;
  auto inner = std::make_shared<Sequential<double>>();
  inner->emplace<Linear<double>>(4, 4).emplace<ReLU<double>>();
  outer.add(inner).emplace<Linear<double>>(4, 2);
  saveModel(dir.file("nested.ringdl"), outer);
  auto loaded = loadModel<double>(dir.file("nested.ringdl"));
  test::expectSameParameters<double>(outer, *loaded);
  EXPECT_EQ(loaded->parameters()[0].name, "0.0.weight");
}

// Special values must survive: the file stores IEEE bits, not decimal text.
TEST(ModelIo, SpecialFloatValuesRoundTrip) {
  ScratchDir dir;
  Linear<float> layer(2, 2);
  layer.weight().copyFrom(Tensor<float>::fromVector(
      {2, 2}, {std::numeric_limits<float>::quiet_NaN(), -0.0f, std::numeric_limits<float>::denorm_min(),
               std::numeric_limits<float>::infinity()}));
  saveModel(dir.file("special.ringdl"), layer);
  auto loaded = loadModel<float>(dir.file("special.ringdl"));
  EXPECT_TRUE(bitEqual(layer.weight(), *loaded->parameters()[0].weight));
}

TEST(ModelIo, FloatModelLoadsAsDoubleAndBack) {
  ScratchDir dir;
  auto model = smallMlp();
  saveModel(dir.file("f.ringdl"), *model);
  ModulePtr<double> asDouble = loadModel<double>(dir.file("f.ringdl"));
  auto pf = model->parameters();
  auto pd = asDouble->parameters();
  ASSERT_EQ(pf.size(), pd.size());
  for (size_t i = 0; i < pf.size(); ++i) {
    // float -> double is exact, so converting back must give the original bits.
    EXPECT_TRUE(bitEqual(*pf[i].weight, pd[i].weight->to<float>())) << pf[i].name;
  }
  // And a double file loads as float.
  saveModel(dir.file("d.ringdl"), *asDouble);
  ModulePtr<float> backToFloat = loadModel<float>(dir.file("d.ringdl"));
  test::expectSameParameters<float>(*model, *backToFloat);

  const Tensor<float> x = randomInput({3, 6});
  const Tensor<double> y = asDouble->forward(x.to<double>()).toTensor();
  EXPECT_TRUE(allClose(y.to<float>(), model->forward(x).toTensor(), 1e-5, 1e-6));
}

// An example config (and, where forward is cheap to set up, an input) for each layer type that needs one;
// types not listed are built with an empty config.
struct Example {
  Attributes config;
  std::optional<Shape> input;
};

const std::map<std::string, Example>& examples() {
  static const std::map<std::string, Example> table = {
      {"Dropout", {Attributes().set("p", 0.25), Shape{3, 4}}},
      {"Linear", {Attributes().set("inputSize", 4).set("outputSize", 3), Shape{2, 4}}},
      {"LogSoftMax", {Attributes(), Shape{2, 5}}},
      {"ReLU", {Attributes(), Shape{2, 5}}},
      {"Reshape", {Attributes().set("size", std::vector<int64_t>{3, 4}), Shape{2, 12}}},
      {"Sigmoid", {Attributes(), Shape{2, 5}}},
      {"SoftMax", {Attributes(), Shape{2, 5}}},
      {"SpatialAveragePooling",
       {Attributes().set("kW", 2).set("kH", 3).set("dW", 2).set("dH", 1).set("padH", 1), Shape{2, 3, 6, 6}}},
      {"SpatialConvolution",
       {Attributes()
            .set("nInputPlane", 2)
            .set("nOutputPlane", 3)
            .set("kernelW", 3)
            .set("kernelH", 2)
            .set("strideW", 2)
            .set("padH", 1),
        Shape{2, 2, 5, 6}}},
      {"SpatialMaxPooling",
       {Attributes().set("kW", 2).set("kH", 2).set("dW", 2).set("dH", 2), Shape{2, 3, 6, 6}}},
      {"Tanh", {Attributes(), Shape{2, 5}}},
      {"View", {Attributes().set("sizes", std::vector<int64_t>{-1}), Shape{2, 3, 4}}},
  };
  return table;
}

TEST(ModelIo, EveryRegisteredLayerRoundTrips) {
  ScratchDir dir;
  std::vector<std::string> notCovered;
  for (const std::string& type : registeredModuleTypes()) {
    SCOPED_TRACE(type);
    auto it = examples().find(type);
    ModulePtr<float> original;
    try {
      original = createModule<float>(type, it == examples().end() ? Attributes() : it->second.config);
    } catch (const Error&) {
      notCovered.push_back(type);  // needs a config this test does not know yet
      continue;
    }
    const std::string path = dir.file(type + ".ringdl");
    saveModel(path, *original);
    ModulePtr<float> loaded = loadModel<float>(path);
    EXPECT_EQ(loaded->typeName(), type);
    EXPECT_TRUE(loaded->config() == original->config());
    test::expectSameParameters<float>(*original, *loaded);
    if (it != examples().end() && it->second.input) {
      original->evaluate();
      loaded->evaluate();
      const Tensor<float> x = randomInput(*it->second.input);
      EXPECT_TRUE(bitEqual(original->forward(x).toTensor(), loaded->forward(x).toTensor()));
    }
  }
  if (!notCovered.empty()) {
    std::string list;
    for (const auto& t : notCovered) list += " " + t;
    std::cout << "[ NOTE ] layer types without an example config in " << __FILE__ << ":" << list << "\n";
  }
}

// The run config and class names come back as saved, byte for byte (line breaks, quotes, commas, non-ASCII
// names and an empty name included), with the model unchanged.
TEST(ModelIo, MetadataRoundTrips) {
  ScratchDir dir;
  auto model = smallMlp();
  ModelMetadata metadata;
  metadata.runConfig = "model: lenet5\nnormalize: 0.286,0.353\ntransforms: \"resize 32; to_tensor\"\n";
  metadata.classNames = {"ankle boot", "caf\xc3\xa9", "a,b", "", "dog"};
  const std::string path = dir.file("m.ringdl");
  saveModel(path, *model, metadata);

  const ModelFile<float> file = loadModelFile<float>(path);
  EXPECT_EQ(file.metadata.runConfig, metadata.runConfig);
  EXPECT_EQ(file.metadata.classNames, metadata.classNames);
  EXPECT_FALSE(file.metadata.empty());
  test::expectSameParameters<float>(*model, *file.model);
  // loadModel ignores the metadata; double models carry it too.
  test::expectSameParameters<float>(*model, *loadModel<float>(path));
  EXPECT_EQ(loadModelFile<double>(path).metadata.classNames, metadata.classNames);
}

// A file saved without metadata (as every file before it existed: empty fields are not written) loads with
// empty metadata, and is byte for byte the file saveModel writes with empty metadata.
TEST(ModelIo, FileWithoutMetadataLoadsWithEmptyMetadata) {
  ScratchDir dir;
  auto model = smallMlp();
  saveModel(dir.file("plain.ringdl"), *model);
  saveModel(dir.file("empty.ringdl"), *model, ModelMetadata{});
  const ModelFile<float> file = loadModelFile<float>(dir.file("plain.ringdl"));
  EXPECT_TRUE(file.metadata.empty());
  EXPECT_TRUE(file.metadata.classNames.empty());
  test::expectSameParameters<float>(*model, *file.model);
  EXPECT_EQ(test::readBytes(dir.file("plain.ringdl")), test::readBytes(dir.file("empty.ringdl")));
  ModelMetadata names;
  names.classNames = {"cat"};
  saveModel(dir.file("names.ringdl"), *model, names);
  EXPECT_NE(test::readBytes(dir.file("plain.ringdl")), test::readBytes(dir.file("names.ringdl")));
}

// loadModelFile on a checkpoint gives its model and its run config as the metadata.
TEST(ModelIo, LoadModelFileOfACheckpointGivesItsRunConfig) {
  ScratchDir dir;
  auto model = smallMlp();
  SGD<float> sgd(SGDOptions().lr(0.1));
  const std::string path = dir.file("checkpoint.3.ringdl");
  saveCheckpoint(path, *model, sgd, TrainingState{}, "model: mlp\n");
  const ModelFile<float> file = loadModelFile<float>(path);
  EXPECT_EQ(file.metadata.runConfig, "model: mlp\n");
  EXPECT_TRUE(file.metadata.classNames.empty());
  test::expectSameParameters<float>(*model, *file.model);
}

TEST(ModelIo, LoadingLeavesGlobalRandomUntouched) {
  ScratchDir dir;
  auto model = smallMlp();
  saveModel(dir.file("m.ringdl"), *model);
  Random::global().seed(7);
  const std::string before = Random::global().state();
  loadModel<float>(dir.file("m.ringdl"));
  EXPECT_EQ(Random::global().state(), before);
}

TEST(ModelIo, SavingTheSameModelTwiceGivesTheSameBytes) {
  ScratchDir dir;
  auto model = smallMlp();
  saveModel(dir.file("a.ringdl"), *model);
  saveModel(dir.file("b.ringdl"), *model);
  EXPECT_EQ(test::readBytes(dir.file("a.ringdl")), test::readBytes(dir.file("b.ringdl")));
}

TEST(ModelIo, ModelFileStartsWithTheEnvelope) {
  ScratchDir dir;
  Linear<float> layer(2, 2);
  saveModel(dir.file("m.ringdl"), layer);
  const std::string bytes = test::readBytes(dir.file("m.ringdl"));
  ASSERT_GT(bytes.size(), kFileHeaderSize);
  EXPECT_EQ(bytes.substr(0, 8), "RINGDLCK");
  EXPECT_EQ(static_cast<unsigned char>(bytes[kFileVersionOffset]), kFileFormatVersion);
}

// A file whose parameter shapes disagree with what the layer's config builds is refused, naming the
// parameter, both shapes and the file. Such a file is made by saving Linear(4, 3) and patching its config to
// inputSize=5 (one varint byte) with a recomputed CRC, as a stale or hand-edited file would look.
TEST(ModelIo, ParameterShapeDisagreeingWithConfigIsAnError) {
  ScratchDir dir;
  Sequential<float> model;
  model.emplace<Linear<float>>(4, 3);
  const std::string path = dir.file("bad.ringdl");
  saveModel(path, model);

  std::string bytes = test::readBytes(path);
  // Map entry: key "inputSize", then field 2 (AttrValue, 2 bytes long) holding int_value (field 1) = 4.
  const std::string encoded = std::string("inputSize") + std::string("\x12\x02\x08\x04", 4);
  const size_t at = bytes.find(encoded);
  ASSERT_NE(at, std::string::npos);
  bytes[at + encoded.size() - 1] = '\x05';
  test::fixCrc(bytes);
  test::writeBytes(path, bytes);

  const std::string msg = errorOf([&] { loadModel<float>(path); });
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("'0.weight'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[3, 4]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[3, 5]"), std::string::npos) << msg;
}

TEST(ModelIo, UnknownLayerTypeIsAnErrorNamingFileAndType) {
  ScratchDir dir;
  Linear<float> layer(2, 2);
  const std::string path = dir.file("m.ringdl");
  saveModel(path, layer);
  std::string bytes = test::readBytes(path);
  const size_t at = bytes.find("Linear");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 6, "Lineer");
  test::fixCrc(bytes);
  test::writeBytes(path, bytes);
  const std::string msg = errorOf([&] { loadModel<float>(path); });
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("Lineer"), std::string::npos) << msg;
  EXPECT_NE(msg.find("known types"), std::string::npos) << msg;
}

TEST(ModelIo, MissingFileIsAnErrorNamingIt) {
  const std::string msg = errorOf([] { loadModel<float>("/nonexistent/dir/m.ringdl"); });
  EXPECT_NE(msg.find("/nonexistent/dir/m.ringdl"), std::string::npos) << msg;
}

TEST(ModelIo, UnwritableDirectoryIsAnError) {
  Linear<float> layer(2, 2);
  const std::string msg = errorOf([&] { saveModel("/nonexistent/dir/m.ringdl", layer); });
  EXPECT_NE(msg.find("/nonexistent/dir/m.ringdl"), std::string::npos) << msg;
}

}  // namespace
}  // namespace ringdl
