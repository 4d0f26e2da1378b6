// The zoo's ResNets, VGG-16 and Inception-v1: parameter counts equal the published ones (torchvision's,
// BigDL's), the shapes through them, shortcut A without parameters against B with them, and a training step
// of ResNet-20 that lowers the loss; the package-section text CNN's parameters, shapes and padding row (the
// layers' own checks are in tests/nn/conformance_test.cpp).
#include <gtest/gtest.h>

#include <cmath>
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

// models/package_sections: PyTorch's parameter count (nn.Embedding(10000, 64), nn.Conv1d(64, 128, 3),
// nn.Linear(128, 20)), token indices [N, 24] in, log-probabilities [N, 20] out, and the <pad> row (0) at
// zero, so that padding adds nothing to a window but the bias.
TEST(Zoo, PackageSectionsTextCnn) {
  Random::global().seed(3);
  ModulePtr<float> m = buildModel<float>("package_sections", 20);
  EXPECT_EQ(parameterCount(*m), 10000 * 64 + (3 * 64 * 128 + 128) + (128 * 20 + 20));
  Tensor<float> tokens({3, 24});
  tokens.zero();
  for (int64_t i = 0; i < 3 * 8; ++i) tokens.data()[(i / 8) * 24 + i % 8] = static_cast<float>(1 + i * 397);
  const Tensor<float> out = m->forward(tokens).toTensor();
  ASSERT_EQ(out.shape(), (Shape{3, 20}));
  for (int64_t r = 0; r < 3; ++r) {
    double sum = 0;
    for (int64_t c = 0; c < 20; ++c) sum += std::exp(out.data()[r * 20 + c]);
    EXPECT_NEAR(sum, 1.0, 1e-5);
  }
  const std::vector<ParamRef<float>> params = m->parameters();
  ASSERT_EQ(params.front().weight->shape(), (Shape{10000, 64})) << params.front().name;
  for (int64_t j = 0; j < 64; ++j) EXPECT_EQ(params.front().weight->data()[j], 0.0f);
  EXPECT_NE(params.front().weight->data()[64], 0.0f);
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
