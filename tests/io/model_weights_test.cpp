// loadModelWeights (BigDL's Module.loadModelWeights) and definitions with base: and replace:: weights and
// buffers copied by layer path, every mismatch reported with its reason, matchAll refusing them all before
// copying anything, checkpoints as sources, and the saved model with a replaced head.
#include "ringdl/io/model_weights.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "io/io_test_util.h"
#include "ringdl/io/checkpoint.h"
#include "ringdl/io/model_io.h"
#include "ringdl/nn.h"
#include "ringdl/nn/model_definition.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

using test::errorOf;
using test::ScratchDir;

// features {conv (Linear 4x6), bn (BatchNormalization 6)} -> fc (Linear 6xclasses)
std::shared_ptr<Sequential<float>> net(int64_t classes, uint64_t seed, const std::string& headName = "fc") {
  Random::global().seed(seed);
  auto features = std::make_shared<Sequential<float>>();
  features->setName("features");
  features->add(std::make_shared<Linear<float>>(4, 6));
  features->at(0)->setName("conv");
  features->add(std::make_shared<BatchNormalization<float>>(6));
  features->at(1)->setName("bn");
  auto m = std::make_shared<Sequential<float>>();
  m->add(features);
  m->add(std::make_shared<Linear<float>>(6, classes));
  m->at(1)->setName(headName);
  return m;
}

std::vector<float> flat(Module<float>& m, const std::string& layer) {
  std::vector<float> v;
  Module<float>* l = m.findModule(layer);
  for (const ParamRef<float>& p : l->ownParameters()) v.insert(v.end(), p.weight->data(), p.weight->data() + p.weight->numel());
  for (const BufferRef<float>& b : l->ownBuffers()) v.insert(v.end(), b.tensor->data(), b.tensor->data() + b.tensor->numel());
  return v;
}

TEST(LoadModelWeights, CopiesMatchingLayersWithBuffersAndReportsTheOthers) {
  auto source = net(10, 1);
  // Running statistics that are not the initial ones.
  source->findModule("features.bn")->ownBuffers()[0].tensor->fill(0.25f);
  auto target = net(5, 2);
  const std::vector<float> ownHead = flat(*target, "fc");
  const WeightLoadReport r = loadModelWeights<float>(*source, *target);
  EXPECT_EQ(r.loaded, (std::vector<std::string>{"features.conv", "features.bn"}));
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].layer, "fc");
  EXPECT_EQ(r.skipped[0].reason, "weight [5, 6] here but [10, 6] in the saved model");
  EXPECT_TRUE(r.unused.empty());
  EXPECT_EQ(flat(*target, "features.conv"), flat(*source, "features.conv"));
  EXPECT_EQ(flat(*target, "features.bn"), flat(*source, "features.bn"));
  EXPECT_EQ(flat(*target, "features.bn")[12], 0.25f);  // runningMean, after weight and bias
  EXPECT_EQ(flat(*target, "fc"), ownHead);
  EXPECT_EQ(r.toString(), "  fc: kept its own initialisation: weight [5, 6] here but [10, 6] in the saved model\n");
}

TEST(LoadModelWeights, AnotherNameIsMissingAndTheSavedOneUnused) {
  auto source = net(5, 1);
  auto target = net(5, 2, "head");
  const WeightLoadReport r = loadModelWeights<float>(*source, *target);
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].layer, "head");
  EXPECT_EQ(r.skipped[0].reason, "not in the saved model");
  EXPECT_EQ(r.unused, (std::vector<std::string>{"fc"}));
  EXPECT_NE(r.toString().find("not used from the saved model: fc"), std::string::npos) << r.toString();
}

TEST(LoadModelWeights, AnotherTypeIsNamed) {
  auto source = net(5, 1);
  auto target = net(5, 2);
  target->replace("features.bn", std::make_shared<Linear<float>>(6, 6));
  const WeightLoadReport r = loadModelWeights<float>(*source, *target);
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].layer, "features.bn");
  EXPECT_NE(r.skipped[0].reason.find("(a Linear here, a BatchNormalization there)"), std::string::npos)
      << r.skipped[0].reason;
}

TEST(LoadModelWeights, MatchAllNamesEveryMismatchAndCopiesNothing) {
  auto source = net(10, 1);
  auto target = net(5, 2, "head");
  target->replace("features.conv", std::make_shared<Linear<float>>(4, 6, /*withBias=*/false));
  const std::vector<float> before = flat(*target, "features.bn");
  const std::string msg = errorOf([&] { loadModelWeights<float>(*source, *target, /*matchAll=*/true); });
  EXPECT_NE(msg.find("2 layer(s) of Sequential do not match the saved model, so nothing was loaded:"), std::string::npos)
      << msg;
  EXPECT_NE(msg.find("\n  features.conv: its parameters and buffers (weight; none) are not the saved layer's "
                     "(weight, bias; none)"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("\n  head: not in the saved model"), std::string::npos) << msg;
  EXPECT_EQ(flat(*target, "features.bn"), before);
  // Matching models load with matchAll.
  auto same = net(10, 3);
  EXPECT_EQ(loadModelWeights<float>(*source, *same, true).loaded.size(), 3u);
  EXPECT_EQ(flat(*same, "fc"), flat(*source, "fc"));
}

TEST(LoadModelWeights, FromModelFilesAndCheckpointDirectories) {
  ScratchDir dir;
  auto source = net(10, 1);
  saveModel(dir.file("model.ringdl"), *source);
  auto a = net(10, 2);
  EXPECT_EQ(loadModelWeights<float>(dir.file("model.ringdl"), *a).loaded.size(), 3u);
  EXPECT_EQ(flat(*a, "fc"), flat(*source, "fc"));
  SGD<float> sgd;
  TrainingState state;
  state.iteration = 7;
  std::filesystem::create_directories(dir.file("ckpt"));
  saveCheckpoint(checkpointPath(dir.file("ckpt"), 7), *source, sgd, state);
  auto b = net(10, 3);
  EXPECT_EQ(loadModelWeights<float>(dir.file("ckpt"), *b).loaded.size(), 3u);
  EXPECT_EQ(flat(*b, "features.conv"), flat(*source, "features.conv"));
  const std::string msg = errorOf([&] { loadModelWeights<float>(dir.file("none.ringdl"), *b); });
  EXPECT_NE(msg.find("none.ringdl"), std::string::npos) << msg;
}

TEST(ModelDefinitionBase, SavedModelWithAReplacedHead) {
  ScratchDir dir;
  auto saved = net(10, 1);
  saveModel(dir.file("saved.ringdl"), *saved);
  const std::string yaml =
      "base: saved.ringdl\n"
      "input_shape: [4]\n"
      "replace:\n"
      "  fc: {type: Linear, inputSize: 6, outputSize: $classes}\n";
  ModelDefinitionInfo info;
  Random::global().seed(9);
  ModulePtr<float> m = parseModelDefinition<float>(yaml, "head.yaml", dir.str(), {{"classes", "3"}}, &info,
                                                   savedModelLoader<float>());
  EXPECT_EQ(info.inputShape, (std::vector<int64_t>{4}));
  EXPECT_EQ(m->findModule("fc")->config().get<int64_t>("outputSize"), 3);
  EXPECT_EQ(flat(*m, "features.conv"), flat(*saved, "features.conv"));
  Tensor<float> x({2, 4});
  x.fill(0.5f);
  EXPECT_EQ(m->forward(x).toTensor().shape(), (Shape{2, 3}));

  const std::string missing = errorOf([&] {
    parseModelDefinition<float>("base: saved.ringdl\nreplace:\n  head: Tanh\n", "bad.yaml", dir.str(), {}, nullptr,
                                savedModelLoader<float>());
  });
  EXPECT_NE(missing.find("bad.yaml line 3: replace: "), std::string::npos) << missing;
  EXPECT_NE(missing.find("cannot replace 'head': there is no such layer; the layers are features, features.conv, "
                         "features.bn, fc"),
            std::string::npos)
      << missing;
  const std::string noLoader =
      errorOf([&] { parseModelDefinition<float>("base: saved.ringdl\n", "x.yaml", dir.str()); });
  EXPECT_NE(noLoader.find("x.yaml line 1: base: names a saved model"), std::string::npos) << noLoader;
  const std::string withLayers = errorOf([&] {
    parseModelDefinition<float>("base: saved.ringdl\nlayers: [Tanh]\n", "y.yaml", dir.str(), {}, nullptr,
                                savedModelLoader<float>());
  });
  EXPECT_NE(withLayers.find("y.yaml line 2: a definition with base: takes its layers from the saved model"),
            std::string::npos)
      << withLayers;
}

}  // namespace
}  // namespace ringdl
