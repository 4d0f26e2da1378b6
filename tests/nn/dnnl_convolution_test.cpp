// SpatialConvolution<float> on oneDNN against the im2col + GEMM kernels: every pass, on the PyTorch fixtures'
// shapes and on the cases where the oneDNN state is reused or rebuilt (skipped in builds without oneDNN).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "ringdl/nn/layers/convolution/spatial_convolution.h"
#include "ringdl/tensor/math.h"
#include "support/fixture.h"
#include "support/fixture_compare.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

class DnnlConvolution : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!SpatialConvolution<float>::backendAvailable(ConvBackend::kDnnl))
      GTEST_SKIP() << "built without oneDNN";
  }
};

/// The two backends agree to 1e-5 relative; the absolute floor (1e-6 of the largest value) covers elements
/// that are sums cancelling to near zero, whose rounding follows the summation order.
::testing::AssertionResult backendsAgree(const Tensor<float>& dnnl, const Tensor<float>& gemm) {
  const std::vector<float> v = gemm.toVector();
  float largest = 0;
  for (float x : v) largest = std::max(largest, std::abs(x));
  return test::tensorsClose(dnnl, gemm.to<double>(), 1e-5, 1e-6 * largest);
}

struct Config {
  int64_t nIn, nOut, kW, kH, dW, dH, padW, padH, groups;
  bool withBias;
};

using Layer = std::unique_ptr<SpatialConvolution<float>>;

/// A layer with the given backend and weights drawn from seed (the same for both backends).
Layer makeLayer(const Config& c, ConvBackend backend, uint64_t seed = 11) {
  auto layer = std::make_unique<SpatialConvolution<float>>(c.nIn, c.nOut, c.kW, c.kH, c.dW, c.dH, c.padW,
                                                           c.padH, c.groups, c.withBias);
  layer->setBackend(backend);
  layer->weight().copyFrom(test::randomTensor(layer->weight().shape(), seed).to<float>());
  if (c.withBias) layer->bias().copyFrom(test::randomTensor(layer->bias().shape(), seed + 1).to<float>());
  return layer;
}

/// Output, gradInput (when needed), gradWeight and gradBias of one forward and backward.
struct Results {
  Tensor<float> output, gradInput, gradWeight, gradBias;
};

Results run(SpatialConvolution<float>& layer, const Tensor<float>& x, const Tensor<float>& gradOutput,
            bool gradInputNeeded = true) {
  layer.setGradInputNeeded(gradInputNeeded);
  Results r;
  r.output = layer.forward(x).toTensor().clone();
  layer.zeroGradParameters();
  const Tensor<float> gi = layer.backward(x, gradOutput).toTensor();
  if (gradInputNeeded) r.gradInput = gi.clone();
  const auto params = layer.parameters();
  r.gradWeight = params[0].grad->clone();
  if (params.size() > 1) r.gradBias = params[1].grad->clone();
  return r;
}

void expectSame(const Results& dnnl, const Results& gemm) {
  EXPECT_TRUE(backendsAgree(dnnl.output, gemm.output)) << "output";
  if (gemm.gradInput.numel() > 0) EXPECT_TRUE(backendsAgree(dnnl.gradInput, gemm.gradInput)) << "gradInput";
  EXPECT_TRUE(backendsAgree(dnnl.gradWeight, gemm.gradWeight)) << "gradWeight";
  EXPECT_EQ(dnnl.gradBias.numel(), gemm.gradBias.numel());
  if (gemm.gradBias.numel() > 0) EXPECT_TRUE(backendsAgree(dnnl.gradBias, gemm.gradBias)) << "gradBias";
}

/// tests/fixtures/conformance/conv_<name>.txt (gen_conformance.py): the layer's options, weights and data.
struct FixtureCase {
  Config config;
  Tensor<float> weight, bias, input, gradOutput;
};

FixtureCase loadFixture(const std::string& name) {
  const test::Fixture f("conformance/conv_" + name + ".txt");
  auto n = [&](const char* key) { return static_cast<int64_t>(f.scalar(std::string("option.") + key)); };
  FixtureCase c;
  c.config = {n("nInputPlane"), n("nOutputPlane"), n("kernelW"), n("kernelH"), n("strideW"),
              n("strideH"),     n("padW"),         n("padH"),    n("nGroup"),  n("withBias") != 0};
  c.weight = f.get("param.weight").to<float>();
  if (c.config.withBias) c.bias = f.get("param.bias").to<float>();
  c.input = f.get("input").to<float>();
  c.gradOutput = f.get("gradOutput").to<float>();
  return c;
}

Layer fixtureLayer(const FixtureCase& c, ConvBackend backend) {
  Layer layer = makeLayer(c.config, backend);
  layer->weight().copyFrom(c.weight);
  if (c.config.withBias) layer->bias().copyFrom(c.bias);
  return layer;
}

// basic, stride 2 with padding, non-square kernel and stride, 2 groups, 3 groups without bias, a 3-d input
// (one sample), a batch of one, a kernel as large as the padded input and LeNet-5's second convolution.
const char* const kFixtures[] = {"basic",          "stride2_pad1", "nonsquare", "groups2",
                                 "groups3_nobias", "input3d",      "batch1",    "kernel_fills_padded_input",
                                 "lenet"};

TEST_F(DnnlConvolution, FixturesAgreeWithGemm) {
  for (const char* name : kFixtures) {
    SCOPED_TRACE(name);
    const FixtureCase c = loadFixture(name);
    Layer dnnl = fixtureLayer(c, ConvBackend::kDnnl), gemm = fixtureLayer(c, ConvBackend::kGemm);
    expectSame(run(*dnnl, c.input, c.gradOutput), run(*gemm, c.input, c.gradOutput));
  }
}

TEST_F(DnnlConvolution, FixturesAgreeWithGemmWithoutGradInput) {
  for (const char* name : kFixtures) {
    SCOPED_TRACE(name);
    const FixtureCase c = loadFixture(name);
    Layer dnnl = fixtureLayer(c, ConvBackend::kDnnl), gemm = fixtureLayer(c, ConvBackend::kGemm);
    const Results d = run(*dnnl, c.input, c.gradOutput, /*gradInputNeeded=*/false);
    expectSame(d, run(*gemm, c.input, c.gradOutput, false));
    EXPECT_EQ(dnnl->gradInput().toTensor().numel(), 0) << "gradInput was computed although nobody needs it";
  }
}

TEST_F(DnnlConvolution, FixturesAgreeWithGemmOnOneSampleBatches) {
  for (const char* name : kFixtures) {
    SCOPED_TRACE(name);
    const FixtureCase c = loadFixture(name);
    if (c.input.dim() != 4) continue;  // input3d is one sample already
    const Tensor<float> x = c.input.narrow(0, 0, 1).contiguous(),
                        gy = c.gradOutput.narrow(0, 0, 1).contiguous();
    Layer dnnl = fixtureLayer(c, ConvBackend::kDnnl), gemm = fixtureLayer(c, ConvBackend::kGemm);
    expectSame(run(*dnnl, x, gy), run(*gemm, x, gy));
  }
}

TEST_F(DnnlConvolution, BatchSizeChangesBetweenCalls) {
  // The oneDNN primitives are rebuilt for each new shape, including a return to an earlier one.
  const Config c{4, 6, 3, 3, 1, 2, 1, 0, 2, true};
  Layer dnnl = makeLayer(c, ConvBackend::kDnnl), gemm = makeLayer(c, ConvBackend::kGemm);
  uint64_t seed = 20;
  for (int64_t batch : {8, 3, 1, 8, 5}) {
    SCOPED_TRACE("batch " + std::to_string(batch));
    const Tensor<float> x = test::randomTensor({batch, 4, 9, 7}, ++seed).to<float>();
    const Tensor<float> gy = test::randomTensor({batch, 6, 4, 7}, ++seed).to<float>();
    expectSame(run(*dnnl, x, gy), run(*gemm, x, gy));
  }
}

TEST_F(DnnlConvolution, ImageSizeChangesBetweenCalls) {
  const Config c{3, 5, 3, 3, 2, 2, 1, 1, 1, true};
  Layer dnnl = makeLayer(c, ConvBackend::kDnnl), gemm = makeLayer(c, ConvBackend::kGemm);
  uint64_t seed = 40;
  for (int64_t size : {9, 6, 9}) {
    const int64_t out = (size + 2 - 3) / 2 + 1;
    const Tensor<float> x = test::randomTensor({2, 3, size, size}, ++seed).to<float>();
    const Tensor<float> gy = test::randomTensor({2, 5, out, out}, ++seed).to<float>();
    expectSame(run(*dnnl, x, gy), run(*gemm, x, gy));
  }
}

TEST_F(DnnlConvolution, LeNetShapesAtBatch128) {
  // The shapes the kernels were chosen for (docs/performance.md), the first convolution without gradInput as
  // in training. The parameter gradients are float sums of up to 73,728 products, whose rounding depends on
  // the summation order (about 4e-5 relative apart here), so each backend is held to a float64 run instead.
  for (const Config& c :
       {Config{1, 6, 5, 5, 1, 1, 0, 0, 1, true}, Config{6, 12, 5, 5, 1, 1, 0, 0, 1, true}}) {
    SCOPED_TRACE(c.nIn == 1 ? "conv1" : "conv2");
    const int64_t size = c.nIn == 1 ? 28 : 12, out = size - 4;
    const bool gradInputNeeded = c.nIn != 1;
    const Tensor<double> x = test::randomTensor({128, c.nIn, size, size}, 3);
    const Tensor<double> gy = test::randomTensor({128, c.nOut, out, out}, 4);
    SpatialConvolution<double> reference(c.nIn, c.nOut, c.kW, c.kH);
    Layer dnnl = makeLayer(c, ConvBackend::kDnnl), gemm = makeLayer(c, ConvBackend::kGemm);
    reference.weight().copyFrom(dnnl->weight().to<double>());
    reference.bias().copyFrom(dnnl->bias().to<double>());
    reference.setGradInputNeeded(gradInputNeeded);
    reference.forward(x);
    reference.zeroGradParameters();
    reference.backward(x, gy);
    for (Layer* layer : {&dnnl, &gemm}) {
      SCOPED_TRACE(layer == &dnnl ? "dnnl" : "gemm");
      const Results r = run(**layer, x.to<float>(), gy.to<float>(), gradInputNeeded);
      EXPECT_TRUE(test::tensorsClose(r.output, reference.output().toTensor(), 1e-5, 1e-5));
      if (gradInputNeeded)
        EXPECT_TRUE(test::tensorsClose(r.gradInput, reference.gradInput().toTensor(), 1e-5, 1e-5));
      EXPECT_TRUE(test::tensorsClose(r.gradWeight, *reference.parameters()[0].grad, 1e-4, 1e-3));
      EXPECT_TRUE(test::tensorsClose(r.gradBias, *reference.parameters()[1].grad, 1e-4, 1e-3));
    }
  }
}

TEST_F(DnnlConvolution, ParameterGradientsAccumulateAcrossBackwards) {
  const Config c{2, 4, 3, 3, 1, 1, 1, 1, 1, true};
  Layer dnnl = makeLayer(c, ConvBackend::kDnnl), gemm = makeLayer(c, ConvBackend::kGemm);
  const Tensor<float> x = test::randomTensor({3, 2, 5, 5}, 1).to<float>();
  const Tensor<float> gy1 = test::randomTensor({3, 4, 5, 5}, 2).to<float>(),
                      gy2 = test::randomTensor({3, 4, 5, 5}, 3).to<float>();
  for (SpatialConvolution<float>* layer : {dnnl.get(), gemm.get()}) {
    layer->zeroGradParameters();
    layer->forward(x);
    layer->backward(x, gy1);
    layer->backward(x, gy2);
  }
  EXPECT_TRUE(backendsAgree(*dnnl->parameters()[0].grad, *gemm->parameters()[0].grad));
  EXPECT_TRUE(backendsAgree(*dnnl->parameters()[1].grad, *gemm->parameters()[1].grad));
}

TEST_F(DnnlConvolution, GradientOverwrittenInPlaceBetweenBackwardsIsReread) {
  // The weight pass reuses the data pass's reordered gradOutput only within one backward.
  const Config c{2, 4, 3, 3, 1, 1, 0, 0, 1, true};
  Layer dnnl = makeLayer(c, ConvBackend::kDnnl), gemm = makeLayer(c, ConvBackend::kGemm);
  const Tensor<float> x = test::randomTensor({3, 2, 5, 5}, 1).to<float>();
  Tensor<float> gy = test::randomTensor({3, 4, 3, 3}, 2).to<float>();
  dnnl->forward(x);
  dnnl->backward(x, gy);
  gy.copyFrom(test::randomTensor({3, 4, 3, 3}, 5).to<float>());  // same buffer, new values
  dnnl->zeroGradParameters();
  dnnl->backward(x, gy);
  gemm->forward(x);
  gemm->zeroGradParameters();
  gemm->backward(x, gy);
  EXPECT_TRUE(backendsAgree(*dnnl->parameters()[0].grad, *gemm->parameters()[0].grad));
  EXPECT_TRUE(backendsAgree(dnnl->gradInput().toTensor(), gemm->gradInput().toTensor()));
}

TEST_F(DnnlConvolution, NonContiguousInputAndGradOutput) {
  const Config c{3, 4, 3, 3, 1, 1, 1, 1, 1, true};
  Layer dnnl = makeLayer(c, ConvBackend::kDnnl), gemm = makeLayer(c, ConvBackend::kGemm);
  // Transposing H and W gives strided views of the right shapes.
  const Tensor<float> x = test::randomTensor({2, 3, 6, 5}, 1).to<float>().transpose(2, 3);
  const Tensor<float> gy = test::randomTensor({2, 4, 6, 5}, 2).to<float>().transpose(2, 3);
  ASSERT_FALSE(x.isContiguous());
  expectSame(run(*dnnl, x, gy), run(*gemm, x, gy));
}

TEST_F(DnnlConvolution, ThreadCountChangesBetweenCalls) {
  const Config c{6, 12, 5, 5, 1, 1, 0, 0, 1, true};
  Layer dnnl = makeLayer(c, ConvBackend::kDnnl), gemm = makeLayer(c, ConvBackend::kGemm);
  const Tensor<float> x = test::randomTensor({16, 6, 12, 12}, 1).to<float>();
  const Tensor<float> gy = test::randomTensor({16, 12, 8, 8}, 2).to<float>();
  const int before = numThreads();
  for (int threads : {2, 1}) {
    setNumThreads(threads);
    expectSame(run(*dnnl, x, gy), run(*gemm, x, gy));
  }
  setNumThreads(before);
}

TEST_F(DnnlConvolution, DefaultBackendMatchesGemm) {
  // kAuto mixes the kernels pass by pass; the results must not depend on the mix.
  const FixtureCase c = loadFixture("lenet");
  Layer automatic = fixtureLayer(c, ConvBackend::kAuto), gemm = fixtureLayer(c, ConvBackend::kGemm);
  expectSame(run(*automatic, c.input, c.gradOutput), run(*gemm, c.input, c.gradOutput));
  expectSame(run(*automatic, c.input, c.gradOutput, false), run(*gemm, c.input, c.gradOutput, false));
}

TEST(ConvBackendChoice, DoubleRunsGemmOnly) {
  SpatialConvolution<double> layer(1, 2, 3, 3);
  EXPECT_FALSE(SpatialConvolution<double>::backendAvailable(ConvBackend::kDnnl));
  EXPECT_TRUE(SpatialConvolution<double>::backendAvailable(ConvBackend::kGemm));
  EXPECT_THROW(layer.setBackend(ConvBackend::kDnnl), Error);
  layer.setBackend(ConvBackend::kGemm);
  EXPECT_EQ(layer.backend(), ConvBackend::kGemm);
}

TEST(ConvBackendChoice, UnavailableBackendIsAnErrorNamingTheLayer) {
  if (SpatialConvolution<float>::backendAvailable(ConvBackend::kDnnl)) GTEST_SKIP() << "built with oneDNN";
  SpatialConvolution<float> layer(1, 2, 3, 3);
  layer.setName("conv1");
  try {
    layer.setBackend(ConvBackend::kDnnl);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("conv1"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ringdl
