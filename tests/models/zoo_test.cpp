// The zoo's ResNets, VGG-16 and Inception-v1: parameter counts equal the published ones (torchvision's,
// BigDL's), the shapes through them, shortcut A without parameters against B with them, and a training step
// of ResNet-20 that lowers the loss (the layers' own checks are in tests/nn/conformance_test.cpp).
#include <gtest/gtest.h>

#include <string>

#include "ringdl/models/model_zoo.h"
#include "ringdl/nn.h"
#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

int64_t parameterCount(Module<float>& model) {
  int64_t n = 0;
  for (const ParamRef<float>& p : model.parameters()) n += p.weight->numel();
  return n;
}

TEST(Zoo, ParameterCountsArePublishedOnes) {
  struct Case {
    const char* name;
    ModelParams params;
    int64_t count;
  };
  const std::vector<Case> cases = {
      {"resnet20", {{"classes", "10"}}, 269722},         // He et al.: 0.27M
      {"resnet32", {{"classes", "10"}}, 464154},         // 0.46M
      {"resnet56", {{"classes", "10"}}, 853018},         // 0.85M
      {"resnet18", {{"classes", "1000"}}, 11689512},     // torchvision.models.resnet18
      {"resnet50", {{"classes", "1000"}}, 25557032},     // torchvision.models.resnet50
      {"vgg16", {{"classes", "1000"}}, 138357544},       // torchvision.models.vgg16
      {"inception_v1", {{"classes", "1000"}}, 6998552},  // Caffe's bvlc_googlenet without the auxiliary heads
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ModulePtr<float> m = buildModel<float>(c.name, c.params);
    EXPECT_EQ(parameterCount(*m), c.count);
  }
}

TEST(Zoo, ResNetShapesAndShortcuts) {
  Random::global().seed(1);
  ModulePtr<float> a = buildModel<float>("resnet20", {{"classes", "10"}});
  ModulePtr<float> b = buildModel<float>("resnet20", {{"classes", "10"}, {"shortcut", "B"}});
  // B's two projections: 1x1 convolutions 16->32 and 32->64 with batch normalisation (weight and bias).
  EXPECT_EQ(parameterCount(*b) - parameterCount(*a), 16 * 32 + 2 * 32 + 32 * 64 + 2 * 64);
  Tensor<float> x({2, 3, 32, 32});
  Random(3).fillUniform(x, -1, 1);
  EXPECT_EQ(a->forward(x).toTensor().shape(), (Shape{2, 10}));
  EXPECT_EQ(b->forward(x).toTensor().shape(), (Shape{2, 10}));
  ModulePtr<float> small = buildModel<float>(
      "resnet20", {{"classes", "7"}, {"channels", "1"}, {"image", "28"}, {"final_size", "7"}});
  EXPECT_EQ(small->forward(Tensor<float>({3, 1, 28, 28})).toTensor().shape(), (Shape{3, 7}));
  ModulePtr<float> r50 =
      buildModel<float>("resnet50", {{"classes", "5"}, {"image", "64"}, {"final_size", "2"}});
  EXPECT_EQ(r50->forward(Tensor<float>({1, 3, 64, 64})).toTensor().shape(), (Shape{1, 5}));
}

TEST(Zoo, AResNetTrainingStepLowersTheLoss) {
  Random::global().seed(5);
  ModulePtr<float> m = buildModel<float>(
      "resnet20", {{"classes", "4"}, {"channels", "1"}, {"image", "16"}, {"final_size", "4"}});
  Tensor<float> x({8, 1, 16, 16}), y({8});
  Random r(9);
  r.fillUniform(x, -1, 1);
  for (int64_t i = 0; i < 8; ++i) y.data()[i] = static_cast<float>(i % 4);
  ClassNLLCriterion<float> loss;
  auto [w, g] = m->getParameters();
  double first = 0, last = 0;
  for (int step = 0; step < 5; ++step) {
    g.zero();
    const Activity<float>& out = m->forward(x);
    const double l = loss.forward(out, y);
    if (step == 0) first = l;
    last = l;
    m->backward(x, loss.backward(out, y));
    for (int64_t i = 0; i < w.numel(); ++i) w.data()[i] -= 0.05f * g.data()[i];
  }
  EXPECT_LT(last, first * 0.9) << "five SGD steps on 8 records did not lower the loss";
}

TEST(Zoo, UnknownParamsAndDuplicateNamesAreErrors) {
  try {
    buildModel<float>("resnet20", {{"classes", "10"}, {"depth", "32"}});
    FAIL() << "an undeclared param was accepted";
  } catch (const Error& e) {
    EXPECT_NE(
        std::string(e.what()).find("parameter 'depth' is given but the definition has no such parameter"),
        std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ringdl
