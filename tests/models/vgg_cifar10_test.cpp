// vgg_cifar10: shapes, parameter count, the zoo's name table, a clear error for input of another shape,
// gradients against central differences (sampled: the model has 666,538 parameters), dropout only in
// training, and the save/load round trip.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/io/model_io.h"
#include "ringdl/models/model_zoo.h"
#include "ringdl/nn.h"
#include "ringdl/tensor/random.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

int64_t parameterCount(Module<float>& model) {
  int64_t n = 0;
  for (const ParamRef<float>& p : model.parameters()) n += p.weight->numel();
  return n;
}

Tensor<float> randomImages(int64_t n, uint64_t seed = 3) {
  Tensor<float> x({n, 3, 32, 32});
  Random rng(seed);
  rng.fillUniform(x, -1.0, 1.0);
  return x;
}

TEST(VggCifar10, OutputsLogProbabilitiesPerRecordAndClass) {
  Random::global().seed(1);
  auto model = vggCifar10<float>();
  model->evaluate();
  const Tensor<float> out = model->forward(randomImages(4)).toTensor().contiguous();
  ASSERT_EQ(out.shape(), (Shape{4, 10}));
  for (int64_t r = 0; r < 4; ++r) {
    double sum = 0;
    for (int64_t c = 0; c < 10; ++c) sum += std::exp(static_cast<double>(out.data()[r * 10 + c]));
    EXPECT_NEAR(sum, 1.0, 1e-5) << "record " << r;
  }
  // Conv 3x3: 896 + 9,248 + 18,496 + 36,928 + 73,856; linear 2048x256 + 256 and 256x10 + 10.
  EXPECT_EQ(parameterCount(*model), 666538);

  // Other class counts change only the last linear layer; flat records [N, 3072] are reshaped.
  auto seven = vggCifar10<float>(7);
  seven->evaluate();
  Tensor<float> flat = randomImages(2).reshape({2, 3 * 32 * 32});
  EXPECT_EQ(seven->forward(flat).toTensor().shape(), (Shape{2, 7}));
  EXPECT_EQ(parameterCount(*seven), 666538 - 3 * 257);
}

TEST(VggCifar10, IsInTheZoosNameTable) {
  const std::vector<std::string> names = modelNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "vgg_cifar10"), names.end());
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  auto model = buildModel<float>("vgg_cifar10", 10);
  EXPECT_EQ(model->name(), "vgg_cifar10");
  EXPECT_EQ(parameterCount(*model), 666538);
  test::expectError([] { buildModel<float>("vgg", 10); }, {"unknown model 'vgg'", "vgg_cifar10"});
}

TEST(VggCifar10, GreyImagesAreAClearError) {
  auto model = vggCifar10<float>();
  Tensor<float> grey({2, 1, 28, 28});
  grey.zero();
  test::expectError([&] { model->forward(grey); }, {"Reshape", "[2, 1, 28, 28]", "[3, 32, 32]"});
}

TEST(VggCifar10, DropoutOnlyInTraining) {
  Random::global().seed(5);
  auto model = vggCifar10<float>();
  const Tensor<float> x = randomImages(2);
  model->evaluate();
  const Tensor<float> a = model->forward(x).toTensor().clone();
  const Tensor<float> b = model->forward(x).toTensor().clone();
  for (int64_t i = 0; i < a.numel(); ++i) ASSERT_EQ(a.data()[i], b.data()[i]) << "element " << i;
  model->training();
  const Tensor<float> c = model->forward(x).toTensor().clone();
  double diff = 0;
  for (int64_t i = 0; i < a.numel(); ++i) diff += std::abs(a.data()[i] - c.data()[i]);
  EXPECT_GT(diff, 1e-4) << "training mode should drop units";
}

// The gradients of L = sum(R * model(x)) against central differences on a sample of input elements and of
// every parameter tensor's elements (all of them would take hours: each needs two forward passes).
TEST(VggCifar10, GradientsMatchCentralDifferences) {
  Random::global().seed(11);
  auto model = vggCifar10<double>();
  Tensor<double> x = test::randomTensor({2, 3, 32, 32}, 13);
  Random& rng = Random::global();
  const std::string rngState = rng.state();  // restored before each forward: the same dropout mask
  auto run = [&]() -> Tensor<double> {
    rng.setState(rngState);
    return model->forward(x).toTensor().contiguous();
  };
  const Tensor<double> y = run();
  Tensor<double> r(y.shape());
  Random(17).fillUniform(r, -1.0, 1.0);
  auto loss = [&]() {
    const Tensor<double> out = run();
    double s = 0;
    for (int64_t i = 0; i < out.numel(); ++i) s += out.data()[i] * r.data()[i];
    return s;
  };
  model->zeroGradParameters();
  run();
  const Tensor<double> gradInput = model->backward(x, r).toTensor().contiguous().clone();
  ASSERT_EQ(gradInput.shape(), x.shape());

  // A small step: a perturbation of an early layer moves thousands of ReLU inputs and max-pooling windows
  // downstream, and a step that carries one of them across its kink spoils the difference (1e-5 does here).
  const double eps = 1e-7, tolerance = 1e-4;
  auto numeric = [&](double& v) {
    const double saved = v;
    v = saved + eps;
    const double lp = loss();
    v = saved - eps;
    const double lm = loss();
    v = saved;
    return (lp - lm) / (2 * eps);
  };
  Random pick(19);
  for (int k = 0; k < 24; ++k) {
    const auto i = static_cast<int64_t>(pick.uniform(0, static_cast<double>(x.numel())));
    const double n = numeric(x.data()[i]);
    EXPECT_LE(test::relativeError(gradInput.data()[i], n), tolerance)
        << "input element " << i << ": analytic " << gradInput.data()[i] << ", numeric " << n;
  }
  for (const ParamRef<double>& p : model->parameters()) {
    const Tensor<double> grad = p.grad->contiguous().clone();
    ASSERT_TRUE(p.weight->isContiguous()) << p.name;
    for (int k = 0; k < 5; ++k) {
      const auto i = static_cast<int64_t>(pick.uniform(0, static_cast<double>(p.weight->numel())));
      const double n = numeric(p.weight->data()[i]);
      EXPECT_LE(test::relativeError(grad.data()[i], n), tolerance)
          << p.name << " element " << i << ": analytic " << grad.data()[i] << ", numeric " << n;
    }
  }
}

TEST(VggCifar10, SavesAndLoadsBitExactly) {
  Random::global().seed(7);
  auto model = vggCifar10<float>();
  model->evaluate();
  const Tensor<float> x = randomImages(2);
  const Tensor<float> before = model->forward(x).toTensor().clone();
  test::TempDir dir;
  saveModel<float>(dir.file("vgg.ringdl"), *model);
  auto loaded = loadModel<float>(dir.file("vgg.ringdl"));
  loaded->evaluate();
  const Tensor<float> after = loaded->forward(x).toTensor().contiguous();
  ASSERT_EQ(after.shape(), before.shape());
  for (int64_t i = 0; i < before.numel(); ++i)
    ASSERT_EQ(before.data()[i], after.data()[i]) << "element " << i;
}

}  // namespace
}  // namespace ringdl
